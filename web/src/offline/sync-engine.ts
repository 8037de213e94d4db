/**
 * The sync engine: sends the outbox, then pulls what changed (protocol in
 * docs/sync-protocol.md). It runs on start, on `online`, when the page becomes
 * visible, shortly after each local save, and on a back-off timer after a
 * failure.
 *
 * Invariants:
 * - an outbox entry is deleted only in the same transaction that records the
 *   server's answer for it (applied, conflict, or a refusal kept for the user);
 * - an entry's attempt count is written before it is sent, so an entry that
 *   might have reached the server is never changed afterwards;
 * - a 401 pauses the engine until the user signs in again; nothing is dropped;
 * - a pulled value never overwrites a field the user has unsent edits to, or
 *   an unresolved conflict.
 */
import {
  EMPTY_STANDARD_FIELDS,
  LIMITS,
  applyPatch,
  fieldPaths,
  flattenFields,
  omitPaths,
  patchOf,
  unflattenFields,
  type Change,
  type PushItemResult,
  type StandardFields,
} from '@s11/shared';
import { ApiError, type Api } from './api';
import { getMeta, setMeta, type LocalStandard, type OfflineDb, type OutboxEntry } from './db';

export type SyncPhase = 'idle' | 'sending' | 'offline' | 'signed-out' | 'error';

export interface SyncState {
  phase: SyncPhase;
  /** Outbox entries waiting to be sent. */
  pending: number;
  /** Refused changes and conflicts the user must look at. */
  attention: number;
  lastSyncedAt: number | null;
  message: string | null;
}

export interface SyncEngineOptions {
  /** Wait after a local save before sending (ms). */
  saveDelayMs?: number;
  /** Largest back-off (ms). */
  maxBackoffMs?: number;
  batchSize?: number;
  /** Attach to window events (online, visibilitychange). */
  attachToWindow?: boolean;
  /**
   * Server errors one change may meet before it needs the user's attention
   * (it is then shown with its content and a "Try again", never retried
   * silently for ever).
   */
  maxServerErrors?: number;
}

export const MAX_SERVER_ERRORS = 8;

export class SyncEngine {
  private state: SyncState = {
    phase: 'idle',
    pending: 0,
    attention: 0,
    lastSyncedAt: null,
    message: null,
  };
  private readonly listeners = new Set<(s: SyncState) => void>();
  private running: Promise<void> | null = null;
  private again = false;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private stopped = true;
  private readonly opts: Required<SyncEngineOptions>;
  private readonly detach: (() => void)[] = [];

  constructor(
    private readonly db: OfflineDb,
    private readonly api: Api,
    opts: SyncEngineOptions = {},
  ) {
    this.opts = {
      saveDelayMs: 800,
      maxBackoffMs: 60_000,
      batchSize: LIMITS.pushBatch,
      attachToWindow: false,
      maxServerErrors: MAX_SERVER_ERRORS,
      ...opts,
    };
    // Any request (ours or a page's) that finds no network says so at once.
    api.onNetwork((reached) => this.networkSeen(reached));
  }

  /**
   * What the browser or a request has just learnt about the network. Offline
   * shows at once (the status line must not say "All changes sent" while
   * nothing can be sent); back online, the engine sends and pulls.
   */
  networkSeen(reached: boolean): void {
    if (this.state.phase === 'signed-out') return;
    if (!reached) {
      if (this.state.phase !== 'offline')
        this.set({ phase: 'offline', message: 'You appear to be offline.' });
    } else if (this.state.phase === 'offline' && !this.running && !this.stopped) {
      void this.syncNow();
    }
  }

  getState(): SyncState {
    return this.state;
  }

  subscribe(fn: (s: SyncState) => void): () => void {
    this.listeners.add(fn);
    fn(this.state);
    return () => this.listeners.delete(fn);
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    if (this.opts.attachToWindow && typeof window !== 'undefined') {
      const online = () => void this.syncNow();
      const offline = () => this.networkSeen(false);
      const visible = () => {
        if (document.visibilityState === 'visible') void this.syncNow();
      };
      window.addEventListener('online', online);
      window.addEventListener('offline', offline);
      document.addEventListener('visibilitychange', visible);
      this.detach.push(() => window.removeEventListener('online', online));
      this.detach.push(() => window.removeEventListener('offline', offline));
      this.detach.push(() => document.removeEventListener('visibilitychange', visible));
      // Started with no network (the app opened offline): say so before any request.
      if (navigator.onLine === false) this.networkSeen(false);
    }
    void this.syncNow();
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const d of this.detach.splice(0)) d();
  }

  /** After a 401, the user signed in again. */
  resume(): void {
    if (this.state.phase === 'signed-out') this.set({ phase: 'idle', message: null });
    this.start();
    void this.syncNow();
  }

  /** Called after each local save: send soon, coalescing a burst of keystrokes. */
  scheduleSoon(): void {
    void this.refreshCounts();
    if (this.stopped || this.state.phase === 'signed-out') return;
    this.arm(this.opts.saveDelayMs);
  }

  /** Push then pull, now. Resolves when this round (and any asked for meanwhile) is done. */
  async syncNow(): Promise<void> {
    if (this.state.phase === 'signed-out') return;
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      do {
        this.again = false;
        await this.round();
      } while (this.again && this.state.phase !== 'signed-out');
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private arm(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, ms);
  }

  private set(patch: Partial<SyncState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }

  async refreshCounts(): Promise<void> {
    const [pending, refused, conflicts] = await Promise.all([
      this.db.outbox.where('state').equals('pending').count(),
      this.db.outbox.where('state').equals('attention').count(),
      this.db.conflicts.count(),
    ]);
    this.set({ pending, attention: refused + conflicts });
  }

  private async round(): Promise<void> {
    try {
      // While offline, a retry keeps saying offline until it gets through.
      if (this.state.phase !== 'offline') this.set({ phase: 'sending', message: null });
      const retryLater = await this.pushAll();
      // A change the server could not save yet must not keep the device from
      // hearing what others changed: pull anyway, then back off.
      await this.pullAll();
      if (retryLater)
        throw new ApiError(
          503,
          null,
          'Some changes could not be saved on the server yet; they will be sent again.',
        );
      this.failures = 0;
      this.set({ phase: 'idle', lastSyncedAt: Date.now() });
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        this.set({
          phase: 'signed-out',
          message: 'Sign in again to send your changes. They are saved on this device.',
        });
      } else {
        this.failures += 1;
        const offline = e instanceof ApiError && e.status === 0;
        this.set({
          phase: offline ? 'offline' : 'error',
          message: e instanceof Error ? e.message : 'Sync failed',
        });
        if (!this.stopped) {
          const backoff = Math.min(this.opts.maxBackoffMs, 1000 * 2 ** Math.min(this.failures, 10));
          const retryAfter =
            e instanceof ApiError && e.retryAfterSeconds ? e.retryAfterSeconds * 1000 : 0;
          this.arm(Math.max(retryAfter, backoff * (0.5 + Math.random() / 2)));
        }
      }
    } finally {
      await this.refreshCounts();
    }
  }

  /** Sends every pending change; true when some must be sent again later. */
  private async pushAll(): Promise<boolean> {
    for (;;) {
      // Read and marked in one transaction: from now on each entry's payload is
      // frozen. (Read, then written apart, an edit coalesced in between was
      // overwritten by the older payload and lost.)
      const batch = await this.db.transaction('rw', this.db.outbox, async () => {
        const pending = await this.db.outbox
          .orderBy('seq')
          .filter((e) => e.state === 'pending')
          .limit(this.opts.batchSize)
          .toArray();
        await this.db.outbox.bulkPut(pending.map((e) => ({ ...e, attempts: e.attempts + 1 })));
        return pending;
      });
      if (batch.length === 0) return false;
      const res = await this.api.call(
        this.api.client.sync.push.$post({ json: { mutations: batch.map((e) => e.mutation) } }),
      );
      if (!Array.isArray(res?.results))
        throw new ApiError(0, null, 'The server sent an answer we did not understand.');
      const byId = new Map(res.results.map((r) => [r.mutationId, r]));
      let again = false;
      await this.db.transaction(
        'rw',
        [this.db.outbox, this.db.standards, this.db.actions, this.db.conflicts],
        async () => {
          for (const entry of batch) {
            const r = byId.get(entry.mutationId);
            if (!r) {
              again = true;
              continue;
            }
            if (r.status === 'rejected' && r.problem.status === 429) {
              again = true; // not applied; stays in the outbox
              continue;
            }
            if (r.status === 'rejected' && r.problem.status >= 500) {
              // Not applied. Sent again later, until it has met too many server
              // errors: then it waits for the user (recordResult marks it).
              const serverErrors = (entry.serverErrors ?? 0) + 1;
              if (serverErrors < this.opts.maxServerErrors) {
                await this.db.outbox.put({ ...entry, attempts: entry.attempts + 1, serverErrors });
                again = true;
                continue;
              }
              await this.recordResult({ ...entry, serverErrors }, r);
              continue;
            }
            await this.recordResult(entry, r);
          }
        },
      );
      // What must wait stays first in the outbox: the next batch would be this
      // one again, so the round stops here and the back-off decides when.
      if (again) return true;
    }
  }

  /** Inside the push transaction: apply one item's answer to the local store. */
  private async recordResult(
    entry: OutboxEntry & { seq?: number },
    r: PushItemResult,
  ): Promise<void> {
    const m = entry.mutation;
    if (r.status === 'rejected') {
      await this.db.outbox.put({
        ...entry,
        attempts: entry.attempts + 1,
        state: 'attention',
        problem: r.problem,
      });
      return;
    }
    if (entry.seq !== undefined) await this.db.outbox.delete(entry.seq);
    if (m.kind === 'standard') {
      const rec = await this.db.standards.get([m.returnId, m.standard]);
      if (rec) {
        // What we sent (minus conflicts) is now the server's value.
        const conflicted = new Set(r.status === 'conflict' ? r.conflicts.map((c) => c.field) : []);
        let server = applyPatch(rec.server, omitPaths(m.changes, conflicted));
        for (const c of r.status === 'conflict' ? r.conflicts : [])
          server = applyPatch(server, patchOf(c.field, c.serverValue));
        await this.db.standards.put({ ...rec, server });
      }
    }
    if ((m.kind === 'action' || m.kind === 'action_delete') && r.status === 'applied') {
      const a = await this.db.actions.get(m.actionId);
      if (a) await this.db.actions.put({ ...a, localOnly: false });
    }
    if (r.status === 'conflict') {
      const kind = m.kind === 'standard' ? 'standard' : 'action';
      const key =
        m.kind === 'standard' ? String(m.standard) : m.kind === 'submit' ? '' : m.actionId;
      for (const c of r.conflicts) {
        await this.db.conflicts.put({
          id: `${m.returnId}|${kind}|${key}|${c.field}`,
          returnId: m.returnId,
          kind,
          key,
          field: c.field,
          serverValue: c.serverValue,
          yourValue: c.yourValue,
          version: r.version,
        });
      }
    }
  }

  private async pullAll(): Promise<void> {
    for (let page = 0; page < 1000; page++) {
      const cursor = (await getMeta<string>(this.db, 'cursor')) ?? '0';
      const res = await this.api.call(this.api.client.sync.pull.$get({ query: { cursor } }));
      if (!Array.isArray(res?.changes) || typeof res.cursor !== 'string')
        throw new ApiError(0, null, 'The server sent an answer we did not understand.');
      const applied = await this.applyPull(cursor, res.changes, res.cursor, !res.hasMore);
      if (applied && !res.hasMore) return;
    }
  }

  /**
   * One page, in one transaction; `caughtUp` on the last page of a pull.
   * False (nothing applied) when the cursor was moved meanwhile (a new
   * membership starts the pull again from 0): the caller pulls again.
   */
  private async applyPull(
    from: string,
    changes: Change[],
    cursor: string,
    caughtUp: boolean,
  ): Promise<boolean> {
    const db = this.db;
    return db.transaction(
      'rw',
      [db.returns, db.standards, db.actions, db.moderations, db.outbox, db.conflicts, db.meta],
      async () => {
        if (((await getMeta<string>(db, 'cursor')) ?? '0') !== from) return false;
        const pendingEntries = await db.outbox.toArray();
        const conflicts = await db.conflicts.toArray();
        for (const ch of changes) {
          if (ch.kind === 'return') {
            // Pull is the only writer of returns: the record is whole.
            const prev = await db.returns.get(ch.record.id);
            await db.returns.put({ ...ch.record, loaded: caughtUp || prev?.loaded !== false });
          } else if (ch.kind === 'moderation') {
            await db.moderations.put(ch.record);
          } else if (ch.kind === 'standard') {
            const { returnId, standard } = ch.record;
            const busy = busyFields(
              pendingEntries,
              conflicts,
              returnId,
              'standard',
              String(standard),
            );
            const local: LocalStandard = (await db.standards.get([returnId, standard])) ?? {
              returnId,
              standard: standard,
              fields: EMPTY_STANDARD_FIELDS,
              server: EMPTY_STANDARD_FIELDS,
              baseVersion: 0,
            };
            const fields = mergeServerIntoLocal(local.fields, ch.record.fields, busy);
            // Only move the base past server changes when no unsent edit depends on the old one.
            const baseVersion =
              busy.size === 0 ? Math.max(local.baseVersion, ch.record.version) : local.baseVersion;
            await db.standards.put({ ...local, fields, server: ch.record.fields, baseVersion });
          } else if (ch.kind === 'action') {
            const busy = busyFields(
              pendingEntries,
              conflicts,
              ch.record.returnId,
              'action',
              ch.record.id,
            );
            const local = await db.actions.get(ch.record.id);
            if (local && busy.size > 0) {
              const fields = { ...ch.record.fields };
              for (const f of busy)
                if (f in local.fields)
                  (fields as Record<string, unknown>)[f] = (
                    local.fields as Record<string, unknown>
                  )[f];
              await db.actions.put({
                ...local,
                fields,
                deleted: busy.has('deleted') ? local.deleted : ch.record.deleted,
                localOnly: false,
              });
            } else {
              await db.actions.put({
                id: ch.record.id,
                returnId: ch.record.returnId,
                fields: ch.record.fields,
                deleted: ch.record.deleted,
                baseVersion: ch.record.version,
                localOnly: false,
              });
            }
          }
        }
        if (caughtUp) {
          await db.returns.filter((r) => r.loaded === false).modify({ loaded: true });
          await setMeta(db, 'caughtUp', true);
        }
        await setMeta(db, 'cursor', cursor);
        return true;
      },
    );
  }
}

/** Fields with unsent edits or unresolved conflicts: pulls leave them alone. */
function busyFields(
  outbox: OutboxEntry[],
  conflicts: { returnId: string; kind: string; key: string; field: string }[],
  returnId: string,
  kind: 'standard' | 'action',
  key: string,
): Set<string> {
  const busy = new Set<string>();
  for (const e of outbox) {
    const m = e.mutation;
    if (m.returnId !== returnId) continue;
    if (kind === 'standard' && m.kind === 'standard' && String(m.standard) === key) {
      for (const f of fieldPaths(m.changes)) busy.add(f);
    }
    if (
      kind === 'action' &&
      (m.kind === 'action' || m.kind === 'action_delete') &&
      m.actionId === key
    ) {
      if (m.kind === 'action_delete') busy.add('deleted');
      else for (const f of Object.keys(m.changes)) busy.add(f);
    }
  }
  for (const c of conflicts)
    if (c.returnId === returnId && c.kind === kind && c.key === key) busy.add(c.field);
  return busy;
}

/** The server's fields, keeping the device's value of every busy path (a check is its own path). */
function mergeServerIntoLocal(
  local: StandardFields,
  server: StandardFields,
  busy: Set<string>,
): StandardFields {
  const flat = flattenFields(local);
  const mine = [...busy].filter((p) => Object.hasOwn(flat, p)).map((p) => [p, flat[p]] as const);
  return applyPatch(server, unflattenFields(Object.fromEntries(mine)));
}

/** Plain-English status line for where the user's work is. */
export function describeSync(s: SyncState, savedLocally: boolean): string {
  if (s.phase === 'offline')
    return s.pending > 0
      ? `You are offline: ${String(s.pending)} ${s.pending === 1 ? 'change' : 'changes'} waiting to send`
      : 'You are offline';
  if (s.attention > 0) return 'Needs your attention';
  if (s.phase === 'sending' && s.pending > 0) return 'Sending...';
  if (s.pending > 0)
    return `${String(s.pending)} ${s.pending === 1 ? 'change' : 'changes'} waiting to send`;
  if (s.lastSyncedAt !== null && s.phase === 'idle') return 'All changes sent';
  return savedLocally ? 'Saved on this device' : 'All changes sent';
}
