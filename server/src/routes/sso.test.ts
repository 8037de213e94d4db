/**
 * Single sign-on end to end against a real OpenID Connect provider
 * (`oidc-provider`) on loopback: the browser's round trip is followed with
 * real redirects, cookies, PKCE and a real token exchange.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, identities, invitations, memberships, users } from '../db/schema';
import { loadConfig } from '../config';
import {
  createTestContext,
  createUser,
  enrolmentOf,
  freshCode,
  client,
  world,
  type TestContext,
  type World,
} from '../testing';
import {
  signInAtProvider,
  startOidcProvider,
  type TestAccount,
  type TestOidcProvider,
} from '../testing/oidc-provider';

let idp: TestOidcProvider;
let t: TestContext;
let w: World;

beforeAll(async () => {
  idp = await startOidcProvider();
  t = await createTestContext({
    config: loadConfig({
      NODE_ENV: 'test',
      WEB_DIST: '/nonexistent',
      OIDC_ISSUER: idp.issuer,
      OIDC_CLIENT_ID: idp.clientId,
      OIDC_CLIENT_SECRET: idp.clientSecret,
      OIDC_DISPLAY_NAME: 'Northbridge NHS account',
    }),
  });
  w = await world(t.database.db);
});
afterAll(async () => {
  await t.close();
  await idp.close();
});

interface Outcome {
  /** Where our callback sent the browser. */
  location: string;
  /** The session cookie it set, if any. */
  session: string;
}

/** The browser's whole round trip: our /start, the provider, our /callback. */
async function ssoSignIn(
  who: TestAccount,
  opts: { swapStateCookie?: string } = {},
): Promise<Outcome> {
  idp.nextLogin = who;
  const start = await t.app.request('/api/auth/oidc/start');
  expect(start.status).toBe(302);
  const toProvider = start.headers.get('location') ?? '';
  expect(toProvider.startsWith(`${idp.issuer}/auth?`)).toBe(true);
  const params = new URL(toProvider).searchParams;
  expect(params.get('code_challenge_method')).toBe('S256');
  expect(params.get('nonce')).toBeTruthy();
  const stateCookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  expect(stateCookie).toMatch(/^s11_sso=/);
  const back = await signInAtProvider(toProvider, idp.redirectUri);
  const callback = await t.app.request(back.pathname + back.search, {
    headers: { cookie: opts.swapStateCookie ?? stateCookie },
  });
  expect(callback.status).toBe(303);
  const session =
    callback.headers
      .getSetCookie()
      .map((c) => c.split(';')[0] ?? '')
      .find((c) => c.startsWith('s11_session=') && c !== 's11_session=') ?? '';
  return { location: callback.headers.get('location') ?? '', session };
}

const me = (session: string) => t.app.request('/api/auth/me', { headers: { cookie: session } });

describe('single sign-on with an OpenID Connect provider', () => {
  it('says whether it is configured, with the name for the button', async () => {
    const res = await client(t.app).get('/api/auth/oidc');
    expect(res.body).toEqual({ enabled: true, displayName: 'Northbridge NHS account' });
  });

  it('links an existing account by verified email, then signs in by the identity alone', async () => {
    const out = await ssoSignIn({
      sub: 'entra-editor-a1',
      email: 'EDITOR-A1@example.org',
      emailVerified: true,
    });
    expect(out.location).toBe('/sign-in/sso');
    const res = await me(out.session);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { email: string }).email).toBe(w.people.editorA1.email);
    const [link] = await t.database.db
      .select()
      .from(identities)
      .where(eq(identities.subject, 'entra-editor-a1'));
    expect(link).toMatchObject({ issuer: idp.issuer, userId: w.people.editorA1.id });

    // Later the provider reports another email: the identity still signs in its account.
    const again = await ssoSignIn({
      sub: 'entra-editor-a1',
      email: 'renamed@example.org',
      emailVerified: true,
    });
    const res2 = await me(again.session);
    expect(((await res2.json()) as { email: string }).email).toBe(w.people.editorA1.email);
  });

  it('refuses to link by an email the provider has not verified', async () => {
    const out = await ssoSignIn({
      sub: 'unverified-signatory',
      email: w.people.signatoryA1.email,
      emailVerified: false,
    });
    expect(out).toEqual({ location: '/sign-in?sso=unverified', session: '' });
    expect(
      await t.database.db
        .select()
        .from(identities)
        .where(eq(identities.subject, 'unverified-signatory')),
    ).toEqual([]);
  });

  it('refuses someone with no account and no invitation', async () => {
    const out = await ssoSignIn({
      sub: 'stranger',
      email: 'stranger@example.org',
      emailVerified: true,
    });
    expect(out).toEqual({ location: '/sign-in?sso=unknown', session: '' });
  });

  it('a pending invitation to the verified email creates the account with the invited role', async () => {
    const email = `invited-${crypto.randomUUID().slice(0, 6)}@example.org`;
    await t.database.db.insert(invitations).values({
      id: crypto.randomUUID(),
      tokenHash: crypto.randomUUID(),
      email,
      name: 'Invited Person',
      role: 'org_editor',
      organisationId: w.orgA2.id,
      partnershipId: w.pA.id,
      invitedBy: w.people.managerA.id,
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    const out = await ssoSignIn({ sub: 'new-person', email, emailVerified: true, name: 'Kim Lee' });
    expect(out.location).toBe('/sign-in/sso');
    const [user] = await t.database.db.select().from(users).where(eq(users.email, email));
    expect(user).toMatchObject({ name: 'Kim Lee', passwordHash: null });
    const ms = await t.database.db
      .select()
      .from(memberships)
      .where(eq(memberships.userId, user?.id ?? ''));
    expect(ms.map((m) => [m.role, m.organisationId])).toEqual([['org_editor', w.orgA2.id]]);
    const [inv] = await t.database.db
      .select()
      .from(invitations)
      .where(eq(invitations.email, email));
    expect(inv?.acceptedAt).not.toBeNull();
    expect((await me(out.session)).status).toBe(200);
  });

  it('refuses an account its manager disabled, and its open session ends; re-enabled, it signs in again', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const who = { sub: `entra-${person.id}`, email: person.email, emailVerified: true };
    const first = await ssoSignIn(who);
    expect((await me(first.session)).status).toBe(200);
    const manager = await client(t.app).login(w.people.managerA.email);
    const base = `/api/partnerships/${w.pA.id}/users/${person.id}`;
    expect((await manager.post(`${base}/disable`)).status).toBe(204);
    expect((await me(first.session)).status).toBe(401);
    expect(await ssoSignIn(who)).toEqual({ location: '/sign-in?sso=disabled', session: '' });
    expect((await manager.post(`${base}/enable`)).status).toBe(204);
    const back = await ssoSignIn(who);
    expect((await me(back.session)).status).toBe(200);
  });

  it('a manager whose provider did multi-factor authentication (amr mfa) is signed in', async () => {
    const out = await ssoSignIn({
      sub: 'entra-manager-a',
      email: w.people.managerA.email,
      emailVerified: true,
      amr: ['pwd', 'mfa'],
    });
    expect(out.location).toBe('/sign-in/sso');
    expect(
      (await t.app.request(`/api/partnerships/${w.pA.id}`, { headers: { cookie: out.session } }))
        .status,
    ).toBe(200);
  });

  it('a manager whose provider did not report multi-factor still owes the TOTP code', async () => {
    const m = await createUser(t.database.db, [
      { role: 'partnership_manager', partnershipId: w.pA.id },
    ]);
    // Set up the app once with a password sign-in (the one test helper).
    await client(t.app).login(m.email);
    const out = await ssoSignIn({ sub: 'entra-manager-2', email: m.email, emailVerified: true });
    expect(out.location).toBe('/sign-in/code');
    const blocked = await t.app.request(`/api/partnerships/${w.pA.id}`, {
      headers: { cookie: out.session },
    });
    expect(blocked.status).toBe(401);
    expect(((await blocked.json()) as { secondFactor: string }).secondFactor).toBe('verify');
    const e = enrolmentOf(t.app, m.email);
    if (!e) throw new Error('not enrolled');
    const verify = await t.app.request('/api/auth/second-factor/verify', {
      method: 'POST',
      headers: { cookie: out.session, 'content-type': 'application/json' },
      body: JSON.stringify({ code: await freshCode(t.app, e) }),
    });
    expect(verify.status).toBe(200);
    const full = (verify.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    expect(
      (await t.app.request(`/api/partnerships/${w.pA.id}`, { headers: { cookie: full } })).status,
    ).toBe(200);
  });

  it('refuses an ID token with the wrong audience', async () => {
    idp.tamper = (claims) => ({ ...claims, aud: 'another-service' });
    try {
      const out = await ssoSignIn({
        sub: 'entra-editor-a1',
        email: w.people.editorA1.email,
        emailVerified: true,
      });
      expect(out).toEqual({ location: '/sign-in?sso=failed', session: '' });
    } finally {
      idp.tamper = null;
    }
    const refused = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.action, 'sign_in_failed')));
    expect(refused.some((r) => r.detail.reason === 'sso_token_refused')).toBe(true);
  });

  it('refuses an ID token with the wrong nonce', async () => {
    idp.tamper = (claims) => ({ ...claims, nonce: 'a-nonce-from-another-sign-in' });
    try {
      const out = await ssoSignIn({
        sub: 'entra-editor-a1',
        email: w.people.editorA1.email,
        emailVerified: true,
      });
      expect(out).toEqual({ location: '/sign-in?sso=failed', session: '' });
    } finally {
      idp.tamper = null;
    }
  });

  it('refuses a callback from a browser that did not start the sign-in (login CSRF)', async () => {
    const out = await ssoSignIn(
      { sub: 'entra-editor-a1', email: w.people.editorA1.email, emailVerified: true },
      { swapStateCookie: 's11_sso=somebody-elses-state' },
    );
    expect(out).toEqual({ location: '/sign-in?sso=failed', session: '' });
  });

  it('refuses a replayed callback: each sign-in attempt is used once', async () => {
    idp.nextLogin = { sub: 'entra-editor-a1', email: w.people.editorA1.email, emailVerified: true };
    const start = await t.app.request('/api/auth/oidc/start');
    const cookie = (start.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const back = await signInAtProvider(start.headers.get('location') ?? '', idp.redirectUri);
    const first = await t.app.request(back.pathname + back.search, { headers: { cookie } });
    expect(first.headers.get('location')).toBe('/sign-in/sso');
    const replay = await t.app.request(back.pathname + back.search, { headers: { cookie } });
    expect(replay.headers.get('location')).toBe('/sign-in?sso=failed');
  });

  it('is off, and says so, without configuration', async () => {
    const plain = await createTestContext({ database: t.database });
    expect((await client(plain.app).get('/api/auth/oidc')).body).toEqual({ enabled: false });
    const res = await plain.app.request('/api/auth/oidc/start');
    expect(res.headers.get('location')).toBe('/sign-in?sso=off');
  });
});
