import { describe, expect, it } from 'vitest';
import type { Rag } from '../rag';
import { STANDARD_NUMBERS } from '../standards/catalogue';
import type { Sector } from '../sectors';
import { rollUp, type RatedReturn } from './rollup';

/** One return whose 8 standards have the given self-ratings (and optional moderated ones). */
function aReturn(
  id: string,
  sector: Sector,
  self: readonly (Rag | null)[],
  moderated: readonly (Rag | null)[] = [],
): RatedReturn {
  return {
    returnId: id,
    organisationId: `org-${id}`,
    sector,
    ratings: STANDARD_NUMBERS.map((n, i) => ({
      standard: n,
      self: self[i] ?? null,
      moderated: moderated[i] ?? null,
    })),
  };
}

/**
 * The 2024-25 annual report: 32 returns x 8 standards = 256 ratings,
 * 224 Green, 24 Amber, 8 ungraded. Built as 24 all-green returns, 8 returns
 * with 3 Amber and 1 Not rated (8 x 3 = 24 Amber, 8 x 1 = 8 Not rated).
 */
function seedFigures(): RatedReturn[] {
  const returns: RatedReturn[] = [];
  for (let i = 0; i < 24; i++)
    returns.push(aReturn(`g${i}`, i % 2 ? 'health' : 'early_years', Array(8).fill('green')));
  for (let i = 0; i < 8; i++) {
    returns.push(
      aReturn(`m${i}`, 'schools_colleges', [
        'green',
        'green',
        'green',
        'green',
        'amber',
        'amber',
        'amber',
        'not_rated',
      ]),
    );
  }
  return returns;
}

describe('rollUp', () => {
  it("reproduces the partnership's 2024-25 figure: 87.5% Green, 9.4% Amber, 3.1% ungraded", () => {
    const r = rollUp(seedFigures());
    expect(r.returns).toBe(32);
    expect(r.self.overall.total).toBe(256);
    expect(r.self.overall.counts).toEqual({ green: 224, amber: 24, red: 0, not_rated: 8 });
    // The printed report said 9.3% Amber because it truncated 9.375. Rounded
    // by largest remainder to one decimal place, the shares are 87.5 / 9.4 / 3.1,
    // which add up to exactly 100.0 (87.5 + 9.3 + 3.1 would make 99.9).
    expect(r.self.overall.percent).toEqual({ green: 87.5, amber: 9.4, red: 0, not_rated: 3.1 });
  });

  it('counts a standard with no rating as Not rated, so every return gives 8 ratings', () => {
    const r = rollUp([
      aReturn('a', 'police', ['green', null, null, null, null, null, null, 'red']),
    ]);
    expect(r.self.overall.counts).toEqual({ green: 1, amber: 0, red: 1, not_rated: 6 });
    expect(r.self.overall.percent).toEqual({ green: 12.5, amber: 0, red: 12.5, not_rated: 75 });
  });

  it('splits by sector, by standard and by sector x standard', () => {
    const r = rollUp([
      aReturn('a', 'health', [
        'green',
        'green',
        'green',
        'green',
        'green',
        'green',
        'green',
        'red',
      ]),
      aReturn('b', 'health', [
        'green',
        'amber',
        'green',
        'green',
        'green',
        'green',
        'green',
        'green',
      ]),
      aReturn('c', 'faith', ['red', 'red', 'red', 'red', 'red', 'red', 'red', 'red']),
    ]);
    expect(r.self.bySector.health?.counts).toEqual({ green: 14, amber: 1, red: 1, not_rated: 0 });
    expect(r.self.bySector.faith?.counts).toEqual({ green: 0, amber: 0, red: 8, not_rated: 0 });
    expect(r.self.bySector.police).toBeUndefined();
    expect(r.self.byStandard[8].counts).toEqual({ green: 1, amber: 0, red: 2, not_rated: 0 });
    expect(r.self.byStandard[8].percent).toEqual({
      green: 33.3,
      amber: 0,
      red: 66.7,
      not_rated: 0,
    });
    expect(r.self.bySectorStandard.health?.[2].counts).toEqual({
      green: 1,
      amber: 1,
      red: 0,
      not_rated: 0,
    });
    expect(r.self.bySectorStandard.faith?.[1].percent.red).toBe(100);
  });

  it('keeps self and moderated ratings side by side; an unmoderated standard keeps its self-rating', () => {
    const self: Rag[] = Array(8).fill('green');
    const moderated: (Rag | null)[] = ['amber', null, null, null, null, null, null, 'red'];
    const r = rollUp([aReturn('a', 'police', self, moderated)]);
    expect(r.self.overall.counts).toEqual({ green: 8, amber: 0, red: 0, not_rated: 0 });
    expect(r.moderated.overall.counts).toEqual({ green: 6, amber: 1, red: 1, not_rated: 0 });
    expect(r.moderatedRatings).toBe(2);
  });

  it('gives zero percentages, not NaN, when nothing has been returned', () => {
    const r = rollUp([]);
    expect(r.self.overall).toEqual({
      total: 0,
      counts: { green: 0, amber: 0, red: 0, not_rated: 0 },
      percent: { green: 0, amber: 0, red: 0, not_rated: 0 },
    });
    for (const n of STANDARD_NUMBERS) expect(r.self.byStandard[n].total).toBe(0);
  });

  it('makes every distribution add up to exactly 100.0', () => {
    const rags: Rag[] = ['green', 'amber', 'red', 'not_rated'];
    const returns = Array.from({ length: 37 }, (_, i) =>
      aReturn(
        String(i),
        i % 3 ? 'health' : 'faith',
        STANDARD_NUMBERS.map((n) => rags[(i * n) % 4] ?? null),
      ),
    );
    const r = rollUp(returns);
    const all = [
      r.self.overall,
      ...Object.values(r.self.bySector),
      ...Object.values(r.self.byStandard),
    ];
    for (const d of all) {
      const tenths = Object.values(d.percent).reduce((s, v) => s + Math.round(v * 10), 0);
      expect(tenths).toBe(1000);
    }
  });
});
