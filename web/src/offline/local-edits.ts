/**
 * Local edits: each writes the draft and its outbox entry in ONE Dexie
 * transaction, so there is never a draft the outbox does not know about, nor
 * an outbox entry without its draft.
 */
import {
  EMPTY_STANDARD_FIELDS,
  applyPatch,
  combinePatches,
  patchOf,
  type Mutation,
  type ActionFields,
  type SignOffInput,
  type StandardNumber,
  type StandardPatch,
  type ActionPatch,
} from '@s11/shared';
import {
  getMeta,
  setMeta,
  type LocalConflict,
  type LocalStandard,
  type OfflineDb,
  type OutboxEntry,
} from './db';

type NewMutation = DistributiveOmit<Mutation, 'mutationId' | 'deviceId'>;
type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

/** Adds one unsent outbox entry (inside the caller's transaction). */
async function enqueue(db: OfflineDb, device: string, m: NewMutation): Promise<void> {
  const mutationId = crypto.randomUUID();
  await db.outbox.add({
    mutationId,
    returnId: m.returnId,
    mutation: { ...m, mutationId, deviceId: device },
    attempts: 0,
    state: 'pending',
    createdAt: Date.now(),
  });
}

export async function deviceId(db: OfflineDb): Promise<string> {
  const existing = await getMeta<string>(db, 'deviceId');
  if (existing) return existing;
  const id = crypto.randomUUID();
  await setMeta(db, 'deviceId', id);
  return id;
}

function emptyStandard(returnId: string, standard: StandardNumber): LocalStandard {
  return {
    returnId,
    standard,
    fields: EMPTY_STANDARD_FIELDS,
    server: EMPTY_STANDARD_FIELDS,
    baseVersion: 0,
  };
}

/** The newest outbox entry, if it is unsent and for the same target: typing then coalesces into it. */
async function coalescible(
  db: OfflineDb,
  match: (e: OutboxEntry) => boolean,
): Promise<OutboxEntry | undefined> {
  const last = await db.outbox.orderBy('seq').last();
  return last && last.attempts === 0 && last.state === 'pending' && match(last) ? last : undefined;
}

export async function saveStandard(
  db: OfflineDb,
  returnId: string,
  standard: StandardNumber,
  patch: StandardPatch,
): Promise<void> {
  const device = await deviceId(db);
  await db.transaction('rw', db.standards, db.outbox, async () => {
    const rec = (await db.standards.get([returnId, standard])) ?? emptyStandard(returnId, standard);
    await db.standards.put({ ...rec, fields: applyPatch(rec.fields, patch) });
    const last = await coalescible(
      db,
      (e) =>
        e.mutation.kind === 'standard' &&
        e.mutation.returnId === returnId &&
        e.mutation.standard === standard,
    );
    if (last && last.mutation.kind === 'standard') {
      const merged = combinePatches(last.mutation.changes, patch);
      await db.outbox.put({ ...last, mutation: { ...last.mutation, changes: merged } });
      return;
    }
    await enqueue(db, device, {
      returnId,
      kind: 'standard',
      standard,
      baseVersion: rec.baseVersion,
      changes: patch,
    });
  });
}

export async function saveAction(
  db: OfflineDb,
  returnId: string,
  actionId: string,
  fields: ActionFields,
): Promise<void> {
  const device = await deviceId(db);
  await db.transaction('rw', db.actions, db.outbox, async () => {
    const existing = await db.actions.get(actionId);
    const changes: ActionPatch = existing ? diff(existing.fields, fields) : fields;
    await db.actions.put({
      id: actionId,
      returnId,
      fields,
      deleted: false,
      baseVersion: existing?.baseVersion ?? 0,
      localOnly: existing?.localOnly ?? true,
    });
    if (Object.keys(changes).length === 0) return;
    const last = await coalescible(
      db,
      (e) => e.mutation.kind === 'action' && e.mutation.actionId === actionId,
    );
    if (last && last.mutation.kind === 'action') {
      await db.outbox.put({
        ...last,
        mutation: { ...last.mutation, changes: { ...last.mutation.changes, ...changes } },
      });
      return;
    }
    // A new action is created with all its fields; later edits send what changed.
    const send = existing && !existing.localOnly ? changes : fields;
    await enqueue(db, device, {
      returnId,
      kind: 'action',
      actionId,
      baseVersion: existing?.baseVersion ?? 0,
      changes: send,
    });
  });
}

export async function deleteAction(
  db: OfflineDb,
  returnId: string,
  actionId: string,
): Promise<void> {
  const device = await deviceId(db);
  await db.transaction('rw', db.actions, db.outbox, async () => {
    const existing = await db.actions.get(actionId);
    if (!existing) return;
    await db.actions.put({ ...existing, deleted: true });
    await enqueue(db, device, {
      returnId,
      kind: 'action_delete',
      actionId,
      baseVersion: existing.baseVersion,
    });
  });
}

/** Queues the signatory's submission; it is sent after every edit queued before it. */
export async function queueSubmit(
  db: OfflineDb,
  returnId: string,
  signOff: SignOffInput,
): Promise<void> {
  const device = await deviceId(db);
  await enqueue(db, device, { returnId, kind: 'submit', signOff });
}

/**
 * The user's choice for a conflicting field (theirs, the server's, or a merged
 * text). Sent from the version the conflict reported, so it applies.
 */
export async function resolveConflict(
  db: OfflineDb,
  conflictId: string,
  value: unknown,
): Promise<void> {
  const device = await deviceId(db);
  await db.transaction('rw', [db.conflicts, db.standards, db.actions, db.outbox], async () => {
    const c: LocalConflict | undefined = await db.conflicts.get(conflictId);
    if (!c) return;
    const returnId = c.returnId;
    const baseVersion = c.version;
    if (c.kind === 'standard') {
      const standard = Number(c.key) as StandardNumber;
      const patch: StandardPatch = patchOf(c.field, value);
      const rec =
        (await db.standards.get([c.returnId, standard])) ?? emptyStandard(c.returnId, standard);
      await db.standards.put({ ...rec, fields: applyPatch(rec.fields, patch) });
      await enqueue(db, device, {
        returnId,
        kind: 'standard',
        standard,
        baseVersion,
        changes: patch,
      });
    } else if (c.field === 'deleted') {
      // Keep (value false) or delete (value true) an action someone else also touched.
      const a = await db.actions.get(c.key);
      if (a) await db.actions.put({ ...a, deleted: value === true, baseVersion: c.version });
      await enqueue(
        db,
        device,
        value === true
          ? { returnId, kind: 'action_delete', actionId: c.key, baseVersion }
          : { returnId, kind: 'action', actionId: c.key, baseVersion, changes: a?.fields ?? {} },
      );
    } else {
      const a = await db.actions.get(c.key);
      if (a) await db.actions.put({ ...a, fields: { ...a.fields, [c.field]: value } });
      await enqueue(db, device, {
        returnId,
        kind: 'action',
        actionId: c.key,
        baseVersion,
        changes: { [c.field]: value },
      });
    }
    await db.conflicts.delete(conflictId);
  });
}

function diff<T extends object>(a: T, b: T): Partial<T> {
  const out: Partial<T> = {};
  for (const k of Object.keys(b) as (keyof T)[]) if (a[k] !== b[k]) out[k] = b[k];
  return out;
}

/**
 * A change that needs attention (refused, or too many server errors), sent
 * again at the user's word: pending once more, its server-error count reset.
 * Its payload and mutation id stay as they were (the server may have applied
 * that id; sending it again is safe).
 */
export async function retryRefusedChange(db: OfflineDb, seq: number): Promise<void> {
  await db.transaction('rw', db.outbox, async () => {
    const entry = await db.outbox.get(seq);
    if (!entry || entry.state !== 'attention') return;
    await db.outbox.put({ ...entry, state: 'pending', serverErrors: 0, problem: undefined });
  });
}
