/**
 * Figure 5, roll-up at national scale: the sector x standard roll-up endpoint
 * (GET /api/cycles/:id/rollup, signed in as a partnership manager, through
 * the whole app: session, access check, query, JSON) against one
 * hand-written GROUP BY over the same tables giving the same counts (self and
 * moderated by sector and standard), sent straight through `pg`.
 */
import type { NationalDb } from './national';
import { seedCycle, signIn } from './national';
import { stat, type Stat } from './stats';

const BASELINE_ROLLUP_SQL = `
  select o.sector, sr.standard, sr.rag as self, coalesce(m.rag, sr.rag) as moderated, count(*)
    from returns r
    join organisations o on o.id = r.organisation_id
    join standard_responses sr on sr.return_id = r.id
    left join moderations m on m.return_id = sr.return_id and m.standard = sr.standard
   where r.cycle_id = $1 and r.status in ('submitted', 'accepted')
   group by 1, 2, 3, 4`;

export interface RollupScalePoint {
  orgs: number;
  cycleId: string;
  ours: Stat;
  baseline: Stat;
}

export async function measureRollupScale(
  n: NationalDb,
  opts: { sizes: number[]; reps: number },
): Promise<RollupScalePoint[]> {
  const cookie = await signIn((p, i) => Promise.resolve(n.app.request(p, i)), n.manager.email);
  const points: RollupScalePoint[] = [];
  for (const orgs of opts.sizes) {
    const started = performance.now();
    const cycleId = await seedCycle(n, `r${String(orgs)}`, orgs);
    console.log(
      `  seeded ${String(orgs)} organisations in ${((performance.now() - started) / 1000).toFixed(1)} s`,
    );
    const endpoint = async () => {
      const t0 = performance.now();
      const res = await n.app.request(`/api/cycles/${cycleId}/rollup`, { headers: { cookie } });
      const body = (await res.json()) as { returns: number };
      const ms = performance.now() - t0;
      if (res.status !== 200 || body.returns !== orgs)
        throw new Error(`Roll-up answered ${String(res.status)} with ${String(body.returns)}`);
      return ms;
    };
    const handWritten = async () => {
      const t0 = performance.now();
      const r = await n.sql.query(BASELINE_ROLLUP_SQL, [cycleId]);
      const ms = performance.now() - t0;
      if (r.rows.length === 0) throw new Error('The baseline query found nothing');
      return ms;
    };
    // One of each first so both start with warm caches.
    await endpoint();
    await handWritten();
    // Alternate so a noisy moment on this shared machine hits both alike.
    const ours: number[] = [];
    const base: number[] = [];
    for (let i = 0; i < opts.reps; i++) {
      ours.push(await endpoint());
      base.push(await handWritten());
    }
    points.push({ orgs, cycleId, ours: stat(ours), baseline: stat(base) });
  }
  return points;
}
