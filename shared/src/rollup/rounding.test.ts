import { describe, expect, it } from 'vitest';
import { largestRemainderPercentages } from './rounding';

describe('largestRemainderPercentages', () => {
  it.each([
    // [counts, expected]
    [
      { a: 1, b: 1, c: 1 },
      { a: 33.4, b: 33.3, c: 33.3 },
    ],
    [
      { a: 2, b: 1 },
      { a: 66.7, b: 33.3 },
    ],
    [
      { a: 1, b: 0 },
      { a: 100, b: 0 },
    ],
    [
      { a: 0, b: 0 },
      { a: 0, b: 0 },
    ],
    [
      { a: 1, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 },
      { a: 14.3, b: 14.3, c: 14.3, d: 14.3, e: 14.3, f: 14.3, g: 14.2 },
    ],
    [
      { a: 999, b: 1 },
      { a: 99.9, b: 0.1 },
    ],
    // A tie on the remainder goes to the earlier key.
    [
      { a: 9995, b: 5 },
      { a: 100, b: 0 },
    ],
  ])('rounds %j to %j', (counts, expected) => {
    expect(largestRemainderPercentages(counts as Record<string, number>)).toEqual(expected);
  });

  it('always adds up to exactly 100.0 for any non-empty counts', () => {
    // A deterministic sweep of awkward totals.
    for (let total = 1; total <= 60; total++) {
      for (let a = 0; a <= total; a += 3) {
        const b = Math.floor((total - a) / 3);
        const counts = {
          green: a,
          amber: b,
          red: total - a - b - Math.floor(b / 2),
          not_rated: Math.floor(b / 2),
        };
        const p = largestRemainderPercentages(counts);
        const sumTenths = Object.values(p).reduce((s, v) => s + Math.round(v * 10), 0);
        expect(sumTenths).toBe(1000);
      }
    }
  });

  it('gives no share to a zero count even when units are left over', () => {
    const p = largestRemainderPercentages({ green: 1, amber: 0, red: 2, not_rated: 0 });
    expect(p).toEqual({ green: 33.3, amber: 0, red: 66.7, not_rated: 0 });
  });
});
