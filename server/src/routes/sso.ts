/**
 * Single sign-on (OpenID Connect), under /api/auth/oidc:
 * - GET /            whether it is configured, and the provider's display name;
 * - GET /start       sends the browser to the provider (code flow, PKCE, state, nonce);
 * - GET /callback    the provider sends the browser back: the code is exchanged,
 *                    the ID token checked (auth/oidc.ts), the identity linked to
 *                    an account, a session started, and the browser sent to the
 *                    web app's /sign-in/sso page (or the second-factor pages).
 *
 * Linking: an identity already linked signs in its account. Otherwise an
 * account with the same email is linked, but only when the provider says the
 * email is verified; or, with no account, a pending invitation to that
 * verified email creates one (no password) with the invited role. Anything
 * else is refused. Every refusal is a redirect to the sign-in page with a
 * reason, never a 500.
 */
import { and, eq, gt, isNull, lt } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { SSO_REFUSAL_REASONS, SsoStatusSchema, type SsoRefusal, type SsoStatus } from '@s11/shared';
import type { AppEnv } from '../app-env';
import { audit } from '../audit';
import {
  authorisationRedirect,
  completeLogin,
  oidcSettings,
  type VerifiedIdentity,
} from '../auth/oidc';
import { secondFactorStateFor, totpEnrolled, type SignInMethod } from '../auth/second-factor';
import { loadMemberships, startSession } from '../auth/sessions';
import { hashToken } from '../auth/tokens';
import { identities, invitations, memberships, ssoAttempts, users } from '../db/schema';
import type { Db } from '../db/client';
import { describe, json } from '../http/openapi-route';
import { isHttps } from '../http/security';
import { partnershipsOf } from './auth';

/** The browser that started a sign-in must be the one that finishes it. */
const STATE_COOKIE = 's11_sso';
const ATTEMPT_MINUTES = 10;

function publicOrigin(c: Context<AppEnv>): string {
  return c.get('deps').config.PUBLIC_ORIGIN ?? new URL(c.req.url).origin;
}

export const callbackPath = '/api/auth/oidc/callback';

function refuse(c: Context<AppEnv>, reason: SsoRefusal) {
  deleteCookie(c, STATE_COOKIE, { path: '/api/auth/oidc' });
  return c.redirect(`/sign-in?sso=${reason}`, 303);
}

interface Linked {
  userId: string;
  how: 'identity' | 'email' | 'invitation';
}

/** Finds or links the account for a verified identity (see the header). */
async function linkAccount(db: Db, id: VerifiedIdentity, now: Date): Promise<Linked | SsoRefusal> {
  const [known] = await db
    .select({ userId: identities.userId })
    .from(identities)
    .where(and(eq(identities.issuer, id.issuer), eq(identities.subject, id.subject)))
    .limit(1);
  if (known) return { userId: known.userId, how: 'identity' };
  if (!id.email) return 'unknown';
  if (!id.emailVerified) return 'unverified';
  const email = id.email;
  return db.transaction(async (tx) => {
    const [user] = await tx.select().from(users).where(eq(users.email, email)).limit(1);
    if (user) {
      await tx
        .insert(identities)
        .values({ issuer: id.issuer, subject: id.subject, userId: user.id, email })
        .onConflictDoNothing();
      return { userId: user.id, how: 'email' as const };
    }
    const open = await tx
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.email, email),
          isNull(invitations.acceptedAt),
          isNull(invitations.revokedAt),
          gt(invitations.expiresAt, now),
        ),
      );
    if (!open.length) return 'unknown' as const;
    const userId = crypto.randomUUID();
    await tx.insert(users).values({ id: userId, email, name: id.name || open[0]?.name || '' });
    for (const inv of open) {
      await tx.insert(memberships).values({
        id: crypto.randomUUID(),
        userId,
        role: inv.role,
        organisationId: inv.organisationId,
        partnershipId: inv.organisationId ? null : inv.partnershipId,
      });
      await tx.update(invitations).set({ acceptedAt: now }).where(eq(invitations.id, inv.id));
    }
    await tx.insert(identities).values({ issuer: id.issuer, subject: id.subject, userId, email });
    return { userId, how: 'invitation' as const };
  });
}

/** Where a refusal sends the browser, for the document. */
const REFUSED = `/sign-in?sso=<reason>, the reason one of ${SSO_REFUSAL_REASONS.join(', ')}`;

export function ssoRoutes() {
  return new Hono<AppEnv>()
    .get(
      '/',
      describe({
        operationId: 'getSsoStatus',
        summary: 'Whether single sign-on is configured, and the provider name for the button',
        tags: ['sso'],
        public: true,
        responses: { 200: json(SsoStatusSchema, 'Configured (with its name) or not') },
      }),
      (c) => {
        const s = oidcSettings(c.get('deps').config);
        const body: SsoStatus = s
          ? { enabled: true, displayName: s.displayName }
          : { enabled: false };
        return c.json(body);
      },
    )
    .get(
      '/start',
      describe({
        operationId: 'startSso',
        summary: "Send the browser to the organisation's OpenID provider (code flow with PKCE)",
        description:
          'A browser navigation, not a call: sets a short-lived HttpOnly cookie holding the state the callback must match.',
        tags: ['sso'],
        public: true,
        responses: {
          302: "To the provider's authorisation endpoint",
          303: `Refused: back to ${REFUSED} (\`off\` when not configured, \`failed\` when the provider does not answer)`,
        },
      }),
      async (c) => {
        const { config, database, now } = c.get('deps');
        const s = oidcSettings(config);
        if (!s) return refuse(c, 'off');
        let redirect;
        try {
          redirect = await authorisationRedirect(s, publicOrigin(c) + callbackPath);
        } catch (e) {
          c.get('deps').log({
            level: 'error',
            msg: 'OpenID provider unreachable',
            requestId: c.get('requestId'),
            error: e instanceof Error ? e.message : String(e),
          });
          return refuse(c, 'failed');
        }
        const t = now();
        // The verifier and nonce stay on the server; the browser holds only the state.
        await database.db.delete(ssoAttempts).where(lt(ssoAttempts.expiresAt, t));
        await database.db.insert(ssoAttempts).values({
          stateHash: hashToken(redirect.pending.state),
          nonce: redirect.pending.nonce,
          codeVerifier: redirect.pending.codeVerifier,
          createdAt: t,
          expiresAt: new Date(t.getTime() + ATTEMPT_MINUTES * 60_000),
        });
        setCookie(c, STATE_COOKIE, redirect.pending.state, {
          httpOnly: true,
          // Lax: sent on the provider's top-level redirect back to us.
          sameSite: 'Lax',
          path: '/api/auth/oidc',
          secure:
            publicOrigin(c).startsWith('https:') ||
            isHttps(c.req.url, c.req.header('x-forwarded-proto')),
          maxAge: ATTEMPT_MINUTES * 60,
        });
        return c.redirect(redirect.url.toString(), 302);
      },
    )
    .get(
      '/callback',
      describe({
        operationId: 'finishSso',
        summary: 'Where the provider sends the browser back; redirects into the web app',
        description:
          "The provider's query parameters (`code`, `state`, ...) are passed on to the token exchange; `state` must match the cookie set by `start`. The ID token is checked, the identity linked to an account (or a pending invitation to its verified email), and a session started.",
        tags: ['sso'],
        public: true,
        responses: {
          303: `Signed in: to /sign-in/sso, or /sign-in/set-up-authenticator or /sign-in/code while a second factor is owed. Refused: to ${REFUSED}`,
        },
      }),
      async (c) => {
        const { config, database, now, log } = c.get('deps');
        const s = oidcSettings(config);
        if (!s) return refuse(c, 'off');
        const state = c.req.query('state') ?? '';
        const cookieState = getCookie(c, STATE_COOKIE) ?? '';
        if (!state || state.length > 200 || state !== cookieState) return refuse(c, 'failed');
        // Single use: the attempt is deleted as it is read.
        const [attempt] = await database.db
          .delete(ssoAttempts)
          .where(eq(ssoAttempts.stateHash, hashToken(state)))
          .returning();
        if (!attempt || attempt.expiresAt <= now()) return refuse(c, 'failed');
        const callbackUrl = new URL(publicOrigin(c) + callbackPath);
        callbackUrl.search = new URL(c.req.url).search;
        let id: VerifiedIdentity;
        try {
          id = await completeLogin(s, callbackUrl, {
            state,
            nonce: attempt.nonce,
            codeVerifier: attempt.codeVerifier,
          });
        } catch (e) {
          // The reason (wrong audience, nonce, signature...) is logged; no token is.
          log({
            level: 'warn',
            msg: 'OpenID sign-in refused',
            requestId: c.get('requestId'),
            error: e instanceof Error ? e.message : String(e),
          });
          await audit(c, {
            action: 'sign_in_failed',
            actorUserId: null,
            detail: { reason: 'sso_token_refused' },
          });
          return refuse(c, 'failed');
        }
        const linked = await linkAccount(database.db, id, now());
        if (typeof linked === 'string') {
          await audit(c, {
            action: 'sign_in_failed',
            actorEmail: id.email ?? '',
            actorUserId: null,
            detail: { reason: `sso_${linked}` },
          });
          return refuse(c, linked);
        }
        const [user] = await database.db
          .select()
          .from(users)
          .where(eq(users.id, linked.userId))
          .limit(1);
        if (!user || user.disabled) return refuse(c, 'disabled');
        const ms = await loadMemberships(database.db, user.id);
        const owed = id.multiFactor
          ? 'none'
          : secondFactorStateFor(ms, await totpEnrolled(database.db, user.id));
        const method: SignInMethod = id.multiFactor ? 'oidc+mfa' : 'oidc';
        await startSession(c, user.id, { pendingSecondFactor: owed !== 'none', method });
        deleteCookie(c, STATE_COOKIE, { path: '/api/auth/oidc' });
        const principal = { userId: user.id, email: user.email, name: user.name, memberships: ms };
        // A sign-in still owing its second factor is recorded when that is passed.
        const files = owed === 'none' ? await partnershipsOf(database.db, principal) : [];
        for (const partnershipId of files) {
          await audit(c, {
            action: 'sign_in',
            actorEmail: user.email,
            actorUserId: user.id,
            partnershipId,
            detail: { method, linked: linked.how },
          });
        }
        return c.redirect(
          owed === 'setup'
            ? '/sign-in/set-up-authenticator'
            : owed === 'verify'
              ? '/sign-in/code'
              : '/sign-in/sso',
          303,
        );
      },
    );
}
