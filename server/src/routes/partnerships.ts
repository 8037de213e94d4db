/**
 * A partnership's own resources: its details, organisations, cycles,
 * development mailbox. Invitations: routes/invitations.ts; people and the
 * audit log: routes/people.ts.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CATALOGUE_VERSION,
  CycleInputSchema,
  IdSchema,
  OrganisationInputSchema,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import { requirePartnership } from '../auth/access';
import {
  cycles,
  mailbox,
  organisationPartnerships,
  organisations,
  partnerships,
  returns,
} from '../db/schema';
import { HttpProblem, notFound } from '../http/problem';
import { jsonBody, pathParams } from '../http/validate';
import { withWriteLock } from '../sync/write-lock';

const PartnershipParam = z.object({ pid: IdSchema });

export function partnershipRoutes() {
  return (
    new Hono<AppEnv>()
      .get('/:pid', pathParams(PartnershipParam), async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'view');
        const [row] = await c
          .get('deps')
          .database.db.select()
          .from(partnerships)
          .where(eq(partnerships.id, pid));
        if (!row) throw notFound('partnership');
        return c.json({ id: row.id, name: row.name, shortName: row.shortName });
      })

      // ------------------------------------------------------ organisations
      .get('/:pid/organisations', pathParams(PartnershipParam), async (c) => {
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
        '/:pid/organisations',
        pathParams(PartnershipParam),
        jsonBody(OrganisationInputSchema),
        async (c) => {
          const { pid } = c.req.valid('param');
          await requirePartnership(c, pid, 'manage');
          const input = c.req.valid('json');
          const id = crypto.randomUUID();
          const db = c.get('deps').database.db;
          await db.transaction(async (tx) => {
            await tx.insert(organisations).values({ id, ...input });
            await tx
              .insert(organisationPartnerships)
              .values({ organisationId: id, partnershipId: pid });
          });
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

      // ------------------------------------------------------------- cycles
      .get('/:pid/cycles', pathParams(PartnershipParam), async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'view');
        const rows = await c
          .get('deps')
          .database.db.select()
          .from(cycles)
          .where(eq(cycles.partnershipId, pid))
          .orderBy(desc(cycles.opensOn));
        return c.json({
          cycles: rows.map((r) => ({
            id: r.id,
            partnershipId: r.partnershipId,
            name: r.name,
            opensOn: r.opensOn,
            dueOn: r.dueOn,
            catalogueVersion: r.catalogueVersion,
          })),
        });
      })
      .post('/:pid/cycles', pathParams(PartnershipParam), jsonBody(CycleInputSchema), async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const input = c.req.valid('json');
        const db = c.get('deps').database.db;
        const orgIds = [...new Set(input.invitations.map((i) => i.organisationId))];
        const members = orgIds.length
          ? await db
              .select({ o: organisations })
              .from(organisations)
              .innerJoin(
                organisationPartnerships,
                eq(organisationPartnerships.organisationId, organisations.id),
              )
              .where(
                and(
                  eq(organisationPartnerships.partnershipId, pid),
                  inArray(organisations.id, orgIds),
                ),
              )
          : [];
        const known = new Map(members.map(({ o }) => [o.id, o]));
        const unknown = input.invitations
          .map((inv, i) => ({ inv, i }))
          .filter(({ inv }) => !known.has(inv.organisationId));
        if (unknown.length) {
          throw new HttpProblem(
            422,
            'Some organisations cannot be invited',
            'Only organisations in this partnership can be invited.',
            unknown.map(({ i }) => ({
              path: `invitations.${String(i)}.organisationId`,
              message: 'Not an organisation of this partnership',
            })),
          );
        }
        const id = crypto.randomUUID();
        await withWriteLock(db, async (l) => {
          const seq = await l.nextSeq();
          await l.tx.insert(cycles).values({
            id,
            partnershipId: pid,
            name: input.name,
            opensOn: input.opensOn,
            dueOn: input.dueOn,
            catalogueVersion: CATALOGUE_VERSION,
          });
          const seen = new Set<string>();
          const rows = input.invitations.flatMap((inv) => {
            if (seen.has(inv.organisationId)) return [];
            seen.add(inv.organisationId);
            const org = known.get(inv.organisationId);
            return [
              {
                id: crypto.randomUUID(),
                cycleId: id,
                organisationId: inv.organisationId,
                variant: inv.variant ?? org?.usualVariant ?? 'full',
                status: 'not_started',
                catalogueVersion: CATALOGUE_VERSION,
                seq,
              },
            ];
          });
          for (let i = 0; i < rows.length; i += 500)
            await l.tx.insert(returns).values(rows.slice(i, i + 500));
        });
        await audit(c, {
          action: 'cycle_opened',
          entity: 'cycle',
          entityId: id,
          partnershipId: pid,
          detail: { invited: orgIds.length },
        });
        return c.json(
          {
            id,
            partnershipId: pid,
            name: input.name,
            opensOn: input.opensOn,
            dueOn: input.dueOn,
            catalogueVersion: CATALOGUE_VERSION,
            invited: orgIds.length,
          },
          201,
        );
      })

      // ------------------------------------------------ mailbox (development)
      .get('/:pid/mailbox', pathParams(PartnershipParam), async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        // The development mailbox does not exist in production.
        if (c.get('deps').config.NODE_ENV === 'production') throw notFound('mailbox');
        const rows = await c
          .get('deps')
          .database.db.select()
          .from(mailbox)
          .where(eq(mailbox.partnershipId, pid))
          .orderBy(desc(mailbox.createdAt))
          .limit(200);
        return c.json({
          mail: rows.map((m) => ({
            id: m.id,
            to: m.to,
            subject: m.subject,
            body: m.body,
            createdAt: m.createdAt.toISOString(),
          })),
        });
      })
  );
}
