import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app';
import { createTestContext, type TestContext } from '../testing';

let t: TestContext;
beforeAll(async () => {
  t = await createTestContext();
});
afterAll(() => t.close());

describe('GET /api/health', () => {
  it('answers 200 with the database kind when the database is reachable', async () => {
    const res = await t.app.request('/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 'ok', database: t.database.kind });
  });

  it('answers an unknown API route with problem+json 404', async () => {
    const res = await t.app.request('/api/nope');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/problem+json');
    expect(await res.json()).toMatchObject({
      status: 404,
      title: 'We could not find that API route',
    });
  });
});

describe('liveness and readiness', () => {
  it('answers liveness without the database, and readiness when started', async () => {
    expect((await t.app.request('/api/health/live')).status).toBe(200);
    const ready = await t.app.request('/api/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({ status: 'ready' });
  });

  it('answers readiness 503 while starting or draining, so a load balancer stops sending', async () => {
    const app = createApp({ ...t.deps, readiness: () => false });
    const res = await app.request('/api/health/ready');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('5');
    expect((await app.request('/api/health/live')).status).toBe(200);
  });
});
