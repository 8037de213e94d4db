/**
 * Largest-remainder rounding: percentages to `decimals` places that add up to
 * exactly 100 (when there is anything to count).
 *
 * Each share is floored to the precision; the units left over go, one each, to
 * the shares with the largest remainders. Ties go to the earlier key, so the
 * result is deterministic.
 *
 * @example largestRemainderPercentages({ green: 224, amber: 24, not_rated: 8 })
 *   // { green: 87.5, amber: 9.4, not_rated: 3.1 }  (9.375 -> 9.4, 3.125 -> 3.1)
 */
export function largestRemainderPercentages<K extends string>(
  counts: Readonly<Record<K, number>>,
  decimals = 1,
): Record<K, number> {
  const keys = Object.keys(counts) as K[];
  const total = keys.reduce((sum, k) => sum + counts[k], 0);
  const result = {} as Record<K, number>;
  if (total === 0) {
    for (const k of keys) result[k] = 0;
    return result;
  }
  const scale = 10 ** decimals;
  const units = 100 * scale;
  // Integer arithmetic on `count * units` keeps remainders exact.
  const parts = keys.map((k, index) => {
    const numerator = counts[k] * units;
    return { k, index, floor: Math.floor(numerator / total), remainder: numerator % total };
  });
  let left = units - parts.reduce((sum, p) => sum + p.floor, 0);
  const order = [...parts].sort((a, b) => b.remainder - a.remainder || a.index - b.index);
  for (const p of order) {
    if (left <= 0) break;
    if (p.remainder === 0) continue;
    p.floor += 1;
    left -= 1;
  }
  for (const p of parts) result[p.k] = p.floor / scale;
  return result;
}
