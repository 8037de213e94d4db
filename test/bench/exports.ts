/**
 * Figure 7, exports at national scale: the workbook and the PDF of a cycle
 * against the CSV of the same returns, each through the real export route in
 * a fresh process (export-worker.ts) so its peak memory is its own. Runs
 * alternate formats so a noisy moment hits all of them alike.
 */
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signIn, type NationalDb } from './national';
import { stat, type Stat } from './stats';

export interface ExportFigure {
  ms: Stat;
  bytes: number;
  peakRssMb: number;
}

const FILES = ['returns.csv', 'workbook.xlsx', 'report.pdf'] as const;
type File = (typeof FILES)[number];

export async function measureExports(
  n: NationalDb,
  opts: { cycleId: string; reps: number },
): Promise<Record<File, ExportFigure>> {
  // Signed in once here (the manager passes a second factor, and a TOTP code
  // works once): each worker uses the session cookie.
  const cookie = await signIn((p, i) => Promise.resolve(n.app.request(p, i)), n.manager.email);
  const script = fileURLToPath(new URL('./export-worker.ts', import.meta.url));
  const runs: Record<File, { ms: number[]; bytes: number; peak: number }> = {
    'returns.csv': { ms: [], bytes: 0, peak: 0 },
    'workbook.xlsx': { ms: [], bytes: 0, peak: 0 },
    'report.pdf': { ms: [], bytes: 0, peak: 0 },
  };
  for (let i = 0; i < opts.reps; i++) {
    for (const file of FILES) {
      const out = execFileSync(
        process.execPath,
        ['--import', 'tsx', script, n.url, opts.cycleId, file, cookie],
        { encoding: 'utf8', maxBuffer: 2 ** 20 },
      );
      const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as {
        ms: number;
        bytes: number;
        peakRssMb: number;
      };
      const slot = runs[file];
      slot.ms.push(r.ms);
      slot.bytes = r.bytes;
      slot.peak = Math.max(slot.peak, r.peakRssMb);
    }
  }
  const figure = (f: File): ExportFigure => ({
    ms: stat(runs[f].ms),
    bytes: runs[f].bytes,
    peakRssMb: runs[f].peak,
  });
  return {
    'returns.csv': figure('returns.csv'),
    'workbook.xlsx': figure('workbook.xlsx'),
    'report.pdf': figure('report.pdf'),
  };
}
