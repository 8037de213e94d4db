import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AddressInfo } from 'node:net';
import { createApp } from '../app';
import { client, createTestContext, world, type TestContext, type World } from '../testing';
import { createMetrics, serveMetrics } from './metrics';

let t: TestContext;
let w: World;
let metrics: ReturnType<typeof createMetrics>;

beforeAll(async () => {
  t = await createTestContext();
  w = await world(t.database.db);
  metrics = createMetrics({ db: t.database.db, requestsInFlight: () => 0, ready: () => true });
});
afterAll(() => t.close());

describe('Prometheus metrics', () => {
  it('count requests by route pattern, latency, and pushed sync items by outcome', async () => {
    const app = createApp({ ...t.deps, metrics });
    const editor = await client(app).login(w.people.editorA1.email);
    const returnId = w.cycleA.returnIds[w.orgA1.id] ?? '';
    await editor.get(`/api/returns/${returnId}`);
    const push = await editor.post('/api/sync/push', {
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId,
          kind: 'standard',
          standard: 1,
          baseVersion: 0,
          changes: { currentPractice: 'A named lead' },
        },
      ],
    });
    expect(push.status).toBe(200);

    const text = await metrics.registry.metrics();
    // The pattern, never the id: labels stay bounded and carry no identifiers.
    expect(text).toContain(
      's11_http_requests_total{method="GET",route="/api/returns/:id",status="200"} 1',
    );
    expect(text).not.toContain(returnId);
    expect(text).toMatch(
      /s11_http_request_duration_seconds_count\{method="POST",route="\/api\/sync\/push"\} 1/,
    );
    expect(text).toContain('s11_sync_items_total{outcome="applied"} 1');
    expect(text).toContain('s11_ready 1');
    expect(text).toContain('# TYPE s11_mail_outbox_messages gauge');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('are served on their own port, with probes, not on the public app', async () => {
    const server = await serveMetrics(metrics, { port: 0, host: '127.0.0.1', ready: () => false });
    try {
      const { port } = server.address() as AddressInfo;
      const res = await fetch(`http://127.0.0.1:${String(port)}/metrics`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/plain');
      expect((await fetch(`http://127.0.0.1:${String(port)}/ready`)).status).toBe(503);
      expect((await fetch(`http://127.0.0.1:${String(port)}/live`)).status).toBe(200);
    } finally {
      server.close();
    }
    const app = createApp({ ...t.deps, metrics });
    expect(await (await app.request('/metrics')).text()).not.toContain('s11_http_requests_total');
  });
});
