/**
 * The roll-up counted by the database: one GROUP BY over the returned audits
 * of a cycle, giving at most sectors x 8 standards x 4 x 4 cells, which the
 * shared `rollUpCells` turns into the same Rollup that `rollUp` computes in
 * memory (rollup-query.test.ts holds the two to each other). This is what
 * keeps the sector x standard roll-up fast for 100,000 organisations: no
 * rating crosses the wire, only counts.
 *
 * Rules mirrored from shared/src/rollup/rollup.ts:
 * - only returned audits (status submitted or accepted) count;
 * - each return contributes one rating per standard: a standard with no
 *   response row, or no rating yet, counts as Not rated;
 * - the moderated basis uses the partnership's rating where there is one,
 *   otherwise the self-rating.
 */
import { sql } from 'drizzle-orm';
import {
  RETURNED_STATUSES,
  STANDARD_NUMBERS,
  rollUpCells,
  type Rag,
  type Rollup,
  type RollupCell,
  type Sector,
  type StandardNumber,
} from '@s11/shared';
import type { Db } from '../db/client';

interface CellRow {
  sector: string;
  standard: number;
  self: string;
  moderated: string;
  ratings: number;
  moderated_ratings: number;
}

export async function rollupForCycle(db: Db, cycleId: string): Promise<Rollup> {
  const statuses = sql.join(
    [...RETURNED_STATUSES].map((s) => sql`${s}`),
    sql`, `,
  );
  // Both drivers (pg and PGlite) answer `{ rows }`.
  const result: unknown = await db.execute(sql`
    select o.sector,
           s.n as standard,
           coalesce(sr.rag, 'not_rated') as self,
           coalesce(m.rag, sr.rag, 'not_rated') as moderated,
           count(*)::int as ratings,
           count(m.rag)::int as moderated_ratings
      from returns r
      join organisations o on o.id = r.organisation_id
     cross join generate_series(1, ${STANDARD_NUMBERS.length}) as s(n)
      left join standard_responses sr on sr.return_id = r.id and sr.standard = s.n
      left join moderations m on m.return_id = r.id and m.standard = s.n
     where r.cycle_id = ${cycleId} and r.status in (${statuses})
     group by 1, 2, 3, 4`);
  const cells: RollupCell[] = (result as { rows: CellRow[] }).rows.map((row) => ({
    sector: row.sector as Sector,
    standard: Number(row.standard) as StandardNumber,
    self: row.self as Rag,
    moderated: row.moderated as Rag,
    ratings: Number(row.ratings),
    moderatedRatings: Number(row.moderated_ratings),
  }));
  return rollUpCells(cells);
}
