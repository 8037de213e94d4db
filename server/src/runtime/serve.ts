/**
 * Running the service: wait for the database, migrate (under the advisory
 * lock), demo data only when DEMO_DATA=true, listen, report ready; on SIGTERM
 * or SIGINT drain (see lifecycle.ts) and exit.
 */
import type { Server } from 'node:http';
import { serve } from '@hono/node-server';
import { createApp } from '../app';
import type { Config } from '../config';
import { openDatabase, type Database } from '../db/client';
import { demoDataDecision } from '../demo/seed';
import type { LogFn } from '../http/logger';
import { createOutbox, mailModeFor } from '../mail/outbox';
import { MailWorker, smtpTransport } from '../mail/worker';
import { Lifecycle } from './lifecycle';
import { createMetrics, serveMetrics } from './metrics';
import { StartupError, seedDemoOnce, waitForPostgres } from './startup';

/** Opens (and migrates) the configured database, waiting for PostgreSQL if it is not up yet. */
export async function openConfiguredDatabase(
  config: Config,
  log: LogFn,
  migrate = true,
): Promise<Database> {
  if (config.DATABASE_URL) {
    await waitForPostgres(config.DATABASE_URL, config.DATABASE_WAIT_SECONDS, log);
  }
  const database = await openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    migrate,
    poolMax: config.DATABASE_POOL_MAX,
  });
  log({
    level: 'info',
    msg: migrate ? 'database ready (migrated)' : 'database open',
    kind: database.kind,
  });
  return database;
}

/** `main.js migrate`: apply pending migrations and exit (run before rolling out a new version). */
export async function runMigrate(config: Config, log: LogFn): Promise<void> {
  const database = await openConfiguredDatabase(config, log);
  await database.close();
  log({ level: 'info', msg: 'migrations applied' });
}

function listen(config: Config, app: ReturnType<typeof createApp>): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, () =>
      resolve(server),
    ) as Server;
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new StartupError(
          'PORT',
          `cannot listen on ${config.HOST}:${String(config.PORT)}: ${err.code ?? err.message}`,
        ),
      ),
    );
  });
}

export async function runServe(config: Config, log: LogFn): Promise<void> {
  const started = performance.now();
  // Signals are handled from the first moment: before the listener exists,
  // stopping is immediate (nothing is in flight; migrations run in transactions).
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => {
    log({ level: 'info', msg: `${signal} during start-up: stopping` });
    process.exit(0);
  };
  process.on('SIGTERM', (s) => onSignal(s));
  process.on('SIGINT', (s) => onSignal(s));

  const database = await openConfiguredDatabase(config, log);

  if (demoDataDecision(config) === 'allowed') {
    const seeded = await seedDemoOnce(database, () => new Date());
    if (seeded) {
      log({ level: 'info', msg: 'demo data created', logins: seeded.logins.map((l) => l.email) });
    }
  }

  const lifecycle = new Lifecycle();
  const ready = () => lifecycle.ready;
  const metrics =
    config.METRICS_PORT !== undefined
      ? createMetrics({
          pool: database.pool,
          db: database.db,
          requestsInFlight: () => lifecycle.requestsInFlight,
          ready,
        })
      : undefined;
  // Mail: queued in each request's transaction, sent by this worker (every
  // instance runs one; they share the queue safely, see mail/worker.ts).
  const outbox = createOutbox(mailModeFor(config));
  const mailWorker =
    outbox.mode === 'smtp' && config.SMTP_URL
      ? new MailWorker(database.db, smtpTransport(config.SMTP_URL), { from: config.MAIL_FROM, log })
      : undefined;
  if (mailWorker) outbox.onWake = () => mailWorker.wake();
  log({ level: 'info', msg: 'mail', mode: outbox.mode });
  const app = createApp({
    config,
    database,
    log,
    outbox,
    now: () => new Date(),
    metrics,
    readiness: ready,
  });
  const server = await listen(config, app);
  lifecycle.track(server);
  mailWorker?.start();
  const metricsServer =
    metrics && config.METRICS_PORT !== undefined
      ? await serveMetrics(metrics, {
          port: config.METRICS_PORT,
          host: config.METRICS_HOST,
          ready,
        }).catch((err: NodeJS.ErrnoException) => {
          throw new StartupError(
            'METRICS_PORT',
            `cannot listen on ${config.METRICS_HOST}:${String(config.METRICS_PORT)}: ${err.code ?? err.message}`,
          );
        })
      : undefined;
  let stopping = false;
  onSignal = (signal) => {
    if (stopping) {
      log({ level: 'warn', msg: `second ${signal}: stopping at once` });
      process.exit(1);
    }
    stopping = true;
    log({ level: 'info', msg: `${signal}: draining` });
    lifecycle
      .drain(
        server,
        {
          delayMs: config.SHUTDOWN_DELAY_SECONDS * 1000,
          timeoutMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000,
          log,
        },
        async () => {
          metricsServer?.close();
          // The message being handed to the relay finishes; the rest wait in
          // the outbox for the next instance to start.
          await mailWorker?.stop();
          await database.close();
        },
      )
      .then(
        (clean) => process.exit(clean ? 0 : 1),
        (err: unknown) => {
          log({ level: 'error', msg: 'shutdown failed', error: String(err) });
          process.exit(1);
        },
      );
  };
  lifecycle.phase = 'ready';
  log({
    level: 'info',
    msg: `S11 Portal listening on http://localhost:${String(config.PORT)}`,
    port: config.PORT,
    database: database.kind,
    metricsPort: config.METRICS_PORT,
    startMs: Math.round(performance.now() - started),
  });
}
