/**
 * Starts a throw-away PostgreSQL for tests: initdb in a temporary folder, a
 * private port and socket directory, fsync off, stopped and deleted after.
 * Uses Debian's binaries (/usr/lib/postgresql/N/bin); .ci/run installs them.
 * initdb refuses to run as root, so as root it runs as the `postgres` user.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface PostgresServer {
  url: string;
  port: number;
  stop(): void;
}

export function findPostgresBin(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'initdb')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const v = versions[0];
  if (!v) {
    throw new Error(
      'PostgreSQL is not installed: run "apt-get install -y postgresql" (or "bash scripts/bootstrap.sh").',
    );
  }
  return join(root, v, 'bin');
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const asRoot = process.getuid?.() === 0;
  const base = mkdtempSync(join(tmpdir(), 's11-pg-'));
  const dataDir = join(base, 'data');
  const sockDir = join(base, 'sock');
  const uid = asRoot ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : -1;
  const gid = asRoot ? Number(execFileSync('id', ['-g', 'postgres']).toString().trim()) : -1;
  if (asRoot) {
    chownSync(base, uid, gid);
    chmodSync(base, 0o700);
  }
  const run = (cmd: string, args: string[]) => {
    const full = asRoot ? ['-u', 'postgres', '--', join(bin, cmd), ...args] : args;
    const r = spawnSync(asRoot ? 'runuser' : join(bin, cmd), full, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stderr || r.stdout}`);
  };
  run('initdb', [
    '-D',
    dataDir,
    '-U',
    'postgres',
    '--auth=trust',
    '-E',
    'UTF8',
    '--no-sync',
    '--locale=C',
  ]);
  execFileSync(
    asRoot ? 'runuser' : 'mkdir',
    asRoot ? ['-u', 'postgres', '--', 'mkdir', '-p', sockDir] : ['-p', sockDir],
  );
  const port = await freePort();
  const opts = [
    `-p ${String(port)}`,
    `-k ${sockDir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
    '-c max_connections=200',
  ].join(' ');
  run('pg_ctl', ['-D', dataDir, '-o', opts, '-l', join(base, 'log'), '-w', 'start']);
  let stopped = false;
  return {
    url: `postgres://postgres@127.0.0.1:${String(port)}/postgres`,
    port,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', dataDir, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(base, { recursive: true, force: true });
      }
    },
  };
}
