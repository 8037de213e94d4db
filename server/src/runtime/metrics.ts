/**
 * Prometheus metrics (prom-client), served on their own port (METRICS_PORT,
 * bound to METRICS_HOST, loopback by default) so they are never public by
 * accident: requests and latency by route, sync items by outcome, the
 * PostgreSQL pool, requests in flight and readiness, plus prom-client's
 * process metrics (memory, CPU, event-loop lag).
 */
import { createServer, type Server } from 'node:http';
import type { MiddlewareHandler } from 'hono';
import { routePath } from 'hono/route';
import client from 'prom-client';
import type pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Db } from '../db/client';

export interface Metrics {
  registry: client.Registry;
  middleware(): MiddlewareHandler;
  /** Counts a push's results: applied, conflict or rejected. */
  syncResults(results: readonly { status: string }[]): void;
}

export function createMetrics(opts: {
  pool?: pg.Pool;
  /** For the mail outbox gauge, read at each scrape. */
  db?: Db;
  requestsInFlight?: () => number;
  ready?: () => boolean;
}): Metrics {
  const registry = new client.Registry();
  client.collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 20 });

  const requests = new client.Counter({
    name: 's11_http_requests_total',
    help: 'HTTP requests answered, by method, route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new client.Histogram({
    name: 's11_http_request_duration_seconds',
    help: 'Time to the response headers, by method and route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  const syncItems = new client.Counter({
    name: 's11_sync_items_total',
    help: 'Pushed sync items, by outcome (applied, conflict, rejected)',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });
  if (opts.pool) {
    const pool = opts.pool;
    new client.Gauge({
      name: 's11_db_pool_connections',
      help: 'PostgreSQL pool connections, by state (total, idle, waiting clients)',
      labelNames: ['state'] as const,
      registers: [registry],
      collect() {
        this.set({ state: 'total' }, pool.totalCount);
        this.set({ state: 'idle' }, pool.idleCount);
        this.set({ state: 'waiting' }, pool.waitingCount);
      },
    });
  }
  const db = opts.db;
  if (db) {
    new client.Gauge({
      name: 's11_mail_outbox_messages',
      help: 'Outgoing mail in the outbox, by status (queued, sending, sent, failed, disabled)',
      labelNames: ['status'] as const,
      registers: [registry],
      async collect() {
        this.reset();
        try {
          const result: unknown = await db.execute(
            sql`select status, count(*)::int as n from mail_outbox group by status`,
          );
          const { rows } = result as { rows: { status: string; n: number }[] };
          for (const r of rows) this.set({ status: r.status }, Number(r.n));
        } catch {
          // The database is unreachable: the scrape still answers with the rest.
        }
      },
    });
  }
  const inFlight = opts.requestsInFlight;
  if (inFlight) {
    new client.Gauge({
      name: 's11_http_requests_in_flight',
      help: 'Responses not yet fully sent',
      registers: [registry],
      collect() {
        this.set(inFlight());
      },
    });
  }
  const ready = opts.ready;
  if (ready) {
    new client.Gauge({
      name: 's11_ready',
      help: '1 when the instance accepts traffic, 0 while starting or draining',
      registers: [registry],
      collect() {
        this.set(ready() ? 1 : 0);
      },
    });
  }

  return {
    registry,
    middleware: () => async (c, next) => {
      const end = duration.startTimer();
      await next();
      // The route pattern (e.g. /api/returns/:id), never the raw path: bounded labels, no ids.
      // After next(), routeIndex points at the handler that answered.
      const route = routePath(c);
      const labels = { method: c.req.method, route };
      end(labels);
      requests.inc({ ...labels, status: String(c.res.status) });
    },
    syncResults(results) {
      for (const r of results) syncItems.inc({ outcome: r.status });
    },
  };
}

/** GET /metrics (and /live, /ready for probes on the private port). */
export function serveMetrics(
  metrics: Metrics,
  opts: { port: number; host: string; ready: () => boolean },
): Promise<Server> {
  const server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/metrics') {
      metrics.registry.metrics().then(
        (body) => {
          res.writeHead(200, { 'Content-Type': metrics.registry.contentType });
          res.end(body);
        },
        () => {
          res.writeHead(500).end();
        },
      );
    } else if (req.method === 'GET' && path === '/live') {
      res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok\n');
    } else if (req.method === 'GET' && path === '/ready') {
      const ok = opts.ready();
      res
        .writeHead(ok ? 200 : 503, { 'Content-Type': 'text/plain' })
        .end(ok ? 'ready\n' : 'not ready\n');
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, opts.host, () => resolve(server));
  });
}
