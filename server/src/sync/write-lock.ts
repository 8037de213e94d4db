/**
 * Every write that a device can pull goes through `withWriteLock`.
 *
 * Invariant: a transaction takes the lock *before* drawing from `change_seq`
 * and holds it until commit, so transactions commit in `seq` order. A pull
 * that reads `seq > cursor` therefore never misses a row that commits later
 * with a smaller `seq`. (Without the lock, T1 could draw 10, T2 draw 11 and
 * commit first; a pull between them would move the cursor to 11 and skip 10.)
 */
import { sql } from 'drizzle-orm';
import type { Db, Tx } from '../db/client';

const WRITE_LOCK_KEY = 5_110_011;

export interface LockedTx {
  tx: Tx;
  /** Draws the next version; every row written in this transaction may share it. */
  nextSeq(): Promise<number>;
}

export async function withWriteLock<T>(db: Db, fn: (l: LockedTx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${WRITE_LOCK_KEY})`);
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
