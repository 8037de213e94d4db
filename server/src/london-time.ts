/**
 * Days in UK time (the partnerships' own clock): a filter "from 1 June to
 * 3 June" means from midnight in London on the 1st to midnight on the 4th,
 * whether that is GMT or BST. Clocks change at 01:00 UTC, so London's offset
 * at UTC midnight is its offset at London midnight.
 */
const offsetFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  timeZoneName: 'shortOffset',
});

/** London's offset from UTC at this instant, in minutes ("GMT" 0, "GMT+1" 60). */
function londonOffsetMinutes(at: Date): number {
  const name = offsetFormat.formatToParts(at).find((p) => p.type === 'timeZoneName')?.value ?? '';
  const m = /GMT([+-])(\d{1,2})(?::(\d{2}))?/.exec(name);
  if (!m) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -minutes : minutes;
}

/** Midnight at the start of this day (YYYY-MM-DD) in London. */
export function londonDayStart(day: string): Date {
  const utcMidnight = new Date(`${day}T00:00:00Z`);
  return new Date(utcMidnight.getTime() - londonOffsetMinutes(utcMidnight) * 60_000);
}

/** Midnight at the end of this day in London (the start of the next). */
export function londonDayEnd(day: string): Date {
  const next = new Date(`${day}T00:00:00Z`);
  next.setUTCDate(next.getUTCDate() + 1);
  return londonDayStart(next.toISOString().slice(0, 10));
}
