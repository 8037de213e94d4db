/**
 * Push: apply a batch of mutations, each on its own, each exactly once.
 *
 * Per item, in one transaction under the write lock:
 *  1. look up the mutation id in `applied_mutations`:
 *     - found with the same payload: return the stored first answer (a retry);
 *     - found with a different payload: refuse (422), change nothing;
 *  2. check access and apply the change with the per-field merge (merge.ts);
 *  3. store the answer under the mutation id, in the same transaction, so the
 *     answer exists if and only if the change was committed.
 * A refused item (4xx) changes nothing and stores nothing (a retry is checked
 * again), and refused access is audited once per batch, so a flood of bad
 * items writes no row each. A server fault (5xx) rolls everything back and is
 * not stored: the device keeps the mutation in its outbox and sends it again.
 */
import { createHash } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import {
  ActionFieldsSchema,
  EMPTY_STANDARD_FIELDS,
  LIMITS,
  MutationSchema,
  applyPatch,
  canEdit,
  canSubmit,
  checkPath,
  flattenFields,
  getStandard,
  nextStatus,
  returnCompleteness,
  unflattenFields,
  type ActionFields,
  type FieldConflict,
  type Mutation,
  type PushItemResult,
  type ReturnStatus,
  type StandardFields,
  type StandardNumber,
} from '@s11/shared';
import { isDatabaseUnavailable, isUnstorableText } from '../db/errors';
import { writeAudit, type Actor } from '../audit';
import { AccessRefused, returnAccessFor, type ReturnAccess } from '../auth/access';
import type { Principal } from '../auth/principal';
import { actions, appliedMutations, returns, standardResponses } from '../db/schema';
import {
  HttpProblem,
  conflict,
  fieldErrors,
  unstorableText,
  validationProblem,
} from '../http/problem';
import type { Db, Tx } from '../db/client';
import { errorFields, type LogFn } from '../http/logger';
import { mergeFields, stableStringify } from './merge';
import { standardFieldsOf } from './records';
import { writeFields, type FieldsWrite } from './write-fields';
import { withWriteLock, type LockedTx } from './write-lock';

export function payloadHash(m: Mutation): string {
  const { mutationId: _id, ...rest } = m;
  return createHash('sha256').update(stableStringify(rest)).digest('base64url');
}

function rejected(mutationId: string, p: HttpProblem): PushItemResult {
  return { mutationId, status: 'rejected', problem: p.toJSON() };
}

/**
 * What a push needs from its request, as plain values (the route builds it;
 * no Hono Context below the route): the database, the clock (read per item),
 * who is pushing, and the request's id and address for the log and audit.
 */
export interface PushContext {
  db: Db;
  now: () => Date;
  log: LogFn;
  principal: Principal;
  actor: Actor;
  requestId: string;
  request: { method: string; path: string };
}

/** Access refused to items of one push: written as one audit row for the whole batch. */
type Refusals = AccessRefused[];

export async function pushMutations(
  c: PushContext,
  items: readonly unknown[],
): Promise<PushItemResult[]> {
  const results: PushItemResult[] = [];
  const refusals: Refusals = [];
  // Sequential on purpose: items from one device are ordered (an edit, then
  // the submit that depends on it), and the write lock serialises them anyway.
  for (const raw of items) results.push(await pushOne(c, raw, refusals));
  if (refusals.length) {
    const first = refusals[0];
    await writeAudit(c.db, c.actor, c.now(), {
      action: 'access_refused',
      entity: first?.entity,
      entityId: first?.entityId,
      detail: {
        method: c.request.method,
        path: c.request.path,
        status: first?.status,
        items: refusals.length,
        records: [...new Set(refusals.map((r) => r.entityId))].slice(0, 20),
      },
    });
  }
  return results;
}

async function pushOne(c: PushContext, raw: unknown, refusals: Refusals): Promise<PushItemResult> {
  const rawId = (raw as { mutationId?: unknown } | null)?.mutationId;
  const mutationId = typeof rawId === 'string' ? rawId.slice(0, 100) : '';
  const parsed = MutationSchema.safeParse(raw);
  if (!parsed.success) return rejected(mutationId, validationProblem(parsed.error));
  const m = parsed.data;
  const hash = payloadHash(m);
  const userId = c.principal.userId;
  try {
    return await withWriteLock(c.db, async (l) => {
      const [prior] = await l.tx
        .select()
        .from(appliedMutations)
        .where(eq(appliedMutations.mutationId, m.mutationId))
        .limit(1);
      if (prior) {
        if (prior.payloadHash !== hash || prior.userId !== userId) {
          return rejected(
            m.mutationId,
            new HttpProblem(
              422,
              'This change id has already been used',
              'A different change was already sent with this id, so this one was not applied.',
              [{ path: 'mutationId', message: 'Already used for a different change' }],
            ),
          );
        }
        return prior.result as PushItemResult;
      }
      let result: PushItemResult;
      try {
        result = await applyMutation(c, l, m);
      } catch (e) {
        if (!(e instanceof HttpProblem) || e.status >= 500) throw e;
        if (e instanceof AccessRefused) refusals.push(e);
        // Refused: nothing changed, so nothing is stored either (a retry is
        // checked again and refused again). A flood of refused items writes
        // no row each, only the batch's one audit row.
        return rejected(m.mutationId, e);
      }
      await l.tx
        .insert(appliedMutations)
        .values({ mutationId: m.mutationId, userId, payloadHash: hash, result });
      return result;
    });
  } catch (e) {
    // Can never succeed: refused (and not stored: the transaction rolled back).
    if (isUnstorableText(e)) return rejected(m.mutationId, unstorableText());
    if (isDatabaseUnavailable(e)) {
      return rejected(
        m.mutationId,
        new HttpProblem(
          503,
          'The service is busy',
          'This change was not saved on the server yet; it will be sent again.',
        ),
      );
    }
    c.log({
      level: 'error',
      msg: 'push item failed',
      requestId: c.requestId,
      ...errorFields(e),
    });
    return rejected(
      m.mutationId,
      new HttpProblem(
        500,
        'Something went wrong on our side',
        'This change was not saved on the server yet; it will be sent again.',
      ),
    );
  }
}

/** The return lifecycle (shared/returns/lifecycle): edits and submit only while it is with the organisation. */
function ensureAllowed(acc: ReturnAccess, may: (s: ReturnStatus) => boolean): void {
  if (!may(acc.ret.status)) {
    throw conflict(
      'This return has been submitted, so it cannot be changed unless the partnership returns it for changes.',
    );
  }
}

async function applyMutation(c: PushContext, l: LockedTx, m: Mutation): Promise<PushItemResult> {
  switch (m.kind) {
    case 'standard': {
      const acc = await returnAccessFor(c.principal, m.returnId, 'edit', l.tx);
      ensureAllowed(acc, canEdit);
      return applyStandard(c, l, acc, m);
    }
    case 'action': {
      const acc = await returnAccessFor(c.principal, m.returnId, 'edit', l.tx);
      ensureAllowed(acc, canEdit);
      return applyAction(c, l, acc, m);
    }
    case 'action_delete': {
      const acc = await returnAccessFor(c.principal, m.returnId, 'edit', l.tx);
      ensureAllowed(acc, canEdit);
      return applyActionDelete(c, l, acc, m);
    }
    case 'submit': {
      const acc = await returnAccessFor(c.principal, m.returnId, 'sign', l.tx);
      ensureAllowed(acc, canSubmit);
      return applySubmit(c, l, acc, m);
    }
  }
}

/** An edit moves the return on as the lifecycle says (not started to in progress); every edit is activity. */
async function touchReturn(c: PushContext, tx: Tx, acc: ReturnAccess, seq: number): Promise<void> {
  const now = c.now();
  const from = acc.ret.status;
  const to = nextStatus(from, 'edit');
  if (to && to !== from) {
    await tx
      .update(returns)
      .set({ status: to, seq, updatedAt: now })
      .where(eq(returns.id, acc.ret.id));
  } else {
    await tx.update(returns).set({ updatedAt: now }).where(eq(returns.id, acc.ret.id));
  }
}

/**
 * A change, written under the write lock: the fields with their bookkeeping
 * (writeFields), the return's activity and status (touchReturn), and one
 * audit row naming the fields (never their content), in the same transaction.
 */
async function commitChange(
  c: PushContext,
  l: LockedTx,
  acc: ReturnAccess,
  write: FieldsWrite,
  audited: { entity: 'standard' | 'action'; entityId: string; detail: Record<string, unknown> },
): Promise<void> {
  await writeFields(l.tx, write);
  await touchReturn(c, l.tx, acc, write.seq);
  await writeAudit(l.tx, c.actor, c.now(), {
    action: 'return_changed',
    ...audited,
    organisationId: acc.ret.organisationId,
    partnershipId: acc.partnershipId,
  });
}

function outcome(
  mutationId: string,
  version: number,
  applied: string[],
  conflicts: FieldConflict[],
): PushItemResult {
  return conflicts.length
    ? { mutationId, status: 'conflict', version, applied, conflicts }
    : { mutationId, status: 'applied', version };
}

async function applyStandard(
  c: PushContext,
  l: LockedTx,
  acc: ReturnAccess,
  m: Extract<Mutation, { kind: 'standard' }>,
): Promise<PushItemResult> {
  const known = new Set(getStandard(m.standard).lightChecks.map((x) => x.id));
  const unknownChecks = Object.keys(m.changes.checks ?? {}).filter((id) => !known.has(id));
  if (unknownChecks.length) {
    throw new HttpProblem(
      422,
      'Some answers need correcting',
      `Standard ${String(m.standard)} has no such check.`,
      unknownChecks.map((id) => ({
        path: `changes.${checkPath(id)}`,
        message: `Standard ${String(m.standard)} has no check "${id}"`,
      })),
    );
  }
  const [row] = await l.tx
    .select()
    .from(standardResponses)
    .where(
      and(eq(standardResponses.returnId, m.returnId), eq(standardResponses.standard, m.standard)),
    )
    .limit(1);
  const currentFields: StandardFields = row ? standardFieldsOf(row) : EMPTY_STANDARD_FIELDS;
  const merged = mergeFields(
    flattenFields(currentFields),
    row?.fieldVersions ?? {},
    flattenFields(m.changes),
    m.baseVersion,
    row?.fieldWriters,
    m.deviceId,
  );
  if (merged.applied.length === 0)
    return outcome(m.mutationId, row?.seq ?? 0, [], merged.conflicts);

  const seq = await l.nextSeq();
  await commitChange(
    c,
    l,
    acc,
    {
      kind: 'standard',
      returnId: m.returnId,
      standard: m.standard,
      fields: applyPatch(currentFields, unflattenFields(merged.writes)),
      written: merged.applied,
      prior: row,
      deviceId: m.deviceId,
      seq,
    },
    {
      entity: 'standard',
      entityId: `${m.returnId}/${String(m.standard)}`,
      detail: { fields: merged.applied, conflicts: merged.conflicts.map((x) => x.field) },
    },
  );
  return outcome(m.mutationId, seq, merged.applied, merged.conflicts);
}

async function applyAction(
  c: PushContext,
  l: LockedTx,
  acc: ReturnAccess,
  m: Extract<Mutation, { kind: 'action' }>,
): Promise<PushItemResult> {
  const [row] = await l.tx.select().from(actions).where(eq(actions.id, m.actionId)).limit(1);
  if (row && row.returnId !== m.returnId)
    throw new HttpProblem(404, 'We could not find that action');
  if (!row) {
    const full = ActionFieldsSchema.safeParse(m.changes);
    if (!full.success) {
      throw new HttpProblem(
        422,
        'A new action needs all its details',
        'Send the standard, what, owner, due date and status.',
        fieldErrors(full.error).map((e) => ({ ...e, path: `changes.${e.path}` })),
      );
    }
    const existing = await l.tx
      .select({ id: actions.id })
      .from(actions)
      .where(
        and(
          eq(actions.returnId, m.returnId),
          eq(actions.standard, full.data.standard),
          eq(actions.deleted, false),
        ),
      );
    if (existing.length >= LIMITS.actionsPerStandard) {
      throw new HttpProblem(
        422,
        'Too many actions',
        `A standard can have at most ${String(LIMITS.actionsPerStandard)} actions.`,
      );
    }
    const seq = await l.nextSeq();
    await commitChange(
      c,
      l,
      acc,
      {
        kind: 'new_action',
        id: m.actionId,
        returnId: m.returnId,
        fields: full.data,
        deviceId: m.deviceId,
        seq,
      },
      {
        entity: 'action',
        entityId: m.actionId,
        detail: { created: true, fields: Object.keys(full.data) },
      },
    );
    return { mutationId: m.mutationId, status: 'applied', version: seq };
  }
  if (row.deleted) {
    return {
      mutationId: m.mutationId,
      status: 'conflict',
      version: row.seq,
      applied: [],
      conflicts: [{ field: 'deleted', serverValue: true, yourValue: false }],
    };
  }
  const current: ActionFields = {
    standard: row.standard,
    what: row.what,
    owner: row.owner,
    dueOn: row.dueOn,
    status: row.status,
  };
  const merged = mergeFields(
    current,
    row.fieldVersions,
    m.changes,
    m.baseVersion,
    row.fieldWriters,
    m.deviceId,
  );
  if (merged.applied.length === 0) return outcome(m.mutationId, row.seq, [], merged.conflicts);
  const seq = await l.nextSeq();
  await commitChange(
    c,
    l,
    acc,
    {
      kind: 'action',
      id: row.id,
      fields: merged.writes,
      prior: row,
      deviceId: m.deviceId,
      seq,
    },
    {
      entity: 'action',
      entityId: row.id,
      detail: { fields: merged.applied },
    },
  );
  return outcome(m.mutationId, seq, merged.applied, merged.conflicts);
}

async function applyActionDelete(
  c: PushContext,
  l: LockedTx,
  acc: ReturnAccess,
  m: Extract<Mutation, { kind: 'action_delete' }>,
): Promise<PushItemResult> {
  const [row] = await l.tx.select().from(actions).where(eq(actions.id, m.actionId)).limit(1);
  if (row && row.returnId !== m.returnId)
    throw new HttpProblem(404, 'We could not find that action');
  // Never created on the server, or already deleted: the goal is reached.
  if (!row || row.deleted)
    return { mutationId: m.mutationId, status: 'applied', version: row?.seq ?? 0 };
  const editedSince = Object.entries(row.fieldVersions).some(
    ([f, v]) =>
      v > m.baseVersion && !(m.deviceId !== undefined && row.fieldWriters[f] === m.deviceId),
  );
  if (editedSince) {
    // Someone changed this action after this device last saw it: ask before deleting their work.
    return {
      mutationId: m.mutationId,
      status: 'conflict',
      version: row.seq,
      applied: [],
      conflicts: [{ field: 'deleted', serverValue: false, yourValue: true }],
    };
  }
  const seq = await l.nextSeq();
  await commitChange(
    c,
    l,
    acc,
    {
      kind: 'action',
      id: row.id,
      fields: { deleted: true },
      prior: row,
      deviceId: m.deviceId,
      seq,
    },
    {
      entity: 'action',
      entityId: row.id,
      detail: { deleted: true },
    },
  );
  return { mutationId: m.mutationId, status: 'applied', version: seq };
}

async function applySubmit(
  c: PushContext,
  l: LockedTx,
  acc: ReturnAccess,
  m: Extract<Mutation, { kind: 'submit' }>,
): Promise<PushItemResult> {
  const stds = await l.tx
    .select()
    .from(standardResponses)
    .where(eq(standardResponses.returnId, m.returnId));
  const acts = await l.tx
    .select()
    .from(actions)
    .where(and(eq(actions.returnId, m.returnId), eq(actions.deleted, false)));
  const byNumber = Object.fromEntries(
    stds.map((s) => [s.standard, standardFieldsOf(s)]),
  ) as Partial<Record<StandardNumber, StandardFields>>;
  const completeness = returnCompleteness(
    acc.ret.variant,
    byNumber,
    acts.map((a) => ({ standard: a.standard, what: a.what })),
  );
  if (!completeness.complete) {
    throw new HttpProblem(
      422,
      'This return is not ready to submit',
      `${String(8 - completeness.completedCount)} standard(s) still need answers.`,
      completeness.standards
        .filter((s) => s.status !== 'completed')
        .map((s) => ({
          path: `standards.${String(s.standard)}`,
          message: `Standard ${String(s.standard)}: ${s.missing.join('; ')}`,
        })),
    );
  }
  const seq = await l.nextSeq();
  const now = c.now();
  const signOff = { ...m.signOff, userId: acc.principal.userId, signedAt: now.toISOString() };
  await l.tx
    .update(returns)
    .set({ status: 'submitted', signOff, statusMessage: '', seq, updatedAt: now })
    .where(eq(returns.id, m.returnId));
  await writeAudit(l.tx, c.actor, now, {
    action: 'return_submitted',
    entity: 'return',
    entityId: m.returnId,
    organisationId: acc.ret.organisationId,
    partnershipId: acc.partnershipId,
    detail: { from: acc.ret.status, to: 'submitted' },
  });
  return { mutationId: m.mutationId, status: 'applied', version: seq };
}
