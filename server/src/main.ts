/**
 * Starts the service: configuration, database (migrated on start), demo data
 * on first start, then HTTP on one port (API and web app together).
 */
import { serve } from '@hono/node-server';
import { createApp } from './app';
import { loadConfig } from './config';
import { openDatabase } from './db/client';
import { jsonLogger, silentLogger } from './http/logger';
import { mailerFor } from './mail';
import { demoDataDecision, seedDemoIfEmpty } from './demo/seed';

const config = loadConfig();
const log = config.LOG_LEVEL === 'silent' ? silentLogger : jsonLogger();
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR });
log({ level: 'info', msg: 'database ready', kind: database.kind });

const demo = demoDataDecision(config);
if (demo === 'refused') log({ level: 'info', msg: 'demo data refused: NODE_ENV is production' });
if (demo === 'allowed') {
  const seeded = await seedDemoIfEmpty(database.db, () => new Date());
  if (seeded)
    log({ level: 'info', msg: 'demo data created', logins: seeded.logins.map((l) => l.email) });
}

const app = createApp({
  config,
  database,
  log,
  mailer: mailerFor(config, log),
  now: () => new Date(),
});
const server = serve({ fetch: app.fetch, port: config.PORT, hostname: config.HOST }, (info) => {
  log({ level: 'info', msg: `S11 Portal listening on http://localhost:${String(info.port)}` });
});

const shutdown = () => {
  server.close();
  void database.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
