/**
 * Organisations: a partnership's directory (list, add one, import a CSV file)
 * and one organisation (read by its members and its partnerships, edited by a
 * partnership manager). Its people: routes/people.ts.
 */
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { IdSchema, OrganisationInputSchema } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { audit } from '../../audit';
import { requireOrganisation, requirePartnership } from '../../auth/access';
import { organisationPartnerships, organisations } from '../../db/schema';
import { HttpProblem, notFound } from '../../http/problem';
import { jsonBody, pathParams } from '../../http/validate';
import { contextOf } from '../context';
import { addOrganisations, updateOrganisation } from './domain';
import { ImportSchema, checkImport, importTemplate, previewOf } from './import';

const PartnershipParam = z.object({ pid: IdSchema });
const IdParam = z.object({ id: IdSchema });

export function organisationRoutes() {
  return new Hono<AppEnv>()
    .get('/partnerships/:pid/organisations', pathParams(PartnershipParam), async (c) => {
      const { pid } = c.req.valid('param');
      await requirePartnership(c, pid, 'view');
      const rows = await c
        .get('deps')
        .database.db.select({ o: organisations })
        .from(organisations)
        .innerJoin(
          organisationPartnerships,
          eq(organisationPartnerships.organisationId, organisations.id),
        )
        .where(eq(organisationPartnerships.partnershipId, pid))
        .orderBy(organisations.name);
      return c.json({
        organisations: rows.map(({ o }) => ({
          id: o.id,
          name: o.name,
          sector: o.sector,
          subType: o.subType,
          usualVariant: o.usualVariant,
          contactName: o.contactName,
          contactEmail: o.contactEmail,
        })),
      });
    })
    .post(
      '/partnerships/:pid/organisations',
      pathParams(PartnershipParam),
      jsonBody(OrganisationInputSchema),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const input = c.req.valid('json');
        const [id = ''] = await addOrganisations(contextOf(c), pid, [input]);
        await audit(c, {
          action: 'organisation_created',
          entity: 'organisation',
          entityId: id,
          partnershipId: pid,
          organisationId: id,
          detail: { fields: Object.keys(input) },
        });
        return c.json({ id, ...input }, 201);
      },
    )
    .get(
      '/partnerships/:pid/organisations/template.csv',
      pathParams(PartnershipParam),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'view');
        c.header('Content-Disposition', 'attachment; filename="organisations-template.csv"');
        return c.body(importTemplate(), 200, { 'Content-Type': 'text/csv; charset=utf-8' });
      },
    )
    .post(
      '/partnerships/:pid/organisations/import',
      pathParams(PartnershipParam),
      jsonBody(ImportSchema),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const { csv, dryRun } = c.req.valid('json');
        const { rows, headerProblem } = checkImport(csv);
        if (headerProblem)
          throw new HttpProblem(422, 'The file does not have the right columns', headerProblem, [
            { path: 'csv', message: headerProblem },
          ]);
        const { preview, problems, unlisted, unlistedProblems } = previewOf(rows);
        const listing = { total: rows.length, problems, rows: preview, unlisted, unlistedProblems };
        if (dryRun) return c.json({ saved: 0, ...listing });
        if (problems > 0 || rows.length === 0) {
          // Nothing half-imported: a file with any problem saves nothing.
          throw new HttpProblem(
            422,
            'Nothing was imported',
            rows.length
              ? `${String(problems)} row(s) have problems. Fix them and import again.`
              : 'The file has no organisations.',
            [
              ...preview
                .filter((r) => r.problems.length)
                .map((r) => ({ path: `line ${String(r.line)}`, message: r.problems.join('; ') })),
              ...(unlistedProblems
                ? [
                    {
                      path: 'csv',
                      message: `and ${String(unlistedProblems)} more row(s) with problems`,
                    },
                  ]
                : []),
            ],
          );
        }
        await addOrganisations(
          contextOf(c),
          pid,
          rows.flatMap((r) => (r.organisation ? [r.organisation] : [])),
        );
        await audit(c, {
          action: 'organisation_created',
          entity: 'import',
          partnershipId: pid,
          detail: { rows: rows.length },
        });
        return c.json({ saved: rows.length, ...listing }, 201);
      },
    )
    .get('/organisations/:id', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await requireOrganisation(c, id, 'read');
      const db = c.get('deps').database.db;
      const [o] = await db.select().from(organisations).where(eq(organisations.id, id));
      if (!o) throw notFound('organisation');
      const links = await db
        .select()
        .from(organisationPartnerships)
        .where(eq(organisationPartnerships.organisationId, id));
      return c.json({
        id: o.id,
        name: o.name,
        sector: o.sector,
        subType: o.subType,
        usualVariant: o.usualVariant,
        contactName: o.contactName,
        contactEmail: o.contactEmail,
        partnershipIds: links.map((l) => l.partnershipId),
      });
    })
    .put(
      '/organisations/:id',
      pathParams(IdParam),
      jsonBody(OrganisationInputSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        await requireOrganisation(c, id, 'manage');
        const input = c.req.valid('json');
        await updateOrganisation(contextOf(c), id, input);
        return c.json({ id, ...input });
      },
    );
}
