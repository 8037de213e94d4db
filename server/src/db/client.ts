/**
 * Opens the database: PostgreSQL when DATABASE_URL is set (production, and
 * several stateless server instances behind a load balancer), otherwise an
 * embedded PGlite in a folder on disk (zero set-up). Both run the same
 * drizzle-kit migrations; see docs/decisions/001-storage.md.
 */
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { MIGRATIONS_FOLDER } from '../paths';
import { lockDataDir } from './data-dir-lock';
import { migratePostgres } from './migrate';
import * as schema from './schema';

export type Db = PgDatabase<PgQueryResultHKT, typeof schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** PostgreSQL's connection pool (for metrics); absent on PGlite. */
  pool?: pg.Pool;
  close(): Promise<void>;
}

export { MIGRATIONS_FOLDER };

/**
 * The embedded database. A folder on disk is held by one process at a time
 * (data-dir-lock.ts): another process opening it is refused with
 * DataDirLockedError; the lock is released when the database is closed.
 */
export async function openPglite(dataDir: string | undefined, migrate = true): Promise<Database> {
  if (!dataDir) return fromPglite(new PGlite(), migrate);
  mkdirSync(dataDir, { recursive: true });
  const release = lockDataDir(dataDir);
  try {
    return await fromPglite(new PGlite(dataDir), migrate, release);
  } catch (e) {
    release();
    throw e;
  }
}

export async function fromPglite(
  client: PGlite,
  migrate = true,
  onClose: () => void = () => undefined,
): Promise<Database> {
  const db = drizzlePglite(client, { schema });
  if (migrate) await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
  return {
    db: db as unknown as Db,
    kind: 'pglite',
    close: async () => {
      try {
        await client.close();
      } finally {
        onClose();
      }
    },
  };
}

export async function openPostgres(url: string, migrate = true, max = 10): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max });
  // A dropped connection (e.g. pg_terminate_backend) must not crash the process:
  // the request that used it fails and the pool opens a new one. An idle client's
  // error reaches the pool; a checked-out client's (mid-transaction) is emitted on
  // the client itself, and with no listener there Node treats it as uncaught.
  // test/faults/connection-killed.test.ts kills a backend mid-transaction.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => {
    client.on('error', () => undefined);
  });
  const db = drizzlePg(pool, { schema });
  if (migrate) await migratePostgres(pool);
  return { db: db as unknown as Db, kind: 'postgres', pool, close: () => pool.end() };
}

export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  migrate?: boolean;
  poolMax?: number;
}): Promise<Database> {
  const migrate = opts.migrate ?? true;
  return opts.databaseUrl
    ? openPostgres(opts.databaseUrl, migrate, opts.poolMax)
    : openPglite(opts.dataDir, migrate);
}
