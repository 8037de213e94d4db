/**
 * `pnpm bench`: measures each figure against a baseline taken in the same run
 * (this machine is shared and noisy), over several repetitions, and writes
 * docs/benchmarks.md and docs/benchmarks.json. `pnpm bench --quick` runs a
 * small version of each so none of them rots.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { measureFirstLoad } from './first-load';
import { measureSyncThroughput } from './sync-throughput';
import type { Stat } from './stats';

const quick = process.argv.includes('--quick');
const docs = fileURLToPath(new URL('../../docs', import.meta.url));

interface Row {
  figure: string;
  ours: string;
  baseline: string;
  ratio: number;
  goal: string;
  met: boolean;
  note: string;
}

const fmtMs = (s: Stat) =>
  `${s.median.toFixed(0)} ms (${s.min.toFixed(0)}-${s.max.toFixed(0)}, n=${String(s.runs)})`;
const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;

async function main() {
  const rows: Row[] = [];
  const tmp = mkdtempSync(join(tmpdir(), 's11-bench-'));

  const fl = await measureFirstLoad(tmp);
  const flRatio = fl.ours / fl.baseline;
  rows.push({
    figure: '1. First load weight (gzip JS + CSS to open a return)',
    ours: kb(fl.ours),
    baseline: `${kb(fl.baseline)} (bare React page)`,
    ratio: flRatio,
    goal: '<= 2.5x',
    met: flRatio <= 2.5,
    note: 'Counts the entry script, its preloads and the CSS; the console is a lazy chunk and not counted.',
  });
  console.log(`first load: ${kb(fl.ours)} vs ${kb(fl.baseline)} = ${flRatio.toFixed(2)}x`);

  const returns = quick ? 25 : 125;
  const st = await measureSyncThroughput({ returns, reps: quick ? 1 : 3 });
  const stRatio = st.ours.median / st.baseline.median;
  rows.push({
    figure: `4. Sync throughput (${String(st.edits)} field edits across ${String(returns)} returns, PostgreSQL)`,
    ours: fmtMs(st.ours),
    baseline: `${fmtMs(st.baseline)} (direct SQL upserts via pg)`,
    ratio: stRatio,
    goal: '<= 3x',
    met: stRatio <= 3,
    note: 'Each mutation is its own transaction: write lock, idempotency record, merge, audit row. The baseline does one upsert per row.',
  });
  console.log(
    `sync throughput: ${fmtMs(st.ours)} vs ${fmtMs(st.baseline)} = ${stRatio.toFixed(2)}x`,
  );

  const md = [
    '# Benchmarks',
    '',
    `Produced by \`pnpm bench${quick ? ' --quick' : ''}\` on ${new Date().toISOString().slice(0, 10)} (2 cores, shared machine). Each figure is a ratio against a baseline measured in the same run; times are medians with min-max over the repetitions.`,
    '',
    '| Figure | Ours | Baseline | Ratio | Goal | Met |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.figure} | ${r.ours} | ${r.baseline} | ${r.ratio.toFixed(2)}x | ${r.goal} | ${r.met ? 'yes' : '**no**'} |`,
    ),
    '',
    '## Notes',
    '',
    ...rows.map((r) => `- **${r.figure}**: ${r.note}`),
    '',
    'Figures 2 (offline cold start), 3 (typing cost), 5 (roll-up at national scale), 6 (server throughput) and 7 (exports at scale), and the load soak, are not measured yet.',
    '',
  ].join('\n');
  if (!quick) {
    writeFileSync(join(docs, 'benchmarks.md'), md);
    writeFileSync(
      join(docs, 'benchmarks.json'),
      JSON.stringify({ date: new Date().toISOString(), rows }, null, 2) + '\n',
    );
  }
  console.log(md);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
