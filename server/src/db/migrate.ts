/**
 * Migrations on PostgreSQL, safe when any number of instances start at once.
 *
 * drizzle's migrator creates its schema and table and applies each pending
 * migration; two instances doing it together on an empty database raced on
 * the catalogue (`duplicate key value violates unique constraint
 * "pg_class_relname_nsp_index"`). So the whole run holds a session-level
 * advisory lock on one connection: the first instance migrates, the others
 * wait on the lock, then find nothing pending. The lock is released with the
 * connection even if the process dies.
 */
import { drizzle } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import type pg from 'pg';
import { MIGRATIONS_FOLDER } from '../paths';
import * as schema from './schema';

/** One key for every start-up step that must not run twice at once (migrations, demo data). */
export const STARTUP_LOCK_KEY = 0x5311_0001;

export async function migratePostgres(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  let failed = false;
  try {
    await client.query('select pg_advisory_lock($1)', [STARTUP_LOCK_KEY]);
    try {
      await migrate(drizzle(client, { schema }), { migrationsFolder: MIGRATIONS_FOLDER });
    } finally {
      await client.query('select pg_advisory_unlock($1)', [STARTUP_LOCK_KEY]);
    }
  } catch (err) {
    failed = true;
    throw err;
  } finally {
    // A connection that failed mid-migration is discarded, not reused.
    client.release(failed);
  }
}
