/** The real server app over a benchmark's database: test config, silent log, development mailbox. */
import { createApp, loadConfig, type Database } from '@s11/server';
import { silentLogger } from '@s11/server/testing/logger';
import { createOutbox } from '@s11/server/testing/mail';

export function benchApp(database: Database) {
  return createApp({
    config: loadConfig({ NODE_ENV: 'test', WEB_DIST: '/nonexistent' }),
    database,
    log: silentLogger,
    outbox: createOutbox('development'),
    now: () => new Date(),
    // Figure 4 has one user push thousands of edits a minute to measure
    // throughput, far past the per-user limit a real device stays under.
    workLimits: { push: { limit: 1_000_000, windowMs: 60_000 } },
  });
}
