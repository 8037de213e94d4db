/**
 * The move from the embedded database to PostgreSQL, as a partnership that
 * piloted on PGlite would do it: the service stopped, then
 * `node server/dist/main.js move-to-postgres` into an empty database owned by
 * the application's role. Afterwards every row is identical, everything is
 * owned by that role, the service starts on it, and a device's sync cursor
 * from before the move continues (nothing repeated, nothing missed).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { freePort, startPostgres, type PostgresServer } from '@s11/server/testing';
import { buildForTest, isListening, startService } from './service-process';

let pgServer: PostgresServer;
let build: Awaited<ReturnType<typeof buildForTest>>;
let dataDir: string;
let appUrl: string;

beforeAll(async () => {
  [pgServer, build] = await Promise.all([startPostgres(), buildForTest('move')]);
  dataDir = mkdtempSync(join(tmpdir(), 's11-move-'));
  const admin = new pg.Client({ connectionString: pgServer.url });
  await admin.connect();
  await admin.query('create role s11_app login');
  await admin.query('create database s11 owner s11_app');
  await admin.end();
  appUrl = pgServer.url.replace('postgres@', 's11_app@').replace(/\/postgres$/, '/s11');
}, 120_000);

afterAll(() => {
  pgServer.stop();
  build.remove();
  rmSync(dataDir, { recursive: true, force: true });
});

interface Session {
  base: string;
  cookie: string;
}

async function signIn(base: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: base },
    body: JSON.stringify({ email: 'dsl@northbridge-nhs.example', password: 's11-demo-password' }),
  });
  expect(res.status).toBe(200);
  return { base, cookie: (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '' };
}

interface Change {
  kind: string;
  record: { id?: string; status?: string; returnId?: string; standard?: number; version?: number };
}
async function pull(s: Session, cursor: string) {
  const changes: Change[] = [];
  for (;;) {
    const res = await fetch(`${s.base}/api/sync/pull?cursor=${cursor}`, {
      headers: { Cookie: s.cookie },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { changes: Change[]; cursor: string; more: boolean };
    changes.push(...body.changes);
    cursor = body.cursor;
    if (!body.more) return { changes, cursor };
  }
}

async function push(s: Session, returnId: string, standard: number, text: string, known: Change[]) {
  const current = known.find(
    (c) =>
      c.kind === 'standard' && c.record.returnId === returnId && c.record.standard === standard,
  );
  const res = await fetch(`${s.base}/api/sync/push`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: s.base, Cookie: s.cookie },
    body: JSON.stringify({
      mutations: [
        {
          mutationId: crypto.randomUUID(),
          returnId,
          kind: 'standard',
          standard,
          baseVersion: current?.record.version ?? 0,
          changes: { currentPractice: text },
        },
      ],
    }),
  });
  expect(res.status).toBe(200);
  const { results } = (await res.json()) as {
    results: { status: string; version: number; problem?: unknown }[];
  };
  return results[0];
}

async function start(env: Record<string, string>) {
  const port = await freePort();
  const svc = startService(build.main, { PORT: String(port), NODE_ENV: 'test', ...env });
  await svc.waitFor(isListening, 90_000);
  return { svc, base: `http://127.0.0.1:${String(port)}` };
}

const TABLES = `select table_schema || '.' || table_name as name from information_schema.tables
  where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`;

/** Every row of every table as JSON text, sorted: equal means the data is identical. */
async function snapshot(query: (sql: string) => Promise<{ rows: unknown[] }>) {
  await query(`set timezone = 'UTC'`);
  const tables = ((await query(TABLES)).rows as { name: string }[]).map((r) => r.name);
  const out: Record<string, string[]> = {};
  for (const t of tables) {
    const { rows } = await query(`select row_to_json(x)::text as j from ${t} x`);
    out[t] = (rows as { j: string }[]).map((r) => r.j).sort();
  }
  return out;
}

describe('move-to-postgres', () => {
  it('moves every row as the application role; the service and sync cursors continue', async () => {
    // A pilot on the embedded database, with an edit synced from a device.
    const pilot = await start({ DATA_DIR: dataDir, DEMO_DATA: 'true' });
    const before = await signIn(pilot.base);
    const first = await pull(before, '0');
    const editable = ['not_started', 'in_progress', 'returned'];
    const returnId =
      first.changes.find((c) => c.kind === 'return' && editable.includes(c.record.status ?? ''))
        ?.record.id ?? '';
    expect(returnId).not.toBe('');
    expect(
      (await push(before, returnId, 2, 'Written before the move', first.changes))?.status,
    ).toBe('applied');
    const { cursor } = await pull(before, first.cursor);
    pilot.svc.child.kill('SIGTERM');
    expect(await pilot.svc.exited).toBe(0);

    const move = startService(
      build.main,
      {
        DATA_DIR: dataDir,
        DATABASE_URL: appUrl,
        NODE_ENV: 'production',
        PUBLIC_ORIGIN: 'https://s11.example.org',
        MAIL_DISABLED: 'true',
      },
      ['move-to-postgres'],
    );
    expect(await move.exited, JSON.stringify(move.lines) + move.stderr()).toBe(0);
    expect(move.lines.map((l) => l.msg)).toContain('moved to PostgreSQL');

    // Identical data, table by table.
    const source = new PGlite(dataDir);
    const target = new pg.Client({ connectionString: appUrl });
    await target.connect();
    try {
      const [a, b] = [
        await snapshot((q) => source.query(q)),
        await snapshot((q) => target.query(q)),
      ];
      expect(Object.keys(b)).toEqual(Object.keys(a));
      expect(Object.keys(a).length).toBeGreaterThan(10);
      for (const t of Object.keys(a)) expect(b[t], t).toEqual(a[t]);
      // Owned by the application's role, not by postgres.
      const owners = await target.query<{ owner: string }>(
        `select distinct tableowner as owner from pg_tables where schemaname in ('public', 'drizzle')
         union select distinct sequenceowner from pg_sequences where schemaname in ('public', 'drizzle')`,
      );
      expect(owners.rows.map((r) => r.owner)).toEqual(['s11_app']);
    } finally {
      await source.close();
      await target.end();
    }

    // The service starts on PostgreSQL; the device's session and cursor carry on.
    const moved = await start({ DATABASE_URL: appUrl });
    const after: Session = { ...before, base: moved.base };
    expect((await pull(after, cursor)).changes).toEqual([]);
    const edit = await push(after, returnId, 3, 'Written after the move', first.changes);
    expect(edit?.status).toBe('applied');
    expect(edit?.version).toBeGreaterThan(Number(cursor));
    const next = await pull(after, cursor);
    expect(next.changes.filter((c) => c.kind === 'standard')).toHaveLength(1);
    expect(Number(next.cursor)).toBeGreaterThan(Number(cursor));
    moved.svc.child.kill('SIGTERM');
    expect(await moved.svc.exited).toBe(0);

    // A second move into the now-used database is refused, with one JSON line.
    const again = startService(build.main, { DATA_DIR: dataDir, DATABASE_URL: appUrl }, [
      'move-to-postgres',
    ]);
    expect(await again.exited).toBe(1);
    expect(again.lines.filter((l) => l.level === 'fatal')).toEqual([
      expect.objectContaining({ setting: 'DATABASE_URL' }),
    ]);
  }, 300_000);
});
