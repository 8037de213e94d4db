/**
 * Safe stop of the production bundle on PostgreSQL: with exports streaming
 * (as many as one person may start in a minute) when SIGTERM arrives,
 * readiness turns false first, every request in flight
 * finishes whole, new connections are refused, the database closes last, and
 * the one process exits (nothing orphaned). Before this, 4 of 30 exports got
 * a 500 ("Cannot use a pool after calling end on the pool"), 7 were cut short
 * with status 200 and 8 got empty replies.
 */
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import {
  freePort,
  passSecondFactorWith,
  startPostgres,
  type PostgresServer,
} from '@s11/server/testing';
import {
  buildForTest,
  childrenOf,
  isAlive,
  isListening,
  startService,
  type ServiceProcess,
} from './service-process';

let pgServer: PostgresServer;
let svc: ServiceProcess;
let base: string;
let metricsPort: number;
let cookie: string;
let cycleId: string;

/** One request on its own connection (no keep-alive pool): status and whole body, or the error code. */
function get(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; body: Buffer } | { error: string }>((resolve) => {
    const req = request(url, { headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
      res.on('aborted', () => resolve({ error: 'aborted' }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end();
  });
}

async function inFlight(): Promise<number> {
  const r = await get(`http://127.0.0.1:${String(metricsPort)}/metrics`);
  if (!('body' in r)) return 0;
  const m = /^s11_http_requests_in_flight (\d+)/m.exec(r.body.toString());
  return Number(m?.[1] ?? 0);
}

let build: Awaited<ReturnType<typeof buildForTest>>;

beforeAll(async () => {
  [pgServer, build] = await Promise.all([startPostgres(), buildForTest('shutdown')]);
  const main = build.main;
  const port = await freePort();
  metricsPort = await freePort();
  base = `http://127.0.0.1:${String(port)}`;
  svc = startService(main, {
    DATABASE_URL: pgServer.url,
    PORT: String(port),
    METRICS_PORT: String(metricsPort),
    NODE_ENV: 'test',
    DEMO_DATA: 'true',
    SHUTDOWN_DELAY_SECONDS: '3',
    SHUTDOWN_TIMEOUT_SECONDS: '60',
  });
  await svc.waitFor(isListening, 90_000);
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ email: 'manager@nscp.example', password: 's11-demo-password' }),
  });
  // Partnership staff must pass a second factor (ADR 009): enrol through the real routes.
  expect(login.status).toBe(401);
  cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
  await passSecondFactorWith(
    async <T>(path: string, body?: unknown) => {
      const res = await fetch(`${base}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Origin: base, Cookie: cookie },
        body: JSON.stringify(body ?? {}),
      });
      const next = (res.headers.get('set-cookie') ?? '').split(';')[0];
      if (next) cookie = next;
      return { status: res.status, body: (await res.json()) as T };
    },
    { enrolments: new Map() },
    'manager@nscp.example',
    'setup',
  );
  const c = new pg.Client({ connectionString: pgServer.url });
  await c.connect();
  const { rows } = await c.query<{ id: string }>(
    'select id from cycles order by created_at desc limit 1',
  );
  await c.end();
  cycleId = rows[0]?.id ?? '';
}, 180_000);

afterAll(() => {
  svc.child.kill('SIGKILL');
  pgServer.stop();
  build.remove();
});

describe('SIGTERM with exports in flight', () => {
  it('lets every export finish whole, refuses new connections, then exits alone', async () => {
    const url = (file: string) => `${base}/api/cycles/${cycleId}/export/${file}`;
    const reference = await get(url('returns.csv'), { Cookie: cookie });
    expect('status' in reference && reference.status).toBe(200);
    const referenceCsv = 'body' in reference ? reference.body.toString() : '';
    expect(referenceCsv.split('\n').length).toBeGreaterThan(20);

    // One process: no child to be orphaned.
    expect(childrenOf(svc.pid)).toEqual([]);

    const files = ['returns.csv', 'workbook.xlsx', 'report.pdf'];
    // As many as one person may download in a minute (10, docs/limits.md), less the
    // reference above: the rest would be refused 429 before any work starts.
    const EXPORTS = 9;
    const inflight = Array.from({ length: EXPORTS }, (_, i) =>
      get(url(files[i % files.length] ?? 'returns.csv'), { Cookie: cookie }).then((r) => ({
        file: files[i % files.length],
        r,
      })),
    );
    for (let i = 0; i < 200 && (await inFlight()) < 6; i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const inFlightAtSigterm = await inFlight();
    svc.child.kill('SIGTERM');

    // Readiness turns false while the listener still answers (SHUTDOWN_DELAY_SECONDS).
    await svc.waitFor((l) => l.msg === 'shutdown: readiness off');
    const ready = await get(`${base}/api/health/ready`);
    expect(ready).toMatchObject({ status: 503 });

    const results = await Promise.all(inflight);
    for (const { file, r } of results) {
      expect(r, file).toHaveProperty('status', 200);
      const body = 'body' in r ? r.body : Buffer.alloc(0);
      if (file === 'returns.csv') expect(body.toString()).toBe(referenceCsv);
      // A zip ends with its end-of-central-directory record; a PDF with %%EOF.
      if (file === 'workbook.xlsx')
        expect(body.subarray(-22, -18).toString('hex')).toBe('504b0506');
      if (file === 'report.pdf') expect(body.subarray(-6).toString()).toMatch(/%%EOF\s*$/);
    }

    await svc.waitFor((l) => l.msg === 'shutdown: listener closed');
    const after = await get(`${base}/api/health/live`);
    expect(after).toEqual({ error: 'ECONNREFUSED' });

    expect(await svc.exited).toBe(0);
    expect(isAlive(svc.pid)).toBe(false);
    expect(svc.lines).toContainEqual(
      expect.objectContaining({ msg: 'shutdown: stopped', clean: true }),
    );
    // No error but the readiness probe's deliberate 503 (the request log marks 5xx as errors).
    expect(svc.lines.filter((l) => l.level === 'error' && l.status !== 503)).toEqual([]);
    expect(svc.stderr()).toBe('');
    // Enough requests were really in flight for this to mean something.
    expect(inFlightAtSigterm).toBeGreaterThanOrEqual(6);
  }, 180_000);
});
