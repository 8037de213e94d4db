/**
 * One writer per embedded database. PGlite has no lock of its own: two
 * processes opening one DATA_DIR both run, each with its own copy of the
 * pages in memory, and rows committed by one are lost when the other writes
 * its pages back. So the process that opens the folder first holds a lock
 * file in it (`s11-portal.lock`, holding its pid) until it closes the
 * database; any other process is refused.
 *
 * A lock left by a process that no longer runs (killed with SIGKILL, a power
 * cut) is stale: it is taken over. A lock naming this very process (a
 * container restarted with the same pid 1) is stale too.
 */
import { linkSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const LOCK_FILE = 's11-portal.lock';

export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the embedded database in ${dataDir} is already open in process ${String(pid)}; ` +
        'only one process may use a DATA_DIR (stop the other one, or give this one its own DATA_DIR). ' +
        `If no such process is running, delete ${join(dataDir, LOCK_FILE)}.`,
    );
  }
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  if (pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to someone else, so it is running.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holder(path: string): number | null {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw e;
  }
}

/**
 * Takes the folder's lock, or throws DataDirLockedError naming the process
 * that holds it. Returns the release function (idempotent; also run at exit).
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, LOCK_FILE);
  // Written whole to a private file, then linked into place: link() fails if
  // the lock exists, so two processes starting together cannot both win, and
  // no reader ever sees a half-written pid.
  const mine = `${path}.${String(process.pid)}`;
  writeFileSync(mine, `${String(process.pid)}\n`);
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        linkSync(mine, path);
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const pid = holder(path);
      if (pid !== null && isRunning(pid)) throw new DataDirLockedError(dataDir, pid);
      if (attempt >= 3) throw new DataDirLockedError(dataDir, pid ?? 0);
      // Stale: remove it only if it still names the dead process (another
      // starter may have taken it over meanwhile), then try again.
      if (holder(path) === pid) rmSync(path, { force: true });
    }
  } finally {
    rmSync(mine, { force: true });
  }
  let held = true;
  const release = () => {
    if (!held) return;
    held = false;
    process.off('exit', release);
    try {
      if (holder(path) === process.pid) unlinkSync(path);
    } catch {
      // Already gone: nothing to release.
    }
  };
  process.on('exit', release);
  return release;
}
