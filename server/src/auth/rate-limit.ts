/**
 * Sign-in rate limit, per account and per address, kept in the database so
 * every server instance shares it. Failures in a sliding window count; a
 * success clears the account's count.
 */
import { and, asc, count, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/client';
import { loginFailures } from '../db/schema';

export const RATE_LIMIT = {
  windowMs: 15 * 60_000,
  perAccount: 5,
  perAddress: 30,
} as const;

export const accountKey = (email: string) => `account:${email.toLowerCase()}`;
export const addressKey = (ip: string) => `address:${ip}`;

/** Seconds until another attempt is allowed, or 0 when allowed now. */
export async function retryAfterSeconds(
  db: Db,
  key: string,
  limit: number,
  now: Date,
): Promise<number> {
  const since = new Date(now.getTime() - RATE_LIMIT.windowMs);
  const [row] = await db
    .select({ n: count() })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)));
  if ((row?.n ?? 0) < limit) return 0;
  const [oldest] = await db
    .select({ at: loginFailures.at })
    .from(loginFailures)
    .where(and(eq(loginFailures.key, key), gt(loginFailures.at, since)))
    .orderBy(asc(loginFailures.at))
    .limit(1);
  const freeAt = (oldest?.at.getTime() ?? now.getTime()) + RATE_LIMIT.windowMs;
  return Math.max(1, Math.ceil((freeAt - now.getTime()) / 1000));
}

export async function recordFailure(db: Db, keys: string[], now: Date): Promise<void> {
  await db.insert(loginFailures).values(keys.map((key) => ({ key, at: now })));
  // Housekeeping: old rows are no longer counted.
  await db
    .delete(loginFailures)
    .where(lt(loginFailures.at, new Date(now.getTime() - RATE_LIMIT.windowMs)));
}

export async function clearFailures(db: Db, key: string): Promise<void> {
  await db.delete(loginFailures).where(eq(loginFailures.key, key));
}
