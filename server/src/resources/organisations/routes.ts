/**
 * Organisations: a partnership's directory (list, add one, import a CSV file)
 * and one organisation (read by its members and its partnerships, edited by a
 * partnership manager). Its people: routes/people.ts.
 */
import { eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { z } from 'zod';
import {
  IdSchema,
  ImportResultSchema,
  ImportSchema,
  OrganisationEntrySchema,
  OrganisationInputSchema,
  OrganisationListSchema,
  OrganisationSchema,
  type Organisation,
  type OrganisationEntry,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { audit } from '../../audit';
import { requireOrganisation } from '../../auth/access';
import { organisationPartnerships, organisations } from '../../db/schema';
import { HttpProblem, notFound } from '../../http/problem';
import { jsonBody, pathParams } from '../../http/validate';
import { INVALID, MEDIA, NOT_ALLOWED, describe, file, json } from '../../http/openapi-route';
import { contextOf } from '../context';
import { partnershipAccess } from '../partnerships/access';
import { addOrganisations, updateOrganisation } from './domain';
import { checkImport, importTemplate, previewOf } from './import';

const PartnershipParam = z.object({ pid: IdSchema });
const IdParam = z.object({ id: IdSchema });

type OrganisationRow = typeof organisations.$inferSelect;

/** An organisation as its directory lists it (and as added or edited). */
export function toOrganisationEntry(o: OrganisationRow): OrganisationEntry {
  return {
    id: o.id,
    name: o.name,
    sector: o.sector,
    subType: o.subType,
    usualVariant: o.usualVariant,
    contactName: o.contactName,
    contactEmail: o.contactEmail,
  };
}

/** An organisation with the partnerships it belongs to. */
export function toOrganisation(o: OrganisationRow, partnershipIds: string[]): Organisation {
  return { ...toOrganisationEntry(o), partnershipIds };
}

/** The organisation `id`, if the caller may `need` it (read or manage); else 404 or 403. */
async function organisationFor(c: Context<AppEnv>, id: string, need: 'read' | 'manage') {
  await requireOrganisation(c, id, need);
  const [o] = await c
    .get('deps')
    .database.db.select()
    .from(organisations)
    .where(eq(organisations.id, id));
  if (!o) throw notFound('organisation');
  return o;
}

const SAVED = 'Nothing was imported: a row has a problem, or the file has no organisations';

export function organisationRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/partnerships/:pid/organisations',
      describe({
        operationId: 'listOrganisations',
        summary: "The partnership's organisations, by name",
        tags: ['organisation'],
        responses: { 200: json(OrganisationListSchema, 'The directory') },
      }),
      pathParams(PartnershipParam),
      partnershipAccess('view'),
      async (c) => {
        const { pid } = c.req.valid('param');
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
        return c.json({ organisations: rows.map(({ o }) => toOrganisationEntry(o)) });
      },
    )
    .post(
      '/partnerships/:pid/organisations',
      describe({
        operationId: 'addOrganisation',
        summary: 'Add an organisation to the partnership (manager)',
        tags: ['organisation'],
        responses: {
          201: json(OrganisationEntrySchema, 'Added'),
          403: NOT_ALLOWED,
          422: INVALID,
        },
      }),
      pathParams(PartnershipParam),
      jsonBody(OrganisationInputSchema),
      partnershipAccess('manage'),
      async (c) => {
        const { pid } = c.req.valid('param');
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
        return c.json({ id, ...input } satisfies OrganisationEntry, 201);
      },
    )
    .get(
      '/partnerships/:pid/organisations/template.csv',
      describe({
        operationId: 'downloadOrganisationTemplate',
        summary: 'The organisation import template: its columns and two example rows',
        tags: ['organisation'],
        responses: { 200: file(MEDIA.csv, 'organisations-template.csv') },
      }),
      pathParams(PartnershipParam),
      partnershipAccess('view'),
      (c) => {
        c.header('Content-Disposition', 'attachment; filename="organisations-template.csv"');
        return c.body(importTemplate(), 200, { 'Content-Type': `${MEDIA.csv}; charset=utf-8` });
      },
    )
    .post(
      '/partnerships/:pid/organisations/import',
      describe({
        operationId: 'importOrganisations',
        summary: 'Preview (dryRun) or import organisations from CSV; all or nothing (manager)',
        tags: ['organisation'],
        responses: {
          200: json(ImportResultSchema, 'The preview (dryRun): every row checked, nothing saved'),
          201: json(ImportResultSchema, 'Imported: every row saved'),
          403: NOT_ALLOWED,
          422: `${INVALID}; or the columns are wrong; or (not dryRun) ${SAVED.toLowerCase()}`,
        },
      }),
      pathParams(PartnershipParam),
      jsonBody(ImportSchema),
      partnershipAccess('manage'),
      async (c) => {
        const { pid } = c.req.valid('param');
        const { csv, dryRun } = c.req.valid('json');
        const { rows, headerProblem } = checkImport(csv);
        if (headerProblem)
          throw new HttpProblem(422, 'The file does not have the right columns', headerProblem, [
            { path: 'csv', message: headerProblem },
          ]);
        const { preview, problems, unlisted, unlistedProblems } = previewOf(rows);
        const listing = { total: rows.length, problems, rows: preview, unlisted, unlistedProblems };
        if (dryRun) return c.json({ saved: 0, ...listing }, 200);
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
    .get(
      '/organisations/:id',
      describe({
        operationId: 'getOrganisation',
        summary: 'An organisation and the partnerships it belongs to',
        tags: ['organisation'],
        responses: { 200: json(OrganisationSchema, 'The organisation') },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const o = await organisationFor(c, id, 'read');
        const links = await c
          .get('deps')
          .database.db.select()
          .from(organisationPartnerships)
          .where(eq(organisationPartnerships.organisationId, id));
        return c.json(
          toOrganisation(
            o,
            links.map((l) => l.partnershipId),
          ),
        );
      },
    )
    .put(
      '/organisations/:id',
      describe({
        operationId: 'updateOrganisation',
        summary: "Replace an organisation's details (manager of one of its partnerships)",
        tags: ['organisation'],
        responses: {
          200: json(OrganisationEntrySchema, 'Saved'),
          403: NOT_ALLOWED,
          422: INVALID,
        },
      }),
      pathParams(IdParam),
      jsonBody(OrganisationInputSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        await organisationFor(c, id, 'manage');
        const input = c.req.valid('json');
        await updateOrganisation(contextOf(c), id, input);
        return c.json({ id, ...input } satisfies OrganisationEntry);
      },
    );
}
