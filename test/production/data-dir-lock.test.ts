/**
 * One writer per embedded database (issue 12, item 7): two processes on one
 * DATA_DIR both ran and lost committed rows. The second must refuse to start
 * with one JSON line naming DATA_DIR; a lock left by a killed process must
 * not keep the service down.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '@s11/server/testing';
import { buildForTest, isListening, startService, type ServiceProcess } from './service-process';

let build: Awaited<ReturnType<typeof buildForTest>>;
const dirs: string[] = [];
const running: ServiceProcess[] = [];

beforeAll(async () => {
  build = await buildForTest('data-dir-lock');
}, 120_000);
afterAll(() => {
  for (const p of running) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  build.remove();
});

function dataDir(): string {
  const d = mkdtempSync(join(tmpdir(), 's11-lock-'));
  dirs.push(d);
  return d;
}

async function start(dir: string): Promise<ServiceProcess> {
  const p = startService(build.main, {
    DATA_DIR: dir,
    PORT: String(await freePort()),
    NODE_ENV: 'test',
  });
  running.push(p);
  return p;
}

describe('two servers on one DATA_DIR', () => {
  it('the second refuses to start with one JSON line naming DATA_DIR and the first one’s pid', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.waitFor(isListening, 90_000);

    const second = await start(dir);
    // Today's code starts the second one as well (and both write the folder).
    const outcome = await Promise.race([
      second.exited.then((code) => `exited ${String(code)}`),
      second.waitFor(isListening, 90_000).then(() => 'listening'),
    ]);
    expect(outcome).toBe('exited 1');
    const fatal = second.lines.filter((l) => l.level === 'fatal');
    expect(fatal).toHaveLength(1);
    expect(fatal[0]).toMatchObject({ msg: 'S11 Portal cannot start', setting: 'DATA_DIR' });
    expect(String(fatal[0]?.problem)).toContain(`process ${String(first.pid)}`);
    expect(second.lines.some(isListening)).toBe(false);
    expect(second.stderr()).toBe('');

    // The first is unharmed and, once stopped, frees the folder for the next one.
    const health = await fetch(`http://127.0.0.1:${String(portOf(first))}/api/health`);
    expect(health.status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const third = await start(dir);
    await third.waitFor(isListening, 90_000);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  }, 240_000);

  it('a lock left by a killed process is stale: the next server starts', async () => {
    const dir = dataDir();
    const first = await start(dir);
    await first.waitFor(isListening, 90_000);
    first.child.kill('SIGKILL');
    await first.exited;

    const next = await start(dir);
    await next.waitFor(isListening, 90_000);
    next.child.kill('SIGTERM');
    expect(await next.exited).toBe(0);
  }, 240_000);

  it('a lock file naming a pid that is not running does not block a fresh folder', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 's11-portal.lock'), '2147483646\n');
    const p = await start(dir);
    await p.waitFor(isListening, 90_000);
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  }, 240_000);
});

function portOf(p: ServiceProcess): number {
  const line = p.lines.find(isListening);
  return Number(line?.port);
}
