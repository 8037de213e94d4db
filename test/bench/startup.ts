/**
 * Figure 8: start to ready on an existing database, and resident memory at
 * idle, for the production build (`node server/dist/main.js`, one process)
 * against `pnpm serve` (pnpm, the tsx wrapper and the server: what ran
 * before), on PGlite and on PostgreSQL. Memory is the whole process tree's
 * RSS, since that is what the machine pays.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@s11/server/build';
import { freePort, startPostgres } from '@s11/server/testing';
import { stat, type Stat } from './stats';

const root = fileURLToPath(new URL('../..', import.meta.url));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function treeRssMb(pid: number): number {
  const parents = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const s = readFileSync(`/proc/${e}/stat`, 'utf8');
      parents.set(Number(e), Number(s.slice(s.lastIndexOf(')') + 2).split(' ')[1]));
    } catch {
      // gone
    }
  }
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    for (const [child, parent] of parents) if (parent === tree[i]) tree.push(child);
  }
  let kb = 0;
  for (const p of tree) {
    try {
      kb += Number(
        /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${String(p)}/status`, 'utf8'))?.[1] ?? 0,
      );
    } catch {
      // gone
    }
  }
  return kb / 1024;
}

async function once(
  command: string[],
  env: Record<string, string>,
  idleMs: number,
): Promise<{ readyMs: number; rssMb: number }> {
  const port = await freePort();
  const start = performance.now();
  const child: ChildProcess = spawn(command[0] ?? '', command.slice(1), {
    cwd: root,
    detached: true, // its own process group, so pnpm's children stop with it
    // Output is kept (its tail explains an early exit); only errors are logged.
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // Not production: an earlier figure's Vite build sets NODE_ENV=production in
      // this process, and production needs PUBLIC_ORIGIN and mail settings.
      NODE_ENV: 'test',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
    },
  });
  const pid = child.pid ?? 0;
  let output = '';
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-2000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  try {
    for (;;) {
      if (child.exitCode !== null) {
        throw new Error(
          `${command.join(' ')} exited (${String(child.exitCode)}): ${output.trim()}`,
        );
      }
      try {
        const r = await fetch(`http://127.0.0.1:${String(port)}/api/health/ready`);
        if (r.ok) break;
      } catch {
        // not listening yet
      }
      if (performance.now() - start > 120_000) throw new Error('did not become ready');
      await sleep(20);
    }
    const readyMs = performance.now() - start;
    await sleep(idleMs);
    return { readyMs, rssMb: treeRssMb(pid) };
  } finally {
    // The group may be gone already (the command exited): ESRCH is not an error here.
    const signal = (sig: NodeJS.Signals) => {
      try {
        process.kill(-pid, sig);
      } catch {
        // no such process group
      }
    };
    const exited =
      child.exitCode !== null || child.signalCode !== null
        ? Promise.resolve()
        : new Promise((r) => child.once('exit', r));
    signal('SIGTERM');
    const timer = setTimeout(() => signal('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
    await sleep(300);
  }
}

export interface StartupFigures {
  engine: 'PGlite' | 'PostgreSQL';
  ready: { ours: Stat; baseline: Stat };
  rss: { ours: Stat; baseline: Stat };
}

export async function measureStartup(opts: {
  reps: number;
  idleMs: number;
}): Promise<StartupFigures[]> {
  const buildDir = join(root, 'server/.tmp/bench-build');
  const main = await buildServer(buildDir, join(root, 'web/dist'));
  const pg = await startPostgres();
  const dataDir = mkdtempSync(join(tmpdir(), 's11-bench-start-'));
  const out: StartupFigures[] = [];
  try {
    const engines: { engine: 'PGlite' | 'PostgreSQL'; env: Record<string, string> }[] = [
      { engine: 'PGlite', env: { DATA_DIR: dataDir } },
      { engine: 'PostgreSQL', env: { DATABASE_URL: pg.url } },
    ];
    for (const { engine, env } of engines) {
      const ours = [process.execPath, main];
      const baseline = ['pnpm', 'serve'];
      // Create and migrate the database once: the figure is start on an existing one.
      await once(ours, env, 0);
      const r = { ours: [] as number[], baseline: [] as number[] };
      const m = { ours: [] as number[], baseline: [] as number[] };
      for (let i = 0; i < opts.reps; i++) {
        for (const [name, command] of [
          ['ours', ours],
          ['baseline', baseline],
        ] as const) {
          const x = await once(command, env, opts.idleMs);
          r[name].push(x.readyMs);
          m[name].push(x.rssMb);
        }
      }
      out.push({
        engine,
        ready: { ours: stat(r.ours), baseline: stat(r.baseline) },
        rss: { ours: stat(m.ours), baseline: stat(m.baseline) },
      });
    }
  } finally {
    pg.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(buildDir, { recursive: true, force: true });
  }
  return out;
}
