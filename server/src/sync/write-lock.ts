/**
 * Every write that a device can pull goes through `withWriteLock`, naming the
 * records it writes (docs/decisions/018-pull-by-transaction-id.md).
 *
 * - **Per-record locks, not one lock for the country.** The transaction takes
 *   a transaction-scoped advisory lock on each key it is given (a return's
 *   id for anything written to that return: its status, standards, actions,
 *   moderation; a cycle's id to invite into it), in sorted order so two
 *   writers never deadlock. Writers of the same return queue, so the read,
 *   merge and write of push's per-field merge see no lost update and a
 *   return's versions (`seq`) rise in commit order. Writers of different
 *   returns run side by side, on every instance.
 * - **The pull cursor does not rely on commit order.** A row's `txid` (set by
 *   a trigger, migration 0009) is its writer's transaction id; pull reads only
 *   rows of transactions older than the oldest one still running (pull.ts),
 *   so a row that commits late is read by a later pull, never skipped.
 *
 * On PGlite (one connection) the locks are never contended; they cost one
 * statement.
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

/** The advisory locks' namespace (the first of the two int4 keys). */
const WRITE_LOCK_SPACE = 5_110_011;

export interface LockedTx {
  tx: Tx;
  /** Draws the next version; every row written in this transaction may share it. */
  nextSeq(): Promise<number>;
}

/**
 * Runs `fn` in a transaction holding the lock of each of `keys` (ids of the
 * records it writes: return ids, or a cycle id for invitations). A key's hash
 * may collide with another's: that only makes them queue.
 */
export async function withWriteLock<T>(
  db: Db,
  keys: readonly string[],
  fn: (l: LockedTx) => Promise<T>,
): Promise<T> {
  return db.transaction(async (tx) => {
    // Sorted, so two writers of the same records never wait for each other in a cycle.
    for (const key of [...new Set(keys)].sort())
      await tx.execute(
        sql`select pg_advisory_xact_lock(${sql.raw(String(WRITE_LOCK_SPACE))}, hashtext(${key}::text))`,
      );
    let seq: number | null = null;
    return fn({
      tx,
      async nextSeq() {
        if (seq === null) {
          // Both drivers (pg and PGlite) return `{ rows }`.
          const res: unknown = await tx.execute(sql`select nextval('change_seq')::text as v`);
          seq = Number((res as { rows: { v: string }[] }).rows[0]?.v);
        }
        return seq;
      },
    });
  });
}
