/**
 * Starting a return from the organisation's last one to the same partnership:
 * the answers and open actions are copied, the ratings left to confirm.
 */
import { and, desc, eq, inArray, ne } from 'drizzle-orm';
import { RETURNED_STATUSES, canCarryForward, nextStatus, type ReturnStatus } from '@s11/shared';
import { actions, cycles, returns, standardResponses } from '../../db/schema';
import { conflict, notFound } from '../../http/problem';
import { standardFieldsOf, toAction } from '../../sync/records';
import { writeFields } from '../../sync/write-fields';
import { withWriteLock } from '../../sync/write-lock';
import { auditIn, type DomainContext } from '../context';

export interface CarryTarget {
  id: string;
  status: string;
  organisationId: string;
  partnershipId: string;
}

export async function carryForward(ctx: DomainContext, target: CarryTarget): Promise<void> {
  const { id } = target;
  if (!canCarryForward(target.status as ReturnStatus))
    throw conflict('You can only start from last cycle’s return before you have started this one.');
  const db = ctx.tx;
  const [prev] = await db
    .select({ r: returns })
    .from(returns)
    .innerJoin(cycles, eq(cycles.id, returns.cycleId))
    .where(
      and(
        eq(returns.organisationId, target.organisationId),
        // Only a return made to this partnership: answers written for
        // another partnership are not copied into this one.
        eq(cycles.partnershipId, target.partnershipId),
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
        status: nextStatus(target.status as ReturnStatus, 'carry_forward') ?? 'in_progress',
        carriedFromId: prev.r.id,
        seq,
        updatedAt: ctx.now,
      })
      .where(eq(returns.id, id));
  });
  await auditIn(ctx, {
    action: 'return_carried_forward',
    entity: 'return',
    entityId: id,
    organisationId: target.organisationId,
    partnershipId: target.partnershipId,
    detail: { from: prev.r.id, standards: stds.length, actions: acts.length },
  });
}
