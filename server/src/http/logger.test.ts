/**
 * The server's log, captured during a run with hostile content: no form
 * content, SQL parameter, query string, cookie or token in it; errors logged
 * as class, code and stack with the request id; X-Request-Id on every answer.
 */
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Problem } from '@s11/shared';
import { loadConfig } from '../config';
import {
  client,
  createOrganisation,
  createRatedReturn,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';
import { jsonLogger, redactPath } from './logger';

const lines: string[] = [];
let t: TestContext;
let w: World;
let manager: ApiClient;
let submittedId: string;

beforeAll(async () => {
  t = await createTestContext({ log: jsonLogger((l) => lines.push(l)) });
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
  const org = await createOrganisation(t.database.db, [w.pA.id], { name: 'A3 School' });
  submittedId = await createRatedReturn(t.database.db, w.cycleA.id, org.id, Array(8).fill('green'));
});
afterAll(() => t.close());

const log = () => lines.join('\n');

describe('what the log never holds', () => {
  it('a database error is logged as class, code and stack with the request id, not its values', async () => {
    // A real database refusal whose message carries the failed query's parameters.
    await t.database.db.execute(
      sql.raw(
        `alter table moderations add constraint no_marker check (comment not like '%SAFEGUARDING-MARKER%')`,
      ),
    );
    const res = await manager.put<Problem & { requestId: string }>(
      `/api/returns/${submittedId}/moderation/2`,
      { rag: 'red', comment: 'Child X disclosed SAFEGUARDING-MARKER at school' },
    );
    expect(res.status).toBe(500);
    expect(res.body.requestId).toBe(res.headers.get('x-request-id'));
    const entry = lines
      .map((l) => JSON.parse(l) as Record<string, unknown>)
      .find((e) => e.msg === 'unhandled error');
    expect(entry).toMatchObject({ level: 'error', requestId: res.body.requestId, code: '23514' });
    expect(entry?.errorClass).toEqual(expect.any(String));
    expect(entry?.stack).toEqual(expect.any(Array));
    expect(log()).not.toContain('SAFEGUARDING-MARKER');
    expect(log()).not.toContain('Child X');
  });

  it('invitation tokens, names, passwords, query strings and cookies stay out', async () => {
    await manager.post(`/api/partnerships/${w.pA.id}/invitations`, {
      email: 'invitee-marker@example.org',
      name: 'INVITEE-NAME-MARKER',
      role: 'partnership_viewer',
    });
    const mail = await manager.get<{ mail: { body: string }[] }>(
      `/api/partnerships/${w.pA.id}/mailbox`,
    );
    const token = /\/invitation\/([A-Za-z0-9_-]+)/.exec(mail.body.mail[0]?.body ?? '')?.[1] ?? '';
    expect(token.length).toBeGreaterThan(20);
    const anon = client(t.app);
    expect((await anon.get(`/api/auth/invitations/${token}`)).status).toBe(200);
    await anon.get(`/invitation/${token}`);
    await anon.post('/api/auth/invitations/accept', {
      token,
      name: 'ACCEPT-NAME-MARKER',
      password: 'PASSWORD-MARKER-long-enough',
    });
    await client(t.app).post('/api/auth/login', {
      email: 'nobody-marker@example.org',
      password: 'WRONG-PASSWORD-MARKER',
    });
    await manager.get('/api/sync/pull?cursor=QUERY-MARKER');
    const text = log();
    for (const secret of [
      token,
      'INVITEE-NAME-MARKER',
      'ACCEPT-NAME-MARKER',
      'PASSWORD-MARKER',
      'invitee-marker',
      'nobody-marker',
      'QUERY-MARKER',
      manager.cookie.split('=')[1] ?? 'no-cookie',
    ]) {
      expect(text, secret).not.toContain(secret);
    }
    expect(text).toContain('/api/auth/invitations/:token');
    expect(text).toContain('/invitation/:token');
  });

  it('replaces tokens in any reset or set-up path', () => {
    expect(redactPath('/api/auth/password-reset/abc')).toBe('/api/auth/password-reset/:token');
    expect(redactPath('/reset/xyz')).toBe('/reset/:token');
    expect(redactPath('/api/auth/invitations/accept')).toBe('/api/auth/invitations/accept');
    expect(redactPath('/set-up/Zm9vYmFyYmF6cXV4cXV1eA')).toBe('/set-up/:token');
    expect(redactPath('/anything/Zm9vYmFyYmF6cXV4cXV1eHl6')).toBe('/anything/:token');
    const id = crypto.randomUUID();
    expect(redactPath(`/api/returns/${id}/status`)).toBe(`/api/returns/${id}/status`);
  });
});

describe('X-Request-Id', () => {
  it('is on every answer, success or problem, and not taken from the client by default', async () => {
    const ok = await manager.get('/api/auth/me');
    const missing = await manager.get<Problem & { requestId: string }>('/api/nowhere');
    expect(ok.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(missing.headers.get('x-request-id')).toBe(missing.body.requestId);
    const claimed = await client(t.app, { 'x-request-id': 'client-chosen-id' }).get('/api/health');
    expect(claimed.headers.get('x-request-id')).not.toBe('client-chosen-id');
  });

  it('is taken from a trusted proxy when well-formed', async () => {
    const t2 = await createTestContext({
      config: loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent', TRUST_PROXY: '1' }),
    });
    try {
      const good = await client(t2.app, { 'x-request-id': 'proxy-req-12345' }).get('/api/health');
      expect(good.headers.get('x-request-id')).toBe('proxy-req-12345');
      for (const bad of ['has spaces in it', 'x'.repeat(200), 'short', 'a\u00e9b-12345678']) {
        const res = await client(t2.app, { 'x-request-id': bad }).get('/api/health');
        expect(res.headers.get('x-request-id')).not.toBe(bad);
      }
    } finally {
      await t2.close();
    }
  });
});
