/**
 * Start-up steps that must fail loudly and clearly: each failure is one JSON
 * log line naming the setting at fault, never a bare stack trace.
 */
import pg from 'pg';
import { sql } from 'drizzle-orm';
import type { Database } from '../db/client';
import { STARTUP_LOCK_KEY } from '../db/migrate';
import { seedDemoIfEmpty } from '../demo/seed';
import type { LogFn } from '../http/logger';

/** A start-up failure with the setting to look at. */
export class StartupError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
  }
}

/** A driver error's short description, without the connection string. */
export function describeError(err: unknown): string {
  if (err instanceof AggregateError && err.errors.length > 0) return describeError(err.errors[0]);
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return typeof code === 'string' && !err.message.includes(code)
      ? `${err.message} (${code})`
      : err.message || err.name;
  }
  return String(err);
}

const AUTH_FAILED = new Set(['28P01', '28000']);

/**
 * Waits for PostgreSQL to accept a connection: after a reboot or in compose
 * the database often starts after the service. Retries with back-off (0.25 s
 * doubling to 5 s) for `seconds`, then gives up; wrong credentials fail at once.
 */
export async function waitForPostgres(url: string, seconds: number, log: LogFn): Promise<void> {
  const deadline = Date.now() + seconds * 1000;
  let delay = 250;
  for (let attempt = 1; ; attempt++) {
    const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
    c.on('error', () => undefined);
    try {
      await c.connect();
      await c.end();
      if (attempt > 1) log({ level: 'info', msg: 'database reachable', attempt });
      return;
    } catch (err) {
      await c.end().catch(() => undefined);
      const code = (err as { code?: unknown }).code;
      if (typeof code === 'string' && AUTH_FAILED.has(code)) {
        throw new StartupError(
          'DATABASE_URL',
          `the database refused the login: ${describeError(err)}`,
        );
      }
      if (Date.now() + delay > deadline) {
        throw new StartupError(
          'DATABASE_URL',
          `the database was not reachable within DATABASE_WAIT_SECONDS (${String(seconds)} s): ${describeError(err)}`,
        );
      }
      log({
        level: 'warn',
        msg: 'database not reachable yet; retrying',
        attempt,
        retryInMs: delay,
        error: describeError(err),
      });
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(delay * 2, 5000);
    }
  }
}

/**
 * Demo data on an empty database, in one transaction holding the start-up
 * advisory lock, so instances starting together create it once.
 */
export async function seedDemoOnce(database: Database, now: () => Date) {
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${STARTUP_LOCK_KEY})`);
    return seedDemoIfEmpty(tx, now);
  });
}
