/** Starts serve-worker.ts as a child process and samples its memory. */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export interface ServerProcess {
  origin: string;
  pid: number;
  /** Resident memory now, in MB. */
  rssMb(): number;
  /** Peak resident memory since start (VmHWM), in MB. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

function status(pid: number, field: 'VmRSS' | 'VmHWM'): number {
  const text = readFileSync(`/proc/${String(pid)}/status`, 'utf8');
  const kb = Number(new RegExp(`${field}:\\s+(\\d+)`).exec(text)?.[1] ?? 0);
  return kb / 1024;
}

export async function startServerProcess(databaseUrl: string): Promise<ServerProcess> {
  const script = fileURLToPath(new URL('./serve-worker.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script, databaseUrl], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The server exited (${String(code)})`)));
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
  });
  const pid = child.pid ?? 0;
  return {
    origin: `http://127.0.0.1:${String(port)}`,
    pid,
    rssMb: () => status(pid, 'VmRSS'),
    peakRssMb: () => status(pid, 'VmHWM'),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        // Open keep-alive sockets can hold a graceful close; do not wait for ever.
        const force = setTimeout(() => child.kill('SIGKILL'), 3000);
        child.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
