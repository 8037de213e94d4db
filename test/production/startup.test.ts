/**
 * Safe start of the production bundle (`node server/dist/main.js`), as real
 * processes against a real PostgreSQL this file starts: several instances
 * starting together on an empty database, a database that comes up late,
 * settings that cannot work, demo data only when asked for.
 */
import { createConnection, createServer, type Server } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { freePort, startPostgres, type PostgresServer } from '@s11/server/testing';
import { buildForTest, isListening, startService, type LogLine } from './service-process';

let pgServer: PostgresServer;
let main: string;
let build: Awaited<ReturnType<typeof buildForTest>>;

beforeAll(async () => {
  [pgServer, build] = await Promise.all([startPostgres(), buildForTest('startup')]);
  main = build.main;
}, 120_000);
afterAll(() => {
  pgServer.stop();
  build.remove();
});

let dbCount = 0;
async function emptyDatabase(): Promise<string> {
  const name = `startup_${String(++dbCount)}`;
  const c = new pg.Client({ connectionString: pgServer.url });
  await c.connect();
  await c.query(`create database ${name}`);
  await c.end();
  return pgServer.url.replace(/\/postgres$/, `/${name}`);
}

async function query<T>(url: string, text: string): Promise<T[]> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return (await c.query(text)).rows as T[];
  } finally {
    await c.end();
  }
}

const fatal = (lines: LogLine[]) => lines.filter((l) => l.level === 'fatal');

describe('several instances starting at once on an empty PostgreSQL', () => {
  it('all migrate and start, in every round, and the demo data is created once', async () => {
    const rounds = 5;
    const instances = 4;
    for (let round = 0; round < rounds; round++) {
      const url = await emptyDatabase();
      const ports = await Promise.all(Array.from({ length: instances }, () => freePort()));
      const procs = ports.map((port) =>
        startService(main, {
          DATABASE_URL: url,
          PORT: String(port),
          NODE_ENV: 'test',
          DEMO_DATA: 'true',
        }),
      );
      const results = await Promise.allSettled(procs.map((p) => p.waitFor(isListening, 90_000)));
      for (const p of procs) p.child.kill('SIGTERM');
      const codes = await Promise.all(procs.map((p) => p.exited));
      expect(
        results.map((r) => r.status),
        `round ${String(round + 1)}: ${procs.map((p) => p.stderr()).join('\n')}`,
      ).toEqual(Array(instances).fill('fulfilled'));
      expect(codes).toEqual(Array(instances).fill(0));
      const [row] = await query<{ n: string }>(url, 'select count(*) as n from partnerships');
      expect(row?.n).toBe('1');
    }
  }, 600_000);
});

describe('a database that is not reachable yet', () => {
  it('is retried with back-off, and the service starts once it answers', async () => {
    const url = await emptyDatabase();
    // A TCP relay to PostgreSQL that only starts listening 1.5 s after the service.
    const relayPort = await freePort();
    const svc = startService(main, {
      DATABASE_URL: url.replace(`:${String(pgServer.port)}/`, `:${String(relayPort)}/`),
      PORT: String(await freePort()),
      NODE_ENV: 'test',
      DATABASE_WAIT_SECONDS: '60',
    });
    let relay: Server | undefined;
    try {
      await svc.waitFor((l) => l.msg === 'database not reachable yet; retrying');
      await new Promise((r) => setTimeout(r, 1500));
      relay = createServer((socket) => {
        const upstream = createConnection(pgServer.port, '127.0.0.1');
        socket.pipe(upstream).pipe(socket);
        socket.on('error', () => upstream.destroy());
        upstream.on('error', () => socket.destroy());
      });
      await new Promise<void>((r) => relay?.listen(relayPort, '127.0.0.1', r));
      await svc.waitFor(isListening, 90_000);
      svc.child.kill('SIGTERM');
      expect(await svc.exited).toBe(0);
      expect(svc.stderr()).toBe('');
    } finally {
      svc.child.kill('SIGKILL');
      relay?.close();
    }
  }, 120_000);

  it('is given up after DATABASE_WAIT_SECONDS with one JSON line naming DATABASE_URL', async () => {
    const port = await freePort();
    const svc = startService(main, {
      DATABASE_URL: `postgres://s11:secret-password@127.0.0.1:${String(port)}/s11`,
      PORT: String(await freePort()),
      NODE_ENV: 'test',
      DATABASE_WAIT_SECONDS: '1',
    });
    expect(await svc.exited).toBe(1);
    expect(svc.stderr()).toBe('');
    expect(svc.lines.every((l) => l.level !== 'not-json')).toBe(true);
    expect(svc.lines.filter((l) => l.level === 'warn').length).toBeGreaterThan(0);
    expect(fatal(svc.lines)).toEqual([
      expect.objectContaining({ setting: 'DATABASE_URL', msg: 'S11 Portal cannot start' }),
    ]);
    expect(JSON.stringify(svc.lines)).not.toContain('secret-password');
  }, 60_000);
});

describe('settings that cannot work', () => {
  it('production without PUBLIC_ORIGIN: refuses to start with one JSON line, no stack trace', async () => {
    const svc = startService(main, {
      DATABASE_URL: await emptyDatabase(),
      NODE_ENV: 'production',
      MAIL_DISABLED: 'true',
      PORT: String(await freePort()),
    });
    expect(await svc.exited).toBe(1);
    expect(svc.stderr()).toBe('');
    expect(svc.lines).toEqual([
      expect.objectContaining({ level: 'fatal', setting: 'PUBLIC_ORIGIN' }),
    ]);
  }, 60_000);

  it('names every bad setting, one line each', async () => {
    const svc = startService(main, {
      PORT: 'eighty',
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'https://s11.example.org',
    });
    expect(await svc.exited).toBe(1);
    expect(svc.stderr()).toBe('');
    expect(fatal(svc.lines).map((l) => l.setting)).toEqual(['PORT']);

    const svc2 = startService(main, {
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'http://s11.example.org/portal',
      DEMO_DATA: 'true',
      PORT: '8080',
      METRICS_PORT: '8080',
    });
    expect(await svc2.exited).toBe(1);
    expect(fatal(svc2.lines).map((l) => l.setting)).toEqual([
      'PUBLIC_ORIGIN',
      // No relay and mail not said to be off: the development mailbox does not exist in production.
      'SMTP_URL',
      'DEMO_DATA',
      'METRICS_PORT',
    ]);
  }, 60_000);
});

describe('demo data and migrations', () => {
  it('creates no demo data against a DATABASE_URL unless DEMO_DATA=true', async () => {
    const url = await emptyDatabase();
    const svc = startService(main, { DATABASE_URL: url, PORT: String(await freePort()) });
    await svc.waitFor(isListening, 90_000);
    svc.child.kill('SIGTERM');
    expect(await svc.exited).toBe(0);
    const [row] = await query<{ n: string }>(url, 'select count(*) as n from users');
    expect(row?.n).toBe('0');
  }, 120_000);

  it('`migrate` applies the migrations and exits', async () => {
    const url = await emptyDatabase();
    const svc = startService(main, { DATABASE_URL: url }, ['migrate']);
    expect(await svc.exited).toBe(0);
    expect(svc.lines.map((l) => l.msg)).toContain('migrations applied');
    const tables = await query<{ n: string }>(
      url,
      "select count(*) as n from information_schema.tables where table_schema = 'public'",
    );
    expect(Number(tables[0]?.n)).toBeGreaterThan(5);
  }, 120_000);
});
