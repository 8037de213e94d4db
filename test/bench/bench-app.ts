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
    // The figures measure speed, not limits: figure 4 has one user push
    // thousands of edits a minute, figures 5 and 7 ask for the same roll-up
    // and exports again and again (a full run's repetitions pass the
    // per-user limits of docs/limits.md). The soak runs on it too.
    workLimits: {
      push: { limit: 1_000_000, windowMs: 60_000 },
      reports: { limit: 1_000_000, windowMs: 60_000 },
      exports: { limit: 1_000_000, windowMs: 60_000 },
    },
  });
}
