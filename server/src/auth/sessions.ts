/**
 * Server-side sessions. The cookie holds a random token; the database holds
 * its hash, the user, and the idle and absolute deadlines. Sign-out, account
 * disable and expiry take effect on the next request, on every instance.
 *
 * Timeouts (configurable, see README): idle SESSION_IDLE_MINUTES (240),
 * absolute SESSION_ABSOLUTE_HOURS (12). A tablet that was offline longer than
 * that signs in again; its unsent work waits in the outbox meanwhile.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { Membership } from '@s11/shared';
import type { Db } from '../db/client';
import { memberships, sessions, totpCredentials, users } from '../db/schema';
import type { AppEnv } from '../app-env';
import { isHttps } from '../http/security';
import type { Principal } from './principal';
import {
  isMultiFactor,
  roleRequiresSecondFactor,
  secondFactorStateFor,
  type SecondFactorState,
  type SignInMethod,
} from './second-factor';
import { hashToken, newToken } from './tokens';

export const COOKIE_PLAIN = 's11_session';
/** `__Host-` pins the cookie to this host, path / and HTTPS. */
export const COOKIE_SECURE = '__Host-s11_session';

export function cookieName(c: Context<AppEnv>): string {
  return secureRequest(c) ? COOKIE_SECURE : COOKIE_PLAIN;
}

function secureRequest(c: Context<AppEnv>): boolean {
  const origin = c.get('deps').config.PUBLIC_ORIGIN;
  return origin
    ? origin.startsWith('https:')
    : isHttps(c.req.url, c.req.header('x-forwarded-proto'));
}

/** A session that still owes its second factor lasts this long. */
export const PENDING_SECOND_FACTOR_MINUTES = 10;

/**
 * Starts a new session (always a new id: no fixation) and sets the cookie.
 * Passing the second factor starts another one, so a token seen before it
 * never carries the full rights.
 */
export async function startSession(
  c: Context<AppEnv>,
  userId: string,
  opts: { pendingSecondFactor?: boolean; method?: SignInMethod } = {},
): Promise<void> {
  const { database, config, now } = c.get('deps');
  const token = newToken();
  const t = now();
  const pending = opts.pendingSecondFactor ?? false;
  const lifetimeMs = pending
    ? PENDING_SECOND_FACTOR_MINUTES * 60_000
    : config.SESSION_ABSOLUTE_HOURS * 3600_000;
  const expiresAt = new Date(t.getTime() + lifetimeMs);
  await database.db.insert(sessions).values({
    tokenHash: hashToken(token),
    userId,
    createdAt: t,
    lastSeenAt: t,
    expiresAt,
    pendingSecondFactor: pending,
    method: opts.method ?? 'password',
  });
  // Only a full session counts as a sign-in (the people screen shows it);
  // a password still owing its second factor does not.
  if (!pending)
    await database.db.update(users).set({ lastSignInAt: t }).where(eq(users.id, userId));
  setCookie(c, cookieName(c), token, {
    httpOnly: true,
    sameSite: 'Lax',
    path: '/',
    secure: secureRequest(c),
    maxAge: Math.floor(lifetimeMs / 1000),
  });
}

/**
 * Over HTTPS only the `__Host-` cookie counts: a plain `s11_session` there
 * could have been planted by a sibling subdomain or over plain HTTP (the
 * prefix is what guarantees neither happened).
 */
export function readSessionToken(c: Context<AppEnv>): string | undefined {
  if (secureRequest(c)) return getCookie(c, COOKIE_SECURE);
  return getCookie(c, COOKIE_SECURE) ?? getCookie(c, COOKIE_PLAIN);
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, cookieName(c), { path: '/', secure: secureRequest(c) });
}

interface MembershipRow {
  role: string;
  organisationId: string | null;
  partnershipId: string | null;
}

function toMemberships(rows: MembershipRow[]): Membership[] {
  return rows.flatMap((m): Membership[] => {
    if ((m.role === 'org_editor' || m.role === 'org_signatory') && m.organisationId) {
      return [{ scope: 'organisation', role: m.role, organisationId: m.organisationId }];
    }
    if ((m.role === 'partnership_manager' || m.role === 'partnership_viewer') && m.partnershipId) {
      return [{ scope: 'partnership', role: m.role, partnershipId: m.partnershipId }];
    }
    return [];
  });
}

export async function loadMemberships(db: Db, userId: string): Promise<Membership[]> {
  return toMemberships(await db.select().from(memberships).where(eq(memberships.userId, userId)));
}

export interface ResolvedSession {
  principal: Principal;
  tokenHash: string;
  /**
   * Not 'none' while the session still owes a second factor: then only the
   * second-factor routes may use it (see auth/access.ts requirePrincipal).
   */
  secondFactor: SecondFactorState;
}

/** Resolves the cookie to a principal, or null when absent, expired, revoked or disabled. */
export async function resolveSession(c: Context<AppEnv>): Promise<ResolvedSession | null> {
  const token = readSessionToken(c);
  if (!token || token.length > 100) return null;
  const { database, config, now } = c.get('deps');
  const db = database.db;
  const tokenHash = hashToken(token);
  // The session, its user and the user's memberships in one round trip: every
  // signed-in request pays for this, so it is kept to a single statement.
  const rows = await db
    .select({
      s: sessions,
      u: users,
      ms: sql<MembershipRow[] | string>`coalesce((select json_agg(json_build_object(
            'role', m.role, 'organisationId', m.organisation_id, 'partnershipId', m.partnership_id))
          from ${memberships} m where m.user_id = ${users.id}), '[]'::json)`,
      totp: sql<boolean>`exists (select 1 from ${totpCredentials} tc
          where tc.user_id = ${users.id} and tc.confirmed_at is not null)`,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, tokenHash))
    .limit(1);
  const row = rows[0];
  if (!row) return null;
  const t = now();
  const idleDeadline = row.s.lastSeenAt.getTime() + config.SESSION_IDLE_MINUTES * 60_000;
  if (row.u.disabled || row.s.expiresAt.getTime() <= t.getTime() || idleDeadline <= t.getTime()) {
    await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
    return null;
  }
  // Touch at most once a minute: keeps the idle clock honest without a write per request.
  if (t.getTime() - row.s.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: t }).where(eq(sessions.tokenHash, tokenHash));
  }
  const ms = toMemberships(
    typeof row.ms === 'string' ? (JSON.parse(row.ms) as MembershipRow[]) : row.ms,
  );
  // Judged on every request, not only at sign-in: someone given a partnership
  // role, or who set up an app, during a password-only session must pass it too.
  const needs = row.totp || roleRequiresSecondFactor(ms);
  const owing = row.s.pendingSecondFactor || (needs && !isMultiFactor(row.s.method));
  return {
    tokenHash,
    secondFactor: owing ? secondFactorStateFor(ms, row.totp) : 'none',
    principal: { userId: row.u.id, email: row.u.email, name: row.u.name, memberships: ms },
  };
}

export async function revokeSession(db: Db, tokenHash: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
}

export async function revokeAllSessions(db: Db, userId: string): Promise<void> {
  await db.delete(sessions).where(and(eq(sessions.userId, userId)));
}
