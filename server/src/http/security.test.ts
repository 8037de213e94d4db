import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES } from '../app';
import {
  client,
  createTestContext,
  world,
  type ApiClient,
  type TestContext,
  type World,
} from '../testing';
import { CONTENT_SECURITY_POLICY } from './security';

let t: TestContext;
let w: World;
let manager: ApiClient;
beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  manager = await client(t.app).login(w.people.managerA.email);
});
afterAll(() => t.close());

const orgPath = () => `/api/partnerships/${w.pA.id}/organisations`;

describe('security headers', () => {
  it('are on every response, exactly', async () => {
    for (const path of ['/api/health', '/api/nope', '/']) {
      const res = await t.app.request(path);
      expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('DENY');
      expect(res.headers.get('referrer-policy')).toBe('same-origin');
      // HSTS only over HTTPS.
      expect(res.headers.get('strict-transport-security')).toBeNull();
    }
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("worker-src 'self'");
    expect((await t.app.request('/api/health')).headers.get('cache-control')).toBe('no-store');
  });
});

describe('cross-site protection', () => {
  it('refuses a state-changing request from another origin', async () => {
    const res = await manager.request(
      'POST',
      orgPath(),
      { name: 'X', sector: 'faith', usualVariant: 'light' },
      { origin: 'https://evil.example' },
    );
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
  });

  it('refuses a cross-site fetch by Sec-Fetch-Site', async () => {
    const res = await manager.request(
      'POST',
      orgPath(),
      { name: 'X', sector: 'faith', usualVariant: 'light' },
      { 'sec-fetch-site': 'cross-site' },
    );
    expect(res.status).toBe(403);
  });

  it('refuses a form post and text/plain (what a cross-site page could send without a preflight)', async () => {
    const form = await manager.request(
      'POST',
      orgPath(),
      'name=X&sector=faith&usualVariant=light',
      { 'content-type': 'application/x-www-form-urlencoded' },
    );
    expect(form.status).toBe(415);
    const plain = await manager.request(
      'POST',
      orgPath(),
      JSON.stringify({ name: 'X', sector: 'faith', usualVariant: 'light' }),
      { 'content-type': 'text/plain' },
    );
    expect(plain.status).toBe(415);
  });

  it('accepts the same request from our own origin', async () => {
    const res = await manager.request(
      'POST',
      orgPath(),
      { name: 'Same Origin Club', sector: 'sport_leisure', usualVariant: 'light' },
      { origin: 'http://localhost', 'sec-fetch-site': 'same-origin' },
    );
    expect(res.status).toBe(201);
  });
});

describe('bad input gets a clear 4xx problem, never a 500 or a stack trace', () => {
  const cases: [
    string,
    () => Promise<{ status: number; body: unknown; headers: Headers }>,
    number,
  ][] = [
    ['malformed JSON', () => manager.request('POST', orgPath(), '{"name": "x",', {}), 400],
    [
      'a JSON array instead of an object',
      () => manager.request('POST', orgPath(), '[1,2,3]', {}),
      422,
    ],
    [
      'an unknown field',
      () =>
        manager.post(orgPath(), {
          name: 'X',
          sector: 'faith',
          usualVariant: 'light',
          isAdmin: true,
        }),
      422,
    ],
    [
      'a wrong type',
      () => manager.post(orgPath(), { name: 42, sector: 'faith', usualVariant: 'light' }),
      422,
    ],
    [
      'a closed enum breached',
      () => manager.post(orgPath(), { name: 'X', sector: 'space', usualVariant: 'light' }),
      422,
    ],
    [
      'a string over its limit',
      () =>
        manager.post(orgPath(), { name: 'x'.repeat(201), sector: 'faith', usualVariant: 'light' }),
      422,
    ],
    [
      'a __proto__ key',
      () =>
        manager.request(
          'POST',
          orgPath(),
          '{"name":"X","sector":"faith","usualVariant":"light","__proto__":{"admin":true}}',
          {},
        ),
      422,
    ],
    ['an empty body', () => manager.request('POST', orgPath(), '', {}), 400],
    [
      'an oversized body',
      () =>
        manager.request(
          'POST',
          orgPath(),
          JSON.stringify({ name: 'x'.repeat(MAX_BODY_BYTES + 10) }),
          {},
        ),
      413,
    ],
    [
      'a push that is not a batch',
      () => manager.post('/api/sync/push', { mutations: 'all of them' }),
      422,
    ],
    ['an empty push', () => manager.post('/api/sync/push', { mutations: [] }), 422],
  ];
  it.each(cases)('%s', async (_name, call, status) => {
    const res = await call();
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    const text = JSON.stringify(res.body);
    expect(text).not.toMatch(/\bat .+\.(ts|js):\d+/);
    expect(text).not.toContain('node_modules');
  });

  it('names the field at fault', async () => {
    const res = await manager.post<{ errors: { path: string; message: string }[] }>(orgPath(), {
      name: '',
      sector: 'early_years',
      subType: 'housing',
      usualVariant: 'light',
    });
    expect(res.status).toBe(422);
    expect(res.body.errors.map((e) => e.path).sort()).toEqual(['name', 'subType']);
    expect(res.body.errors.find((e) => e.path === 'name')?.message).toBe('Enter a value');
  });
});

describe('structured logs', () => {
  it('write one JSON line per request with no body, cookie or query', async () => {
    const lines: Record<string, unknown>[] = [];
    const t2 = await createTestContext({ log: (e) => lines.push(e) });
    const w2 = await world(t2.database.db);
    const c = client(t2.app);
    await c.post('/api/auth/login', {
      email: w2.people.managerA.email,
      password: 'a secret password!',
    });
    await c.get('/api/sync/pull?cursor=123');
    const requests = lines.filter((l) => l.msg === 'request');
    expect(requests).toHaveLength(2);
    const text = JSON.stringify(lines);
    expect(text).not.toContain('a secret password!');
    expect(text).not.toContain('cursor=123');
    expect(requests[0]).toMatchObject({ method: 'POST', path: '/api/auth/login', status: 401 });
    await t2.close();
  });
});
