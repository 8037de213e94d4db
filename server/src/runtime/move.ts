/**
 * `main.js move-to-postgres`: moves the embedded database (PGlite, DATA_DIR)
 * into an empty PostgreSQL database (DATABASE_URL), as the role in
 * DATABASE_URL, so every table, sequence and the migrations table end up
 * owned by the application's role (restoring as `postgres` left them owned by
 * `postgres`).
 *
 * PGlite's folder is PostgreSQL 18's format, which older pg tools cannot
 * read, so the dump is made by @electric-sql/pglite-tools' pg_dump (WASM,
 * run against the folder itself) with --no-owner --no-privileges; it is
 * plain SQL with INSERTs, loaded in one transaction (all or nothing). The
 * sequences come across with their positions, so sync cursors continue.
 * The service must be stopped while this runs (a cold source): the folder's
 * lock (db/data-dir-lock.ts) refuses to move it while a service holds it.
 */
import { PGlite } from '@electric-sql/pglite';
import { pgDump } from '@electric-sql/pglite-tools/pg_dump';
import pg from 'pg';
import { mkdirSync } from 'node:fs';
import { fromPglite, openPostgres } from '../db/client';
import { lockDataDir } from '../db/data-dir-lock';
import type { LogFn } from '../http/logger';
import { StartupError, waitForPostgres } from './startup';

/** Lines of a PostgreSQL 18 dump that an older server or a plain client refuses. */
export function portableDump(sql: string): string {
  return sql
    .split('\n')
    .filter((line) => !line.startsWith('\\')) // psql meta-commands (\restrict, \unrestrict)
    .filter((line) => !/^SET transaction_timeout\b/.test(line)) // PostgreSQL 17+
    .join('\n');
}

const TABLES_SQL = `select table_schema || '.' || table_name as name from information_schema.tables
  where table_schema in ('public', 'drizzle') and table_type = 'BASE TABLE' order by 1`;

async function rowCounts(
  query: (text: string) => Promise<{ rows: Record<string, unknown>[] }>,
): Promise<Record<string, number>> {
  const tables = (await query(TABLES_SQL)).rows.map((r) => String(r.name));
  const counts: Record<string, number> = {};
  for (const t of tables) {
    const { rows } = await query(`select count(*)::int as n from ${t}`);
    counts[t] = Number(rows[0]?.n ?? 0);
  }
  return counts;
}

export async function moveToPostgres(opts: {
  dataDir: string;
  databaseUrl: string;
  waitSeconds: number;
  log: LogFn;
}): Promise<Record<string, number>> {
  const { log } = opts;
  await waitForPostgres(opts.databaseUrl, opts.waitSeconds, log);
  const target = new pg.Client({ connectionString: opts.databaseUrl });
  await target.connect();
  try {
    const existing = await target.query<{ n: number }>(
      `select count(*)::int as n from information_schema.tables
       where table_schema not in ('pg_catalog', 'information_schema')`,
    );
    if ((existing.rows[0]?.n ?? 0) > 0) {
      throw new StartupError(
        'DATABASE_URL',
        'the target database is not empty: move-to-postgres only loads into an empty database',
      );
    }

    // Bring the source to the current schema first, so both sides match this
    // version. Held under the folder's lock: no service may write while it moves.
    mkdirSync(opts.dataDir, { recursive: true });
    const release = lockDataDir(opts.dataDir);
    const source = new PGlite(opts.dataDir);
    let dump: string;
    let sourceCounts: Record<string, number>;
    try {
      await fromPglite(source, true);
      sourceCounts = await rowCounts((t) => source.query(t));
      dump = portableDump(
        await (await pgDump({ pg: source, args: ['--no-owner', '--no-privileges'] })).text(),
      );
    } finally {
      await source.close();
      release();
    }
    log({ level: 'info', msg: 'embedded database dumped', bytes: dump.length });

    await target.query('begin');
    try {
      await target.query(dump);
      const targetCounts = await rowCounts((t) => target.query(t));
      const differences = Object.keys({ ...sourceCounts, ...targetCounts }).filter(
        (t) => sourceCounts[t] !== targetCounts[t],
      );
      if (differences.length > 0) {
        throw new Error(`row counts differ after loading: ${differences.join(', ')}`);
      }
      await target.query('commit');
    } catch (err) {
      await target.query('rollback');
      throw err;
    }
    log({ level: 'info', msg: 'moved to PostgreSQL', rows: sourceCounts });

    // The migrator finds nothing pending: the target is at this version's schema.
    const check = await openPostgres(opts.databaseUrl, true, 1);
    await check.close();
    return sourceCounts;
  } finally {
    await target.end();
  }
}
