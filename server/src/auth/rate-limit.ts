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
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
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

/**
 * Per-user limits on expensive work (docs/limits.md), generous for real use:
 * a device sends its outbox in batches of 100 (a whole return is a few
 * hundred changes at most), a manager exports a few times a minute.
 */
export const WORK_LIMITS = {
  /** Push: mutations per user per minute (a request counts at least one). */
  push: { limit: 1_000, windowMs: 60_000 },
  /** The cycle report and roll-up (JSON): requests per user per minute. */
  reports: { limit: 120, windowMs: 60_000 },
  /** Downloads (CSV, workbook, PDF): requests per user per minute. */
  exports: { limit: 10, windowMs: 60_000 },
} as const satisfies Record<string, Limit>;

export type WorkKind = keyof typeof WORK_LIMITS;

/**
 * Counts `cost` units of `kind` for the signed-in user; 429 with Retry-After
 * past the limit. Call it after the access check, before the work.
 */
export async function limitWork(c: Context<AppEnv>, kind: WorkKind, cost = 1): Promise<void> {
  const { database, now, workLimits } = c.get('deps');
  const userId = c.get('principal')?.userId ?? 'anonymous';
  const limit = workLimits?.[kind] ?? WORK_LIMITS[kind];
  const r = await hit(database.db, `work:${kind}:${userId}`, limit, now(), cost);
  if (!r.allowed) throw tooManyRequests(r.retryAfterSeconds, 'Too many requests');
}

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/**
 * Counts one attempt (or `cost` units of work, e.g. the items of a push) for
 * `key` and says whether it is within the limit. One statement.
 */
export async function hit(db: Db, key: string, l: Limit, now: Date, cost = 1): Promise<HitResult> {
  const nowIso = now.toISOString();
  const n = Math.max(1, Math.floor(cost));
  const expired = new Date(now.getTime() - l.windowMs).toISOString();
  const result: unknown = await db.execute(sql`
    insert into rate_limits (key, window_start, hits) values (${key}, ${nowIso}::timestamptz, ${n}::integer)
    on conflict (key) do update set
      hits = case when rate_limits.window_start <= ${expired}::timestamptz
                  then ${n}::integer else rate_limits.hits + ${n}::integer end,
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
