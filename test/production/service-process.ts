/**
 * The production bundle as a real process: built once per test file with
 * server/build.ts (without the web app), started with `node main.js` and a
 * chosen environment, its JSON log lines collected, stopped with a signal.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildServer } from '@s11/server/build';

export type LogLine = Record<string, unknown> & { msg?: string; level?: string };

/** Bundles the server under server/.tmp (packages resolve from server/node_modules). */
export async function buildForTest(name: string): Promise<{ main: string; remove(): void }> {
  const dir = fileURLToPath(
    new URL(`../../server/.tmp/test-build-${name}-${String(process.pid)}`, import.meta.url),
  );
  mkdirSync(dir, { recursive: true });
  return {
    main: await buildServer(dir, null),
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

export interface ServiceProcess {
  child: ChildProcess;
  pid: number;
  lines: LogLine[];
  stderr: () => string;
  /** Resolves with the first log line matching, rejects when the process exits first. */
  waitFor(match: (l: LogLine) => boolean, timeoutMs?: number): Promise<LogLine>;
  exited: Promise<number | null>;
}

export function startService(
  main: string,
  env: Record<string, string>,
  args: string[] = [],
): ServiceProcess {
  const child = spawn(process.execPath, [main, ...args], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: LogLine[] = [];
  let err = '';
  let buffered = '';
  const listeners = new Set<() => void>();
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffered += chunk;
    const parts = buffered.split('\n');
    buffered = parts.pop() ?? '';
    for (const p of parts) {
      if (!p.trim()) continue;
      try {
        lines.push(JSON.parse(p) as LogLine);
      } catch {
        lines.push({ level: 'not-json', msg: p });
      }
    }
    for (const l of listeners) l();
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code) => resolve(code)),
  );
  let hasExited = false;
  void exited.then(() => {
    hasExited = true;
    for (const l of listeners) l();
  });
  return {
    child,
    pid: child.pid ?? -1,
    lines,
    stderr: () => err,
    exited,
    waitFor(match, timeoutMs = 60_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = lines.find(match);
          if (found) done(() => resolve(found));
          else if (hasExited)
            done(() => reject(new Error(`exited first; log:\n${JSON.stringify(lines)}\n${err}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`timed out; log:\n${JSON.stringify(lines)}`))),
          timeoutMs,
        );
        const done = (f: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          f();
        };
        listeners.add(check);
        check();
      });
    },
  };
}

export const isListening = (l: LogLine) =>
  typeof l.msg === 'string' && l.msg.startsWith('S11 Portal listening');

/** Pids whose parent is `pid` (from /proc): the production process must have none. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
