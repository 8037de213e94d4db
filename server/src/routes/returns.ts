/**
 * Cycles and returns: what an organisation fills in, and what the partnership
 * reads, moderates, returns for changes or accepts.
 */
import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import {
  IdSchema,
  LIMITS,
  ModerationInputSchema,
  StandardNumberSchema,
  RETURNED_STATUSES,
  VariantSchema,
  canCarryForward,
  canModerate,
  nextStatus,
  returnCompleteness,
  multilineText,
  type ReturnStatus,
  type StandardFields,
  type StandardNumber,
  type Variant,
} from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import {
  organisationIdsOf,
  requirePartnership,
  requirePrincipal,
  requireReturn,
} from '../auth/access';
import type { Db } from '../db/client';
import {
  actions,
  cycles,
  moderations,
  organisationPartnerships,
  organisations,
  returns,
  standardResponses,
  users,
} from '../db/schema';
import { HttpProblem, conflict, notFound } from '../http/problem';
import { jsonBody, pathParams } from '../http/validate';
import {
  standardFieldsOf,
  toAction,
  toModeration,
  toReturn,
  toStandardResponse,
} from '../sync/records';
import { writeFields } from '../sync/write-fields';
import { withWriteLock } from '../sync/write-lock';
import { rollupForCycle } from '../reports/rollup-query';
import { limitWork } from '../auth/rate-limit';

const IdParam = z.object({ id: IdSchema });
const ModerationParam = z.object({
  id: IdSchema,
  standard: z.coerce.number().pipe(StandardNumberSchema),
});

export const StatusChangeSchema = z.strictObject({
  status: z.enum(['returned_for_changes', 'accepted']),
  message: multilineText(LIMITS.note).default(''),
});

const CycleInvitationsSchema = z.strictObject({
  invitations: z
    .array(z.strictObject({ organisationId: IdSchema, variant: VariantSchema.optional() }))
    .min(1)
    .max(5_000),
});

async function loadCycle(db: Db, id: string) {
  const [cycle] = await db.select().from(cycles).where(eq(cycles.id, id)).limit(1);
  if (!cycle) throw notFound('cycle');
  return cycle;
}

/** The whole return, as the organisation and the partnership both read it. */
async function fullReturn(db: Db, returnId: string) {
  const [ret] = await db.select().from(returns).where(eq(returns.id, returnId));
  if (!ret) throw notFound('return');
  const [stds, acts, mods, [cycle], [org]] = await Promise.all([
    db
      .select()
      .from(standardResponses)
      .where(eq(standardResponses.returnId, returnId))
      .orderBy(asc(standardResponses.standard)),
    db
      .select()
      .from(actions)
      .where(and(eq(actions.returnId, returnId), eq(actions.deleted, false))),
    db
      .select({ m: moderations, name: users.name })
      .from(moderations)
      .innerJoin(users, eq(users.id, moderations.moderatedBy))
      .where(eq(moderations.returnId, returnId)),
    db.select().from(cycles).where(eq(cycles.id, ret.cycleId)),
    db.select().from(organisations).where(eq(organisations.id, ret.organisationId)),
  ]);
  const byNumber = Object.fromEntries(
    stds.map((s) => [s.standard, standardFieldsOf(s)]),
  ) as Partial<Record<StandardNumber, StandardFields>>;
  return {
    return: toReturn(ret),
    statusMessage: ret.statusMessage,
    updatedAt: ret.updatedAt.toISOString(),
    cycle: cycle
      ? {
          id: cycle.id,
          name: cycle.name,
          opensOn: cycle.opensOn,
          dueOn: cycle.dueOn,
          partnershipId: cycle.partnershipId,
        }
      : null,
    organisation: org
      ? { id: org.id, name: org.name, sector: org.sector, subType: org.subType }
      : null,
    standards: stds.map(toStandardResponse),
    actions: acts.map(toAction),
    moderations: mods.map((x) => toModeration(x.m, x.name)),
    completeness: returnCompleteness(
      ret.variant as Variant,
      byNumber,
      acts.map((a) => ({ standard: a.standard as StandardNumber, what: a.what })),
    ),
  };
}

export function cycleRoutes() {
  return new Hono<AppEnv>()
    .get('/:id', pathParams(IdParam), async (c) => {
      const p = requirePrincipal(c);
      const { id } = c.req.valid('param');
      const db = c.get('deps').database.db;
      const cycle = await loadCycle(db, id);
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
    .get('/:id/returns', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('deps').database.db;
      const cycle = await loadCycle(db, id);
      await requirePartnership(c, cycle.partnershipId, 'view', { what: 'cycle', id });
      const rows = await db
        .select({ r: returns, o: organisations })
        .from(returns)
        .innerJoin(organisations, eq(organisations.id, returns.organisationId))
        .where(eq(returns.cycleId, id))
        .orderBy(asc(organisations.name));
      return c.json({
        returns: rows.map(({ r, o }) => ({
          id: r.id,
          organisationId: o.id,
          organisationName: o.name,
          sector: o.sector,
          subType: o.subType,
          variant: r.variant,
          status: r.status,
          updatedAt: r.updatedAt.toISOString(),
        })),
      });
    })
    .post('/:id/invitations', pathParams(IdParam), jsonBody(CycleInvitationsSchema), async (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('deps').database.db;
      const cycle = await loadCycle(db, id);
      await requirePartnership(c, cycle.partnershipId, 'manage', { what: 'cycle', id });
      const { invitations } = c.req.valid('json');
      const ids = [...new Set(invitations.map((i) => i.organisationId))];
      const members = await db
        .select({ o: organisations })
        .from(organisations)
        .innerJoin(
          organisationPartnerships,
          eq(organisationPartnerships.organisationId, organisations.id),
        )
        .where(
          and(
            eq(organisationPartnerships.partnershipId, cycle.partnershipId),
            inArray(organisations.id, ids),
          ),
        );
      const known = new Map(members.map(({ o }) => [o.id, o]));
      const bad = invitations
        .map((inv, i) => ({ inv, i }))
        .filter(({ inv }) => !known.has(inv.organisationId));
      if (bad.length) {
        throw new HttpProblem(
          422,
          'Some organisations cannot be invited',
          undefined,
          bad.map(({ i }) => ({
            path: `invitations.${String(i)}.organisationId`,
            message: 'Not an organisation of this partnership',
          })),
        );
      }
      const created = await withWriteLock(db, async (l) => {
        const existing = await l.tx
          .select({ org: returns.organisationId })
          .from(returns)
          .where(and(eq(returns.cycleId, id), inArray(returns.organisationId, ids)));
        const already = new Set(existing.map((e) => e.org));
        const fresh = invitations.filter(
          (inv, i, all) =>
            !already.has(inv.organisationId) &&
            all.findIndex((x) => x.organisationId === inv.organisationId) === i,
        );
        if (!fresh.length) return 0;
        const seq = await l.nextSeq();
        await l.tx.insert(returns).values(
          fresh.map((inv) => ({
            id: crypto.randomUUID(),
            cycleId: id,
            organisationId: inv.organisationId,
            variant: inv.variant ?? known.get(inv.organisationId)?.usualVariant ?? 'full',
            status: 'not_started',
            catalogueVersion: cycle.catalogueVersion,
            seq,
          })),
        );
        return fresh.length;
      });
      await audit(c, {
        action: 'organisation_invited',
        entity: 'cycle',
        entityId: id,
        partnershipId: cycle.partnershipId,
        detail: { invited: created },
      });
      return c.json({ invited: created }, 201);
    })
    .get('/:id/rollup', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const db = c.get('deps').database.db;
      const cycle = await loadCycle(db, id);
      await requirePartnership(c, cycle.partnershipId, 'view', { what: 'cycle', id });
      await limitWork(c, 'reports');
      return c.json(await rollupForCycle(db, id));
    });
}

export function returnRoutes() {
  return new Hono<AppEnv>()
    .get('/mine', async (c) => {
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
      return c.json({
        returns: rows.map(({ r, cy, o }) => ({
          ...toReturn(r),
          statusMessage: r.statusMessage,
          cycle: {
            id: cy.id,
            name: cy.name,
            opensOn: cy.opensOn,
            dueOn: cy.dueOn,
            partnershipId: cy.partnershipId,
          },
          organisation: { id: o.id, name: o.name, sector: o.sector, subType: o.subType },
        })),
      });
    })
    .get('/:id', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      await requireReturn(c, id, 'read');
      return c.json(await fullReturn(c.get('deps').database.db, id));
    })
    .post('/:id/carry-forward', pathParams(IdParam), async (c) => {
      const { id } = c.req.valid('param');
      const acc = await requireReturn(c, id, 'edit');
      if (!canCarryForward(acc.ret.status as ReturnStatus))
        throw conflict(
          'You can only start from last cycle’s return before you have started this one.',
        );
      const db = c.get('deps').database.db;
      const [prev] = await db
        .select({ r: returns })
        .from(returns)
        .innerJoin(cycles, eq(cycles.id, returns.cycleId))
        .where(
          and(
            eq(returns.organisationId, acc.ret.organisationId),
            // Only a return made to this partnership: answers written for
            // another partnership are not copied into this one.
            eq(cycles.partnershipId, acc.partnershipId),
            ne(returns.id, id),
            inArray(returns.status, [...RETURNED_STATUSES]),
          ),
        )
        .orderBy(desc(cycles.opensOn))
        .limit(1);
      if (!prev) throw notFound('earlier return to start from');
      const [stds, acts] = await Promise.all([
        db.select().from(standardResponses).where(eq(standardResponses.returnId, prev.r.id)),
        db
          .select()
          .from(actions)
          .where(
            and(
              eq(actions.returnId, prev.r.id),
              eq(actions.deleted, false),
              ne(actions.status, 'done'),
            ),
          ),
      ]);
      await withWriteLock(db, async (l) => {
        const seq = await l.nextSeq();
        for (const s of stds) {
          // Answers are copied; ratings are left for the organisation to confirm.
          await writeFields(l.tx, {
            kind: 'standard',
            returnId: id,
            standard: s.standard,
            fields: { ...standardFieldsOf(s), rag: null, ragReason: '', completed: false },
            seq,
          });
        }
        for (const a of acts) {
          const { fields } = toAction(a);
          await writeFields(l.tx, {
            kind: 'new_action',
            id: crypto.randomUUID(),
            returnId: id,
            fields,
            seq,
          });
        }
        await l.tx
          .update(returns)
          .set({
            status: nextStatus(acc.ret.status as ReturnStatus, 'carry_forward') ?? 'in_progress',
            carriedFromId: prev.r.id,
            seq,
            updatedAt: c.get('deps').now(),
          })
          .where(eq(returns.id, id));
      });
      await audit(c, {
        action: 'return_carried_forward',
        entity: 'return',
        entityId: id,
        organisationId: acc.ret.organisationId,
        partnershipId: acc.partnershipId,
        detail: { from: prev.r.id, standards: stds.length, actions: acts.length },
      });
      return c.json(await fullReturn(db, id));
    })
    .post('/:id/status', pathParams(IdParam), jsonBody(StatusChangeSchema), async (c) => {
      const { id } = c.req.valid('param');
      const acc = await requireReturn(c, id, 'moderate');
      const { status, message } = c.req.valid('json');
      const from = acc.ret.status as ReturnStatus;
      if (!nextStatus(from, status === 'accepted' ? 'accept' : 'return_for_changes'))
        throw conflict(
          `A return that is ${from.replaceAll('_', ' ')} cannot be ${status === 'accepted' ? 'accepted' : 'returned for changes'}.`,
        );
      if (status === 'returned_for_changes' && message.trim() === '') {
        throw new HttpProblem(422, 'Some answers need correcting', undefined, [
          { path: 'message', message: 'Tell the organisation what to change' },
        ]);
      }
      const db = c.get('deps').database.db;
      await withWriteLock(db, async (l) => {
        const seq = await l.nextSeq();
        await l.tx
          .update(returns)
          .set({ status, statusMessage: message, seq, updatedAt: c.get('deps').now() })
          .where(eq(returns.id, id));
      });
      await audit(c, {
        action: 'return_status_changed',
        entity: 'return',
        entityId: id,
        organisationId: acc.ret.organisationId,
        partnershipId: acc.partnershipId,
        detail: { from, to: status },
      });
      return c.json(await fullReturn(db, id));
    })
    .put(
      '/:id/moderation/:standard',
      pathParams(ModerationParam),
      jsonBody(ModerationInputSchema),
      async (c) => {
        const { id, standard } = c.req.valid('param');
        const acc = await requireReturn(c, id, 'moderate');
        if (!canModerate(acc.ret.status as ReturnStatus)) {
          throw conflict('A return can be moderated once it has been submitted.');
        }
        const input = c.req.valid('json');
        const db = c.get('deps').database.db;
        const now = c.get('deps').now();
        await withWriteLock(db, async (l) => {
          const seq = await l.nextSeq();
          const values = {
            rag: input.rag,
            comment: input.comment,
            moderatedBy: acc.principal.userId,
            moderatedAt: now,
            seq,
          };
          await l.tx
            .insert(moderations)
            .values({ returnId: id, standard, ...values })
            .onConflictDoUpdate({
              target: [moderations.returnId, moderations.standard],
              set: values,
            });
        });
        await audit(c, {
          action: 'moderation_recorded',
          entity: 'moderation',
          entityId: `${id}/${String(standard)}`,
          organisationId: acc.ret.organisationId,
          partnershipId: acc.partnershipId,
          detail: { fields: ['rag', 'comment'] },
        });
        const [row] = await db
          .select()
          .from(moderations)
          .where(and(eq(moderations.returnId, id), eq(moderations.standard, standard)));
        if (!row) throw notFound('moderation');
        return c.json(toModeration(row, acc.principal.name));
      },
    );
}
