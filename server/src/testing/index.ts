/**
 * Test harness for the server: a fresh, migrated database per call (PGlite or
 * PostgreSQL, chosen by TEST_DB), and the app wired to it in-process.
 */
import { type PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import './provided-context';
import { createApp } from '../app';
import type { AppDeps } from '../app-env';
import { loadConfig } from '../config';
import { fromPglite, openPglite, openPostgres, type Database } from '../db/client';
import { silentLogger, type LogFn } from '../http/logger';
import { createOutbox, type Outbox } from '../mail/outbox';

export { startPostgres, findPostgresBin, freePort, type PostgresServer } from './postgres-server';
export * from './factories';
export * from './mail';
export {
  enrolmentOf,
  freshCode,
  passSecondFactor,
  passSecondFactorWith,
  type SecondFactorHelperState,
} from './second-factor';
import { registerClock } from './second-factor';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

let pgliteTemplate: Promise<PGlite> | null = null;

/** A migrated PGlite, cloned from one template per worker (clone ~0.4 s, migrate ~2 s). */
async function freshPglite(): Promise<Database> {
  pgliteTemplate ??= openPglite(undefined, true).then((d) => {
    // Keep the underlying client as the template; never used for queries again.
    return (d as unknown as { db: { $client: PGlite } }).db.$client;
  });
  const template = await pgliteTemplate;
  return fromPglite((await template.clone()) as PGlite, false);
}

/** A new database cloned from the migrated template, on the harness's PostgreSQL. */
async function freshPostgres(): Promise<Database & { url: string }> {
  const serverUrl = inject('pgUrl');
  const name = `t_${crypto.randomUUID().replaceAll('-', '')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE s11_template`);
  } finally {
    await admin.end();
  }
  const url = serverUrl.replace(/\/postgres$/, `/${name}`);
  const database = await openPostgres(url, false);
  return { ...database, url };
}

export async function freshDatabase(
  kind: TestDbKind = testDbKind(),
): Promise<Database & { url?: string }> {
  return kind === 'postgres' ? freshPostgres() : freshPglite();
}

export interface TestContext {
  deps: AppDeps;
  app: ReturnType<typeof createApp>;
  database: Database & { url?: string };
  /** Move the server clock forward (sessions, rate limits). */
  advance(ms: number): void;
  close(): Promise<void>;
}

export async function createTestContext(
  overrides: Partial<Omit<AppDeps, 'database' | 'now'>> & {
    log?: LogFn;
    /** The development mailbox unless given (tests of SMTP pass an smtp outbox and run a MailWorker). */
    outbox?: Outbox;
    /** A database of the test's own (e.g. a PostgreSQL it started); a fresh one otherwise. */
    database?: Database & { url?: string };
  } = {},
): Promise<TestContext> {
  const database = overrides.database ?? (await freshDatabase());
  let offset = 0;
  const now = () => new Date(Date.now() + offset);
  const log = overrides.log ?? silentLogger;
  const deps: AppDeps = {
    config: overrides.config ?? loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent' }),
    database,
    log,
    outbox: overrides.outbox ?? createOutbox('development'),
    now,
    // A test's own limits (e.g. the model test's thousands of pushes a
    // minute): without this line they were silently dropped.
    ...(overrides.workLimits ? { workLimits: overrides.workLimits } : {}),
  };
  const app = createApp(deps);
  const advance = (ms: number) => {
    offset += ms;
  };
  registerClock(app, { now, advance });
  return {
    deps,
    app,
    database,
    advance,
    close: () => database.close(),
  };
}
