/**
 * Changing a password: by reset link (forgotten) or signed in (change).
 * Either way every other session of the person ends, so whoever knew the old
 * password (or held an old session) is out at once, on every instance.
 *
 * Reset links: 256 random bits, only the hash stored, single use (a
 * conditional UPDATE, so of parallel resets exactly one wins), valid for
 * RESET_MINUTES; asking again makes the earlier links useless.
 */
import { and, eq, gt, isNull, ne } from 'drizzle-orm';
import type { Db } from '../db/client';
import type { Limit } from './rate-limit';
import { passwordResets, sessions, users } from '../db/schema';
import { hashToken, newToken } from './tokens';

export const RESET_MINUTES = 30;

/** How often a reset may be asked for, per account and per address (15-minute window). */
export const RESET_LIMIT = { perAccount: 3, perAddress: 20, windowMs: 15 * 60_000 } as const;
export const RESET_ACCOUNT: Limit = {
  limit: RESET_LIMIT.perAccount,
  windowMs: RESET_LIMIT.windowMs,
};
export const RESET_ADDRESS: Limit = {
  limit: RESET_LIMIT.perAddress,
  windowMs: RESET_LIMIT.windowMs,
};
export const resetAccountKey = (email: string) => `reset-account:${email.toLowerCase()}`;
export const resetAddressKey = (ip: string) => `reset-address:${ip}`;

/** A new reset link for an active account, or null when there is none to reset. */
export async function createReset(
  db: Db,
  email: string,
  now: Date,
): Promise<{ token: string; user: { id: string; email: string; name: string } } | null> {
  const [user] = await db.select().from(users).where(eq(users.email, email.toLowerCase()));
  if (!user || user.disabled) return null;
  const token = newToken();
  await db.transaction(async (tx) => {
    // Only the newest link works.
    await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(and(eq(passwordResets.userId, user.id), isNull(passwordResets.usedAt)));
    await tx.insert(passwordResets).values({
      id: crypto.randomUUID(),
      userId: user.id,
      tokenHash: hashToken(token),
      createdAt: now,
      expiresAt: new Date(now.getTime() + RESET_MINUTES * 60_000),
    });
  });
  return { token, user: { id: user.id, email: user.email, name: user.name } };
}

const usable = (token: string, now: Date) =>
  and(
    eq(passwordResets.tokenHash, hashToken(token)),
    isNull(passwordResets.usedAt),
    gt(passwordResets.expiresAt, now),
  );

/** The account a reset link is for, while it is usable. */
export async function findReset(db: Db, token: string, now: Date) {
  if (token.length > 100) return undefined;
  const [row] = await db
    .select({ userId: users.id, email: users.email, disabled: users.disabled })
    .from(passwordResets)
    .innerJoin(users, eq(users.id, passwordResets.userId))
    .where(usable(token, now));
  return row && !row.disabled ? row : undefined;
}

/**
 * Uses the link: sets the password and ends every session, in one
 * transaction. Returns the user, or null when the link is spent or expired.
 */
export async function completeReset(
  db: Db,
  token: string,
  passwordHash: string,
  now: Date,
): Promise<{ userId: string; email: string } | null> {
  return db.transaction(async (tx) => {
    const [claimed] = await tx
      .update(passwordResets)
      .set({ usedAt: now })
      .where(usable(token, now))
      .returning({ userId: passwordResets.userId });
    if (!claimed) return null;
    const [user] = await tx
      .update(users)
      .set({ passwordHash })
      .where(and(eq(users.id, claimed.userId), eq(users.disabled, false)))
      .returning({ id: users.id, email: users.email });
    if (!user) return null;
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    return { userId: user.id, email: user.email };
  });
}

/** Sets a new password for a signed-in person and ends their other sessions. */
export async function changePassword(
  db: Db,
  userId: string,
  passwordHash: string,
  keepSession: string,
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, userId));
    await tx
      .delete(sessions)
      .where(and(eq(sessions.userId, userId), ne(sessions.tokenHash, keepSession)));
    // A reset link asked for before the change must not undo it.
    await tx
      .update(passwordResets)
      .set({ usedAt: new Date() })
      .where(and(eq(passwordResets.userId, userId), isNull(passwordResets.usedAt)));
  });
}
