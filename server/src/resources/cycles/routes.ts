/**
 * Cycles: a partnership's annual rounds (list, open one with invitations),
 * one cycle, inviting more organisations, and reminders to those that have
 * not submitted. A cycle's returns, roll-up, report and exports are
 * returns/ and reports/.
 */
import { and, desc, eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CATALOGUE_VERSION,
  CycleInputSchema,
  CycleInvitationsSchema,
  CycleInvitedSchema,
  CycleListSchema,
  CycleOpenedSchema,
  CycleSchema,
  IdSchema,
  ReminderListSchema,
  RemindersSentSchema,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { audit } from '../../audit';
import { organisationIdsOf, requirePartnership, requirePrincipal } from '../../auth/access';
import { cycles, returns } from '../../db/schema';
import { notFound } from '../../http/problem';
import { INVALID, NOT_ALLOWED, describe, json } from '../../http/openapi-route';
import { jsonBody, pathParams } from '../../http/validate';
import { withWriteLock } from '../../sync/write-lock';
import { contextOf } from '../context';
import { checkInvitations, inviteToCycle } from './invite';
import { partnershipAccess } from '../partnerships/access';
import { cycleFor, toCycle } from './load';
import { reminderDeliveries, sendReminders } from './reminders';

const PartnershipParam = z.object({ pid: IdSchema });
const IdParam = z.object({ id: IdSchema });

export function cycleRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/partnerships/:pid/cycles',
      describe({
        operationId: 'listCycles',
        summary: "The partnership's audit cycles, newest first",
        tags: ['cycle'],
        responses: { 200: json(CycleListSchema, 'The cycles') },
      }),
      pathParams(PartnershipParam),
      partnershipAccess('view'),
      async (c) => {
        const { pid } = c.req.valid('param');
        const rows = await c
          .get('deps')
          .database.db.select()
          .from(cycles)
          .where(eq(cycles.partnershipId, pid))
          .orderBy(desc(cycles.opensOn));
        return c.json({ cycles: rows.map(toCycle) });
      },
    )
    .post(
      '/partnerships/:pid/cycles',
      describe({
        operationId: 'openCycle',
        summary: 'Open a cycle and invite organisations to it (manager)',
        tags: ['cycle'],
        responses: {
          201: json(CycleOpenedSchema, 'Opened: the cycle and how many organisations were invited'),
          403: NOT_ALLOWED,
          422: `${INVALID}; or an invited organisation is not the partnership's`,
        },
      }),
      pathParams(PartnershipParam),
      jsonBody(CycleInputSchema),
      partnershipAccess('manage'),
      async (c) => {
        const { pid } = c.req.valid('param');
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
        return c.json({ ...toCycle(cycle), invited }, 201);
      },
    )
    .get(
      '/cycles/:id',
      describe({
        operationId: 'getCycle',
        summary: 'A cycle (its partnership, and the organisations invited to it)',
        tags: ['cycle'],
        responses: { 200: json(CycleSchema, 'The cycle') },
      }),
      pathParams(IdParam),
      async (c) => {
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
        return c.json(toCycle(cycle));
      },
    )
    .post(
      '/cycles/:id/invitations',
      describe({
        operationId: 'inviteToCycle',
        summary: 'Invite more organisations to a cycle (manager)',
        tags: ['cycle'],
        responses: {
          201: json(CycleInvitedSchema, 'How many organisations were newly invited'),
          403: NOT_ALLOWED,
          422: `${INVALID}; or an invited organisation is not the partnership's`,
        },
      }),
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
    .post(
      '/cycles/:id/reminders',
      describe({
        operationId: 'sendReminders',
        summary:
          'Queue reminders to the organisations that have not submitted: emails queued, organisations with no address (manager)',
        tags: ['cycle'],
        responses: { 200: json(RemindersSentSchema, 'What was queued'), 403: NOT_ALLOWED },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const cycle = await cycleFor(c, id, 'manage');
        const { outbox } = c.get('deps');
        return c.json(await sendReminders(contextOf(c), outbox, id, cycle.partnershipId));
      },
    )
    .get(
      '/cycles/:id/reminders',
      describe({
        operationId: 'listReminders',
        summary: 'Each reminder email of a cycle and its delivery, newest first (manager)',
        tags: ['cycle'],
        responses: { 200: json(ReminderListSchema, 'The reminders'), 403: NOT_ALLOWED },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        await cycleFor(c, id, 'manage');
        return c.json({ reminders: await reminderDeliveries(c.get('deps').database.db, id) });
      },
    );
}
