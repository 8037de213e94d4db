/**
 * Rate limits, kept in the database so every server instance shares them.
 *
 * One statement per check (`hit`): an upsert on the key's row that counts the
 * attempt and answers the new count. PostgreSQL locks the row for the upsert,
 * so parallel attempts (on one instance or many) are counted one after the
 * other and never all see "under the limit" (the old count-then-insert did:
 * 25 parallel wrong passwords were all checked against a limit of 5). PGlite
 * runs one statement at a time, so the same statement holds there too.
 *
 * Windows are fixed: a key's count starts at its first attempt and resets
 * when the window has passed.
 *
 * API (also used for password reset and per-user limits on expensive work):
 *   const r = await hit(db, key, { limit, windowMs }, now);
 *   if (!r.allowed) throw tooManyRequests(r.retryAfterSeconds);
 *   await refund(db, key)   // the attempt should not count after all
 *   await clear(db, key)    // e.g. a successful sign-in clears its account
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/client';
import { rateLimits } from '../db/schema';
import { HttpProblem } from '../http/problem';

export interface Limit {
  /** Attempts allowed per window. */
  limit: number;
  windowMs: number;
}

export interface HitResult {
  allowed: boolean;
  /** Attempts counted in this window, this one included. */
  count: number;
  /** Seconds until the window resets (at least 1). */
  retryAfterSeconds: number;
}

/** Sign-in: per account and per client address. */
export const RATE_LIMIT = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 30,
} as const;

export const SIGN_IN_ACCOUNT: Limit = {
  limit: RATE_LIMIT.perAccount,
  windowMs: RATE_LIMIT.windowMs,
};
export const SIGN_IN_ADDRESS: Limit = {
  limit: RATE_LIMIT.perAddress,
  windowMs: RATE_LIMIT.windowMs,
};

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** Counts one attempt for `key` and says whether it is within the limit. One statement. */
export async function hit(db: Db, key: string, l: Limit, now: Date): Promise<HitResult> {
  const nowIso = now.toISOString();
  const expired = new Date(now.getTime() - l.windowMs).toISOString();
  const result: unknown = await db.execute(sql`
    insert into rate_limits (key, window_start, hits) values (${key}, ${nowIso}::timestamptz, 1)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${expired}::timestamptz
                  then 1 else rate_limits.hits + 1 end,
      window_start = case when rate_limits.window_start <= ${expired}::timestamptz
                  then ${nowIso}::timestamptz else rate_limits.window_start end
    returning hits, window_start`);
  const row = (result as { rows: { hits: number | string; window_start: string | Date }[] })
    .rows[0];
  const count = Number(row?.hits ?? 1);
  const start = row ? new Date(row.window_start).getTime() : now.getTime();
  const retryAfterSeconds = Math.max(1, Math.ceil((start + l.windowMs - now.getTime()) / 1000));
  return { allowed: count <= l.limit, count, retryAfterSeconds };
}

/** Takes back one attempt (e.g. a sign-in that succeeded should not use up its address's allowance). */
export async function refund(db: Db, key: string): Promise<void> {
  await db.execute(sql`update rate_limits set hits = greatest(hits - 1, 0) where key = ${key}`);
}

export async function clear(db: Db, key: string): Promise<void> {
  await db.delete(rateLimits).where(eq(rateLimits.key, key));
}

/** 429 with Retry-After and a message a person can act on. */
export function tooManyRequests(seconds: number, title = 'Too many attempts'): HttpProblem {
  const wait =
    seconds < 90 ? `${String(seconds)} second(s)` : `${String(Math.ceil(seconds / 60))} minute(s)`;
  return new HttpProblem(429, title, `Wait ${wait} and try again.`, undefined, {
    'Retry-After': String(seconds),
  });
}
