/**
 * What the partnership does with a submitted return: returns it for changes
 * or accepts it, and records a moderated rating per standard.
 */
import { and, eq } from 'drizzle-orm';
import {
  canModerate,
  nextStatus,
  type ModerationInput,
  type ReturnStatus,
  type StandardNumber,
} from '@s11/shared';
import { moderations, returns } from '../../db/schema';
import { HttpProblem, conflict, notFound } from '../../http/problem';
import { withWriteLock } from '../../sync/write-lock';
import { auditIn, type DomainContext } from '../context';

export interface ReturnRef {
  id: string;
  status: string;
  organisationId: string;
  partnershipId: string;
}

export async function changeStatus(
  ctx: DomainContext,
  ret: ReturnRef,
  change: { status: 'returned_for_changes' | 'accepted'; message: string },
): Promise<void> {
  const { status, message } = change;
  const from = ret.status as ReturnStatus;
  if (!nextStatus(from, status === 'accepted' ? 'accept' : 'return_for_changes'))
    throw conflict(
      `A return that is ${from.replaceAll('_', ' ')} cannot be ${status === 'accepted' ? 'accepted' : 'returned for changes'}.`,
    );
  if (status === 'returned_for_changes' && message.trim() === '') {
    throw new HttpProblem(422, 'Some answers need correcting', undefined, [
      { path: 'message', message: 'Tell the organisation what to change' },
    ]);
  }
  await withWriteLock(ctx.tx, async (l) => {
    const seq = await l.nextSeq();
    await l.tx
      .update(returns)
      .set({ status, statusMessage: message, seq, updatedAt: ctx.now })
      .where(eq(returns.id, ret.id));
  });
  await auditIn(ctx, {
    action: 'return_status_changed',
    entity: 'return',
    entityId: ret.id,
    organisationId: ret.organisationId,
    partnershipId: ret.partnershipId,
    detail: { from, to: status },
  });
}

/** Records (or replaces) the partnership's rating of one standard; answers the stored row. */
export async function moderate(
  ctx: DomainContext,
  ret: ReturnRef,
  standard: StandardNumber,
  input: ModerationInput,
) {
  if (!canModerate(ret.status as ReturnStatus)) {
    throw conflict('A return can be moderated once it has been submitted.');
  }
  const moderatedBy = ctx.actor.userId;
  // requireReturn(…, 'moderate') has made sure someone is signed in.
  if (!moderatedBy) throw new Error('moderate() needs a signed-in actor');
  await withWriteLock(ctx.tx, async (l) => {
    const seq = await l.nextSeq();
    const values = {
      rag: input.rag,
      comment: input.comment,
      moderatedBy,
      moderatedAt: ctx.now,
      seq,
    };
    await l.tx
      .insert(moderations)
      .values({ returnId: ret.id, standard, ...values })
      .onConflictDoUpdate({ target: [moderations.returnId, moderations.standard], set: values });
  });
  await auditIn(ctx, {
    action: 'moderation_recorded',
    entity: 'moderation',
    entityId: `${ret.id}/${String(standard)}`,
    organisationId: ret.organisationId,
    partnershipId: ret.partnershipId,
    detail: { fields: ['rag', 'comment'] },
  });
  const [row] = await ctx.tx
    .select()
    .from(moderations)
    .where(and(eq(moderations.returnId, ret.id), eq(moderations.standard, standard)));
  if (!row) throw notFound('moderation');
  return row;
}
