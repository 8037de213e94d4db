/**
 * The service's entry point, one process: `node server/dist/main.js` in
 * production (the bundle server/build.ts makes), `tsx server/src/main.ts`
 * from source (`pnpm start`, `pnpm serve`).
 *
 *   main.js            start the service (migrating first, under a lock)
 *   main.js migrate    apply pending migrations and exit (before an upgrade)
 *   main.js move-to-postgres
 *                      move the embedded database (DATA_DIR) into an empty
 *                      PostgreSQL database (DATABASE_URL), then exit
 *   main.js admin create-partnership --name "…" --manager-email … [--manager-name …]
 *                      create a partnership and its first manager's
 *                      invitation; print the one-time set-up link (runtime/admin.ts)
 *
 * Every failure to start is one JSON log line (the setting at fault and what
 * is wrong), then exit code 1; see docs/deployment.md.
 */
import { ConfigError, configProblems, loadConfig, type Config } from './config';
import { DataDirLockedError } from './db/data-dir-lock';
import { jsonLogger, silentLogger, type LogFn } from './http/logger';
import { runMigrate, runServe } from './runtime/serve';
import { StartupError, describeError } from './runtime/startup';
import { moveToPostgres } from './runtime/move';
import { runAdmin } from './runtime/admin';

async function runMove(config: Config, log: LogFn): Promise<void> {
  if (!config.DATABASE_URL) {
    throw new StartupError('DATABASE_URL', 'move-to-postgres needs the target PostgreSQL database');
  }
  await moveToPostgres({
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    waitSeconds: config.DATABASE_WAIT_SECONDS,
    log,
  });
}

const COMMANDS = ['serve', 'migrate', 'move-to-postgres', 'admin'] as const;
type Command = (typeof COMMANDS)[number];

const startupLog = jsonLogger();
const command = (process.argv[2] ?? 'serve') as Command;
const FAILED = command === 'admin' ? 'S11 Portal admin command failed' : 'S11 Portal cannot start';

function fail(entry: Record<string, unknown>): never {
  startupLog({ level: 'fatal', msg: FAILED, ...entry });
  process.exit(1);
}

process.on('uncaughtException', (err) => fail({ error: describeError(err) }));
process.on('unhandledRejection', (err) => fail({ error: describeError(err) }));

if (!COMMANDS.includes(command)) {
  fail({ problem: `unknown command "${command}"; use one of: ${COMMANDS.join(', ')}` });
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  for (const p of err.problems) startupLog({ level: 'fatal', msg: FAILED, ...p });
  process.exit(1);
}
const problems = configProblems(config);
if (problems.length > 0) {
  for (const p of problems) startupLog({ level: 'fatal', msg: FAILED, ...p });
  process.exit(1);
}
const log: LogFn =
  config.LOG_LEVEL === 'silent' ? silentLogger : jsonLogger(undefined, { level: config.LOG_LEVEL });

try {
  if (command === 'migrate') await runMigrate(config, log);
  else if (command === 'move-to-postgres') await runMove(config, log);
  else if (command === 'admin') await runAdmin(config, log, process.argv.slice(3));
  else await runServe(config, log);
} catch (err) {
  if (err instanceof StartupError) fail({ setting: err.setting, problem: err.message });
  if (err instanceof DataDirLockedError) fail({ setting: 'DATA_DIR', problem: err.message });
  fail({ error: describeError(err) });
}
