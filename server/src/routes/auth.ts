/**
 * Sign-in, sign-out and the current user. Invitations: routes/invitations.ts.
 */
import { eq, inArray } from 'drizzle-orm';
import { Hono } from 'hono';
import { CurrentUserSchema, LoginSchema, type CurrentUser } from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit, clientIp } from '../audit';
import { requirePrincipal } from '../auth/access';
import { verifyPassword } from '../auth/passwords';
import {
  SIGN_IN_ACCOUNT,
  SIGN_IN_ADDRESS,
  accountKey,
  addressKey,
  clear,
  hit,
  refund,
  tooManyRequests,
} from '../auth/rate-limit';
import { secondFactorNeeded, secondFactorStateFor, totpEnrolled } from '../auth/second-factor';
import { clearSessionCookie, loadMemberships, revokeSession, startSession } from '../auth/sessions';
import { organisationPartnerships, organisations, partnerships, users } from '../db/schema';
import { HttpProblem, problemResponse } from '../http/problem';
import { jsonBody } from '../http/validate';
import { INVALID, describe, json } from '../http/openapi-route';
import type { Db } from '../db/client';
import type { Principal } from '../auth/principal';

/** The signed-in user's answer from their principal and the places they work with. */
export function toCurrentUser(
  p: Principal,
  orgs: (typeof organisations.$inferSelect)[],
  parts: (typeof partnerships.$inferSelect)[],
): CurrentUser {
  return {
    id: p.userId,
    email: p.email,
    name: p.name,
    memberships: p.memberships,
    organisations: orgs.map((o) => ({
      id: o.id,
      name: o.name,
      // Checked on the way in (OrganisationInputSchema); the columns are text.
      sector: o.sector,
      subType: o.subType,
      usualVariant: o.usualVariant,
    })),
    partnerships: parts.map((x) => ({ id: x.id, name: x.name, shortName: x.shortName })),
  };
}

/** What the web app needs to know about the signed-in user. */
export async function describeUser(db: Db, p: Principal): Promise<CurrentUser> {
  const orgIds = p.memberships.flatMap((m) =>
    m.scope === 'organisation' ? [m.organisationId] : [],
  );
  // The partnerships this person works with: their own, and those of their organisations.
  const viaOrgs = orgIds.length
    ? (
        await db
          .select()
          .from(organisationPartnerships)
          .where(inArray(organisationPartnerships.organisationId, orgIds))
      ).map((l) => l.partnershipId)
    : [];
  const pIds = [
    ...new Set([
      ...p.memberships.flatMap((m) => (m.scope === 'partnership' ? [m.partnershipId] : [])),
      ...viaOrgs,
    ]),
  ];
  const orgs = orgIds.length
    ? await db.select().from(organisations).where(inArray(organisations.id, orgIds))
    : [];
  const parts = pIds.length
    ? await db.select().from(partnerships).where(inArray(partnerships.id, pIds))
    : [];
  return toCurrentUser(p, orgs, parts);
}

export function authRoutes() {
  return new Hono<AppEnv>()
    .post(
      '/login',
      describe({
        operationId: 'signIn',
        summary: 'Sign in (sets the session cookie)',
        description:
          'Partnership staff, and anyone who set up an authenticator app, get a 401 with `secondFactor` (`setup` or `verify`) and a session that reaches only the second-factor routes.',
        tags: ['auth'],
        public: true,
        responses: {
          200: json(CurrentUserSchema, 'Signed in: the user'),
          401: 'Wrong email or password, a disabled account, or a second factor still owed (`secondFactor`)',
          422: INVALID,
          429: 'Too many attempts for this account or address (Retry-After)',
        },
      }),
      jsonBody(LoginSchema),
      async (c) => {
        const { email, password } = c.req.valid('json');
        const { database, now } = c.get('deps');
        const db = database.db;
        const t = now();
        const ip = clientIp(c);
        // Each attempt is counted before the password is checked, in one
        // statement per key, so a parallel burst cannot slip past the limit.
        const [account, address] = await Promise.all([
          hit(db, accountKey(email), SIGN_IN_ACCOUNT, t),
          hit(db, addressKey(ip), SIGN_IN_ADDRESS, t),
        ]);
        if (!account.allowed || !address.allowed) {
          // One audit row per key per window (its first refusal), not one per
          // attempt: a flood of refused sign-ins cannot fill the audit log.
          const first =
            account.count === SIGN_IN_ACCOUNT.limit + 1 ||
            address.count === SIGN_IN_ADDRESS.limit + 1;
          if (first)
            await audit(c, {
              action: 'sign_in_failed',
              actorEmail: email,
              actorUserId: null,
              detail: {
                reason: 'rate_limited',
                limit: account.allowed ? 'address' : 'account',
                untilSeconds: Math.max(
                  account.allowed ? 0 : account.retryAfterSeconds,
                  address.allowed ? 0 : address.retryAfterSeconds,
                ),
              },
            });
          throw tooManyRequests(
            Math.max(
              account.allowed ? 0 : account.retryAfterSeconds,
              address.allowed ? 0 : address.retryAfterSeconds,
            ),
          );
        }
        const [user] = await db.select().from(users).where(eq(users.email, email)).limit(1);
        const ok = await verifyPassword(user?.passwordHash ?? null, password);
        if (!user || !ok || user.disabled) {
          await audit(c, {
            action: 'sign_in_failed',
            actorEmail: email,
            actorUserId: user?.id ?? null,
            detail: { reason: user?.disabled ? 'disabled' : 'bad_credentials' },
          });
          throw new HttpProblem(
            401,
            'Sign-in failed',
            'The email address or password is not right, or the account is not active.',
            [{ path: 'password', message: 'Check your email address and password and try again' }],
          );
        }
        // A success clears its account's count and does not use up its address's.
        await Promise.all([clear(db, accountKey(email)), refund(db, addressKey(ip))]);
        const principal: Principal = {
          userId: user.id,
          email: user.email,
          name: user.name,
          memberships: await loadMemberships(db, user.id),
        };
        // Partnership staff (and anyone who set up an app) are not signed in
        // yet: the session reaches only the second-factor routes until then.
        const owed = secondFactorStateFor(principal.memberships, await totpEnrolled(db, user.id));
        if (owed !== 'none') {
          await startSession(c, user.id, { pendingSecondFactor: true });
          return problemResponse(c, secondFactorNeeded(owed));
        }
        await startSession(c, user.id);
        // Sign-ins are filed under each partnership the person works with, so its managers see them.
        for (const partnershipId of await partnershipsOf(db, principal)) {
          await audit(c, {
            action: 'sign_in',
            actorEmail: user.email,
            actorUserId: user.id,
            partnershipId,
          });
        }
        return c.json(await describeUser(db, principal));
      },
    )
    .post(
      '/logout',
      describe({
        operationId: 'signOut',
        summary: 'Sign out (revokes the session on the server)',
        tags: ['auth'],
        public: true,
        responses: { 204: 'Signed out (also when no session was sent)' },
      }),
      async (c) => {
        const tokenHash = c.get('sessionTokenHash');
        if (tokenHash) {
          await revokeSession(c.get('deps').database.db, tokenHash);
          await audit(c, { action: 'sign_out' });
        }
        clearSessionCookie(c);
        return c.body(null, 204);
      },
    )
    .get(
      '/me',
      describe({
        operationId: 'getCurrentUser',
        summary: 'The signed-in user, memberships, organisations and partnerships',
        tags: ['auth'],
        responses: { 200: json(CurrentUserSchema, 'The signed-in user') },
      }),
      async (c) => {
        const p = requirePrincipal(c);
        return c.json(await describeUser(c.get('deps').database.db, p));
      },
    );
}

export async function partnershipsOf(db: Db, p: Principal): Promise<(string | null)[]> {
  const direct = p.memberships.flatMap((m) => (m.scope === 'partnership' ? [m.partnershipId] : []));
  const orgIds = p.memberships.flatMap((m) =>
    m.scope === 'organisation' ? [m.organisationId] : [],
  );
  const viaOrgs = orgIds.length
    ? (
        await db
          .select()
          .from(organisationPartnerships)
          .where(inArray(organisationPartnerships.organisationId, orgIds))
      ).map((l) => l.partnershipId)
    : [];
  const all = [...new Set([...direct, ...viaOrgs])];
  return all.length ? all : [null];
}
