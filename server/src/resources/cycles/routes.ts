/**
 * Cycles: a partnership's annual rounds (list, open one with invitations),
 * one cycle, inviting more organisations, and reminders to those that have
 * not submitted. A cycle's returns, roll-up, report and exports are
 * returns/ and reports/.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { CATALOGUE_VERSION, CycleInputSchema, IdSchema, VariantSchema } from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { audit } from '../../audit';
import { organisationIdsOf, requirePartnership, requirePrincipal } from '../../auth/access';
import { cycles, returns } from '../../db/schema';
import { notFound } from '../../http/problem';
import { jsonBody, pathParams } from '../../http/validate';
import { withWriteLock } from '../../sync/write-lock';
import { contextOf } from '../context';
import { checkInvitations, inviteToCycle } from './invite';
import { cycleFor } from './load';
import { reminderDeliveries, sendReminders } from './reminders';

const PartnershipParam = z.object({ pid: IdSchema });
const IdParam = z.object({ id: IdSchema });

const CycleInvitationsSchema = z.strictObject({
  invitations: z
    .array(z.strictObject({ organisationId: IdSchema, variant: VariantSchema.optional() }))
    .min(1)
    .max(5_000),
});

export function cycleRoutes() {
  return new Hono<AppEnv>()
    .get('/partnerships/:pid/cycles', pathParams(PartnershipParam), async (c) => {
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
    .post(
      '/partnerships/:pid/cycles',
      pathParams(PartnershipParam),
      jsonBody(CycleInputSchema),
      async (c) => {
        const { pid } = c.req.valid('param');
        await requirePartnership(c, pid, 'manage');
        const input = c.req.valid('json');
        const db = c.get('deps').database.db;
        const checked = await checkInvitations(db, pid, input.invitations);
        const cycle = {
          id: crypto.randomUUID(),
          partnershipId: pid,
          name: input.name,
          opensOn: input.opensOn,
          dueOn: input.dueOn,
          catalogueVersion: CATALOGUE_VERSION,
        };
        const invited = await withWriteLock(db, async (l) => {
          await l.tx.insert(cycles).values(cycle);
          return inviteToCycle(l, cycle, input.invitations, checked);
        });
        await audit(c, {
          action: 'cycle_opened',
          entity: 'cycle',
          entityId: cycle.id,
          partnershipId: pid,
          detail: { invited },
        });
        return c.json({ ...cycle, invited }, 201);
      },
    )
    .get('/cycles/:id', pathParams(IdParam), async (c) => {
      const p = requirePrincipal(c);
      const { id } = c.req.valid('param');
      const db = c.get('deps').database.db;
      const [cycle] = await db.select().from(cycles).where(eq(cycles.id, id)).limit(1);
      if (!cycle) throw notFound('cycle');
      // An organisation invited to the cycle may read it, as its partnership may.
      const orgIds = organisationIdsOf(p);
      const invited = orgIds.length
        ? await db
            .select({ id: returns.id })
            .from(returns)
            .where(and(eq(returns.cycleId, id), inArray(returns.organisationId, orgIds)))
            .limit(1)
        : [];
      if (invited.length === 0)
        await requirePartnership(c, cycle.partnershipId, 'view', { what: 'cycle', id });
      return c.json({
        id: cycle.id,
        partnershipId: cycle.partnershipId,
        name: cycle.name,
        opensOn: cycle.opensOn,
        dueOn: cycle.dueOn,
        catalogueVersion: cycle.catalogueVersion,
      });
    })
    .post(
      '/cycles/:id/invitations',
      pathParams(IdParam),
      jsonBody(CycleInvitationsSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        const cycle = await cycleFor(c, id, 'manage');
        const { invitations } = c.req.valid('json');
        const db = c.get('deps').database.db;
        const checked = await checkInvitations(db, cycle.partnershipId, invitations);
        const invited = await withWriteLock(db, (l) =>
          inviteToCycle(l, cycle, invitations, checked),
        );
        await audit(c, {
          action: 'organisation_invited',
          entity: 'cycle',
          entityId: id,
          partnershipId: cycle.partnershipId,
          detail: { invited },
        });
        return c.json({ invited }, 201);
      },
    )
    .post('/cycles/:id/reminders', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const cycle = await cycleFor(c, id, 'manage');
      const { outbox } = c.get('deps');
      return c.json(await sendReminders(contextOf(c), outbox, id, cycle.partnershipId));
    })
    .get('/cycles/:id/reminders', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await cycleFor(c, id, 'manage');
      return c.json({ reminders: await reminderDeliveries(c.get('deps').database.db, id) });
    });
}
