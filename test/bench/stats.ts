/** Median and spread of repeated measurements. */
export interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

export function stat(values: number[]): Stat {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
  return { median, min: s[0] ?? 0, max: s[s.length - 1] ?? 0, runs: s.length };
}

export async function repeat(n: number, fn: () => Promise<number>): Promise<Stat> {
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(await fn());
  return stat(out);
}
