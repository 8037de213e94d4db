/**
 * The RAG roll-up: how a partnership's returned audits are summarised for its
 * board. Every number the console, the exports and the API show comes from
 * here (or, at national scale, from SQL that is tested against this).
 *
 * How it is computed:
 * - Input: one entry per returned audit (status submitted or accepted), each
 *   with its organisation's sector and the 8 standards' ratings.
 * - Each standard of each return is one *rating*. A standard with no rating
 *   yet counts as Not rated, so a return always contributes 8 ratings.
 * - Two bases: `self` (the organisation's own rating) and `moderated` (the
 *   partnership's rating where it recorded one, otherwise the self-rating
 *   stands, so both bases count the same ratings and sit side by side).
 * - A distribution is the counts of Green / Amber / Red / Not rated and their
 *   percentages to one decimal place, rounded by largest remainder so they add
 *   up to exactly 100.0.
 * - Views: overall, by sector, by standard, and by sector x standard.
 *
 * @example
 *   // The 2024-25 report: 32 returns x 8 standards
 *   rollUp(returns).self.overall.percent // { green: 87.5, amber: 9.4, red: 0, not_rated: 3.1 }
 */
import type { Rag } from '../rag';
import { RAG_VALUES } from '../rag';
import type { Sector } from '../sectors';
import { STANDARD_NUMBERS, type StandardNumber } from '../standards/catalogue';
import { largestRemainderPercentages } from './rounding';

export type RagCounts = Record<Rag, number>;

export interface Distribution {
  total: number;
  counts: RagCounts;
  /** Percentages to one decimal place; they add up to exactly 100 when total > 0. */
  percent: RagCounts;
}

export interface RatedReturn {
  returnId: string;
  organisationId: string;
  sector: Sector;
  ratings: ReadonlyArray<{
    standard: StandardNumber;
    self: Rag | null;
    moderated: Rag | null;
  }>;
}

export type RollupBasis = 'self' | 'moderated';

export interface RollupView {
  overall: Distribution;
  bySector: Partial<Record<Sector, Distribution>>;
  byStandard: Record<StandardNumber, Distribution>;
  /** `bySectorStandard[sector][standard]` */
  bySectorStandard: Partial<Record<Sector, Record<StandardNumber, Distribution>>>;
}

export interface Rollup {
  returns: number;
  self: RollupView;
  moderated: RollupView;
  /** How many of the ratings carry a partnership (moderated) rating. */
  moderatedRatings: number;
}

export function emptyCounts(): RagCounts {
  return { green: 0, amber: 0, red: 0, not_rated: 0 };
}

/** Counts to a distribution with percentages that add up to 100.0. */
export function toDistribution(counts: RagCounts): Distribution {
  const total = RAG_VALUES.reduce((sum, r) => sum + counts[r], 0);
  return { total, counts: { ...counts }, percent: largestRemainderPercentages(counts, 1) };
}

function perStandard<T>(make: () => T): Record<StandardNumber, T> {
  const out = {} as Record<StandardNumber, T>;
  for (const n of STANDARD_NUMBERS) out[n] = make();
  return out;
}

/** The rating a basis uses for one standard of one return. */
export function effectiveRating(basis: RollupBasis, self: Rag | null, moderated: Rag | null): Rag {
  if (basis === 'moderated' && moderated) return moderated;
  return self ?? 'not_rated';
}

/**
 * One cell of a roll-up: how many ratings of `sector` x `standard` have this
 * self-rating and this effective moderated rating, and how many of them carry
 * a partnership rating. `rollUp` makes one cell per rating; at national scale
 * the server counts cells with one GROUP BY (server/src/reports/rollup-query.ts).
 * Either way `rollUpCells` does the tallying, so the two cannot disagree.
 */
export interface RollupCell {
  sector: Sector;
  standard: StandardNumber;
  self: Rag;
  moderated: Rag;
  ratings: number;
  moderatedRatings: number;
}

/** Tallies ratings into every view of one basis. */
class ViewCounter {
  private readonly overall = emptyCounts();
  private readonly bySector: Partial<Record<Sector, RagCounts>> = {};
  private readonly byStandard = perStandard(emptyCounts);
  private readonly bySectorStandard: Partial<Record<Sector, Record<StandardNumber, RagCounts>>> =
    {};

  add(sector: Sector, standard: StandardNumber, rag: Rag, count: number) {
    this.overall[rag] += count;
    (this.bySector[sector] ??= emptyCounts())[rag] += count;
    this.byStandard[standard][rag] += count;
    (this.bySectorStandard[sector] ??= perStandard(emptyCounts))[standard][rag] += count;
  }

  view(): RollupView {
    const mapValues = <K extends string, V, W>(o: Partial<Record<K, V>>, f: (v: V) => W) =>
      Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v as V)])) as Partial<
        Record<K, W>
      >;
    return {
      overall: toDistribution(this.overall),
      bySector: mapValues(this.bySector, toDistribution),
      byStandard: mapValues(this.byStandard, toDistribution) as Record<
        StandardNumber,
        Distribution
      >,
      bySectorStandard: mapValues(
        this.bySectorStandard,
        (g) => mapValues(g, toDistribution) as Record<StandardNumber, Distribution>,
      ),
    };
  }
}

export function rollUpCells(cells: readonly RollupCell[]): Rollup {
  const self = new ViewCounter();
  const moderated = new ViewCounter();
  let ratings = 0;
  let moderatedRatings = 0;
  for (const c of cells) {
    self.add(c.sector, c.standard, c.self, c.ratings);
    moderated.add(c.sector, c.standard, c.moderated, c.ratings);
    ratings += c.ratings;
    moderatedRatings += c.moderatedRatings;
  }
  return {
    // Every returned audit contributes exactly one rating per standard.
    returns: ratings / STANDARD_NUMBERS.length,
    self: self.view(),
    moderated: moderated.view(),
    moderatedRatings,
  };
}

export function rollUp(returns: readonly RatedReturn[]): Rollup {
  const cells: RollupCell[] = [];
  for (const r of returns) {
    const rated = new Map(r.ratings.map((x) => [x.standard, x]));
    for (const n of STANDARD_NUMBERS) {
      const self = rated.get(n)?.self ?? null;
      const mod = rated.get(n)?.moderated ?? null;
      cells.push({
        sector: r.sector,
        standard: n,
        self: effectiveRating('self', self, mod),
        moderated: effectiveRating('moderated', self, mod),
        ratings: 1,
        moderatedRatings: mod ? 1 : 0,
      });
    }
  }
  return rollUpCells(cells);
}

/** Share (percentage, one decimal) of `part` in `whole`; 0 when there is nothing. */
export function share(part: number, whole: number): number {
  if (whole === 0) return 0;
  return Math.round((part * 1000) / whole) / 10;
}
