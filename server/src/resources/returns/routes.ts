/**
 * Returns: an organisation's own (`/returns/mine`), a cycle's tracker list,
 * one whole return, starting from last cycle's, and what the partnership does
 * with it (status changes, moderation).
 */
import { and, asc, count, desc, eq, inArray, max, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  CycleReturnsSchema,
  FullReturnSchema,
  IdSchema,
  ModerationInputSchema,
  ModerationSchema,
  MyReturnsSchema,
  StandardNumberSchema,
  StatusChangeSchema,
} from '@s11/shared';
import type { AppEnv } from '../../app-env';
import { organisationIdsOf, requirePrincipal, requireReturn } from '../../auth/access';
import { cycles, mailOutbox, organisations, returns, standardResponses } from '../../db/schema';
import { INVALID, NOT_ALLOWED, describe, json } from '../../http/openapi-route';
import { jsonBody, pathParams } from '../../http/validate';
import { toModeration } from '../../sync/records';
import { contextOf } from '../context';
import { cycleFor } from '../cycles/load';
import { carryForward } from './carry-forward';
import { fullReturn, toPulledReturn, toTrackedReturn } from './full-return';
import { changeStatus, moderate } from './moderation';

const IdParam = z.object({ id: IdSchema });
const ModerationParam = z.object({
  id: IdSchema,
  standard: z.coerce.number().pipe(StandardNumberSchema),
});

const NOT_NOW = "Not possible in the return's current state (see RETURN_LIFECYCLE)";

export function returnRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/returns/mine',
      describe({
        operationId: 'listMyReturns',
        summary: "The signed-in person's organisations' returns, newest cycle first",
        tags: ['return'],
        responses: { 200: json(MyReturnsSchema, 'The returns (none for partnership staff)') },
      }),
      async (c) => {
        const p = requirePrincipal(c);
        const orgIds = organisationIdsOf(p);
        if (!orgIds.length) return c.json({ returns: [] });
        const rows = await c
          .get('deps')
          .database.db.select({ r: returns, cy: cycles, o: organisations })
          .from(returns)
          .innerJoin(cycles, eq(cycles.id, returns.cycleId))
          .innerJoin(organisations, eq(organisations.id, returns.organisationId))
          .where(inArray(returns.organisationId, orgIds))
          .orderBy(desc(cycles.opensOn));
        return c.json({ returns: rows.map(({ r, cy, o }) => toPulledReturn(r, cy, o)) });
      },
    )
    .get(
      '/cycles/:id/returns',
      describe({
        operationId: 'listCycleReturns',
        summary: "A cycle's returns with their status, by organisation (manager, viewer)",
        tags: ['return'],
        responses: { 200: json(CycleReturnsSchema, 'The tracker') },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        await cycleFor(c, id, 'view');
        const db = c.get('deps').database.db;
        // Three set-wise reads, however many organisations: the rows, each
        // return's completed standards, and its last reminder.
        const [rows, done, reminded] = await Promise.all([
          db
            .select({ r: returns, o: organisations })
            .from(returns)
            .innerJoin(organisations, eq(organisations.id, returns.organisationId))
            .where(eq(returns.cycleId, id))
            .orderBy(asc(organisations.name)),
          db
            .select({ returnId: standardResponses.returnId, n: count() })
            .from(standardResponses)
            .innerJoin(returns, eq(returns.id, standardResponses.returnId))
            .where(and(eq(returns.cycleId, id), eq(standardResponses.completed, true)))
            .groupBy(standardResponses.returnId),
          db
            .select({ returnId: returns.id, at: max(mailOutbox.createdAt) })
            .from(mailOutbox)
            .innerJoin(returns, sql`${mailOutbox.subjectId} = ${returns.id}::text`)
            .where(and(eq(returns.cycleId, id), eq(mailOutbox.kind, 'reminder')))
            .groupBy(returns.id),
        ]);
        const completed = new Map(done.map((d) => [d.returnId, Number(d.n)]));
        const lastReminder = new Map(reminded.map((m) => [m.returnId, m.at]));
        return c.json({
          returns: rows.map(({ r, o }) =>
            toTrackedReturn(r, o, {
              completedStandards: completed.get(r.id) ?? 0,
              lastRemindedAt: lastReminder.get(r.id) ?? null,
            }),
          ),
        });
      },
    )
    .get(
      '/returns/:id',
      describe({
        operationId: 'getReturn',
        summary: 'A whole return: answers, actions, moderation and what is left to do',
        tags: ['return'],
        responses: { 200: json(FullReturnSchema, 'The return') },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        await requireReturn(c, id, 'read');
        return c.json(await fullReturn(c.get('deps').database.db, id));
      },
    )
    .post(
      '/returns/:id/carry-forward',
      describe({
        operationId: 'carryForwardReturn',
        summary: "Start this return from the organisation's return of the last cycle",
        tags: ['return'],
        responses: {
          200: json(FullReturnSchema, 'The return, filled from the last one'),
          403: NOT_ALLOWED,
          404: 'No such return, or no earlier return of this partnership to start from',
          409: 'This return has already been started',
        },
      }),
      pathParams(IdParam),
      async (c) => {
        const { id } = c.req.valid('param');
        const acc = await requireReturn(c, id, 'edit');
        await carryForward(contextOf(c), { ...acc.ret, partnershipId: acc.partnershipId });
        return c.json(await fullReturn(c.get('deps').database.db, id));
      },
    )
    .post(
      '/returns/:id/status',
      describe({
        operationId: 'changeReturnStatus',
        summary: 'Return a submitted return for changes, or accept it (manager)',
        tags: ['return'],
        responses: {
          200: json(FullReturnSchema, 'The return, in its new status'),
          403: NOT_ALLOWED,
          409: NOT_NOW,
          422: INVALID,
        },
      }),
      pathParams(IdParam),
      jsonBody(StatusChangeSchema),
      async (c) => {
        const { id } = c.req.valid('param');
        const acc = await requireReturn(c, id, 'moderate');
        await changeStatus(
          contextOf(c),
          { ...acc.ret, partnershipId: acc.partnershipId },
          c.req.valid('json'),
        );
        return c.json(await fullReturn(c.get('deps').database.db, id));
      },
    )
    .put(
      '/returns/:id/moderation/:standard',
      describe({
        operationId: 'moderateStandard',
        summary:
          "Record the partnership's rating and comment for one standard of a return (manager)",
        tags: ['return'],
        responses: {
          200: json(ModerationSchema, 'The moderation'),
          403: NOT_ALLOWED,
          409: NOT_NOW,
          422: INVALID,
        },
      }),
      pathParams(ModerationParam),
      jsonBody(ModerationInputSchema),
      async (c) => {
        const { id, standard } = c.req.valid('param');
        const acc = await requireReturn(c, id, 'moderate');
        const row = await moderate(
          contextOf(c),
          { ...acc.ret, partnershipId: acc.partnershipId },
          standard,
          c.req.valid('json'),
        );
        return c.json(toModeration(row, acc.principal.name));
      },
    );
}
