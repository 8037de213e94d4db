import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { auditLog } from '../db/schema';
import { loadConfig } from '../config';
import { RATE_LIMIT } from '../auth/rate-limit';
import {
  TEST_PASSWORD,
  client,
  createTestContext,
  createUser,
  world,
  type TestContext,
  type World,
} from '../testing';

let t: TestContext;
let w: World;
beforeAll(async () => {
  t = await createTestContext({
    config: loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent', TRUST_PROXY: 'true' }),
  });
  w = await world(t.database.db);
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('sets an HttpOnly, SameSite=Lax session cookie and returns the user with memberships', async () => {
    const c = client(t.app);
    const res = await c.post<{ email: string; organisations: { name: string }[] }>(
      '/api/auth/login',
      { email: w.people.editorA1.email, password: TEST_PASSWORD },
    );
    expect(res.status).toBe(200);
    expect(res.body.email).toBe(w.people.editorA1.email);
    expect(res.body.organisations.map((o) => o.name)).toEqual(['A1 NHS Trust']);
    // The partnership the organisation belongs to, for the header.
    expect(
      (res.body as unknown as { partnerships: { name: string }[] }).partnerships.map((p) => p.name),
    ).toEqual(['Partnership A']);
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^s11_session=[A-Za-z0-9_-]{43};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).toContain('Path=/');
    expect((await c.get('/api/auth/me')).status).toBe(200);
  });

  it('uses a __Host- cookie with Secure when served over HTTPS', async () => {
    const c = client(t.app, { 'x-forwarded-proto': 'https' });
    const res = await c.post('/api/auth/login', {
      email: w.people.editorA1.email,
      password: TEST_PASSWORD,
    });
    const cookie = res.headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^__Host-s11_session=/);
    expect(cookie).toContain('Secure');
    expect(res.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    );
  });

  it('issues a new session id at every sign-in', async () => {
    const a = await client(t.app).login(w.people.editorA1.email);
    const b = await client(t.app).login(w.people.editorA1.email);
    expect(a.cookie).not.toBe(b.cookie);
  });

  it('answers a wrong password with 401 problem+json and records the failure', async () => {
    const c = client(t.app, { 'x-forwarded-for': '203.0.113.9' });
    const res = await c.post<{ title: string }>('/api/auth/login', {
      email: w.people.viewerA.email,
      password: 'not the password at all',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(res.body.title).toBe('Sign-in failed');
    const rows = await t.database.db
      .select()
      .from(auditLog)
      .where(eq(auditLog.actorEmail, w.people.viewerA.email));
    expect(rows.map((r) => r.action)).toContain('sign_in_failed');
  });

  it('rate-limits an account after repeated failures, with Retry-After, even with the right password', async () => {
    const victim = await createUser(t.database.db, [], { email: 'victim@example.org' });
    for (let i = 0; i < RATE_LIMIT.perAccount; i++) {
      const r = await client(t.app, { 'x-forwarded-for': `198.51.100.${String(i)}` }).post(
        '/api/auth/login',
        { email: victim.email, password: 'wrong password here' },
      );
      expect(r.status).toBe(401);
    }
    const blocked = await client(t.app, { 'x-forwarded-for': '198.51.100.200' }).post(
      '/api/auth/login',
      { email: victim.email, password: TEST_PASSWORD },
    );
    expect(blocked.status).toBe(429);
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    t.advance(RATE_LIMIT.windowMs + 1000);
    const later = await client(t.app, { 'x-forwarded-for': '198.51.100.201' }).post(
      '/api/auth/login',
      { email: victim.email, password: TEST_PASSWORD },
    );
    expect(later.status).toBe(200);
  });

  it('rate-limits an address trying many accounts', async () => {
    const ip = { 'x-forwarded-for': '192.0.2.77' };
    for (let i = 0; i < RATE_LIMIT.perAddress; i++) {
      await client(t.app, ip).post('/api/auth/login', {
        email: `nobody${String(i)}@example.org`,
        password: 'wrong password here',
      });
    }
    const res = await client(t.app, ip).post('/api/auth/login', {
      email: w.people.managerA.email,
      password: TEST_PASSWORD,
    });
    expect(res.status).toBe(429);
  });
});

describe('sessions', () => {
  it('revokes the session on the server at sign-out', async () => {
    const c = await client(t.app).login(w.people.editorA2.email);
    const stolen = c.cookie;
    expect((await c.post('/api/auth/logout')).status).toBe(204);
    const replay = client(t.app);
    replay.cookie = stolen;
    expect((await replay.get('/api/auth/me')).status).toBe(401);
  });

  it('revokes every session when a manager disables the account', async () => {
    const person = await createUser(t.database.db, [
      { role: 'org_editor', organisationId: w.orgA1.id },
    ]);
    const c = await client(t.app).login(person.email);
    const manager = await client(t.app).login(w.people.managerA.email);
    expect(
      (await manager.post(`/api/partnerships/${w.pA.id}/users/${person.id}/disable`)).status,
    ).toBe(204);
    expect((await c.get('/api/auth/me')).status).toBe(401);
    const again = await client(t.app).post('/api/auth/login', {
      email: person.email,
      password: TEST_PASSWORD,
    });
    expect(again.status).toBe(401);
  });

  it('does not let a manager disable someone outside their partnership', async () => {
    const manager = await client(t.app).login(w.people.managerA.email);
    expect(
      (await manager.post(`/api/partnerships/${w.pA.id}/users/${w.people.editorB1.id}/disable`))
        .status,
    ).toBe(404);
  });

  it('ends a session after the idle timeout', async () => {
    const c = await client(t.app).login(w.people.viewerA.email);
    t.advance(t.deps.config.SESSION_IDLE_MINUTES * 60_000 + 1000);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });

  it('ends a session at the absolute timeout even when it is used', async () => {
    const c = await client(t.app).login(w.people.viewerA.email);
    const step = (t.deps.config.SESSION_IDLE_MINUTES - 1) * 60_000;
    let elapsed = 0;
    while (elapsed + step < t.deps.config.SESSION_ABSOLUTE_HOURS * 3600_000) {
      t.advance(step);
      elapsed += step;
      expect((await c.get('/api/auth/me')).status).toBe(200);
    }
    t.advance(t.deps.config.SESSION_ABSOLUTE_HOURS * 3600_000 - elapsed + 1000);
    expect((await c.get('/api/auth/me')).status).toBe(401);
  });
});

describe('invitations', () => {
  it('lets a manager invite by email; the link from the development mailbox sets a password and signs in', async () => {
    const manager = await client(t.app).login(w.people.managerA.email);
    const sent = await manager.post('/api/partnerships/' + w.pA.id + '/invitations', {
      email: 'New.DSL@Example.org',
      name: 'New DSL',
      role: 'org_editor',
      organisationId: w.orgA1.id,
    });
    expect(sent.status).toBe(201);
    const mail = await manager.get<{ mail: { to: string; body: string }[] }>(
      `/api/partnerships/${w.pA.id}/mailbox`,
    );
    const message = mail.body.mail.find((m) => m.to === 'new.dsl@example.org');
    const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(message?.body ?? '')?.[1] ?? '';
    expect(token).not.toBe('');

    const invitee = client(t.app);
    expect((await invitee.get(`/api/auth/invitations/${token}`)).body).toMatchObject({
      email: 'new.dsl@example.org',
      role: 'org_editor',
    });
    const weak = await invitee.post<{ errors: { path: string; message: string }[] }>(
      '/api/auth/invitations/accept',
      { token, name: 'New DSL', password: 'password1234' },
    );
    expect(weak.status).toBe(422);
    expect(weak.body.errors[0]).toEqual({
      path: 'password',
      message: expect.stringContaining('too common') as string,
    });
    const short = await invitee.post('/api/auth/invitations/accept', {
      token,
      name: 'New DSL',
      password: 'short',
    });
    expect(short.status).toBe(422);
    const long = 'a'.repeat(64) + ' with spaces ✓';
    const ok = await invitee.post('/api/auth/invitations/accept', {
      token,
      name: 'New DSL',
      password: long,
    });
    expect(ok.status).toBe(201);
    const me = await invitee.get<{ organisations: { id: string }[] }>('/api/auth/me');
    expect(me.body.organisations.map((o) => o.id)).toEqual([w.orgA1.id]);
    // The link works once.
    expect(
      (
        await client(t.app).post('/api/auth/invitations/accept', {
          token,
          name: 'X',
          password: long,
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await client(t.app).post('/api/auth/login', {
          email: 'new.dsl@example.org',
          password: long,
        })
      ).status,
    ).toBe(200);
  });

  it('refuses an organisation role without an organisation', async () => {
    const manager = await client(t.app).login(w.people.managerA.email);
    const res = await manager.post<{ errors: { path: string }[] }>(
      `/api/partnerships/${w.pA.id}/invitations`,
      { email: 'x@example.org', role: 'org_editor' },
    );
    expect(res.status).toBe(422);
    expect(res.body.errors[0]?.path).toBe('organisationId');
  });
});
