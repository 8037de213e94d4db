/**
 * Dates as people in the UK read them (GOV.UK style): "31 January 2027", and
 * "3 June 2026 at 2:05pm" for a moment. One home for every page, email and
 * export, so no ISO date reaches a person (issue 15). Moments are shown in
 * London time, the partnerships' own clock, whatever the device's zone.
 */

const DATE = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const DATE_ONLY = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'UTC',
});
const TIME = new Intl.DateTimeFormat('en-GB', {
  hour: 'numeric',
  minute: '2-digit',
  hourCycle: 'h12',
  timeZone: 'Europe/London',
});

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * A day ("2027-01-31") or a moment (an ISO timestamp, shown as its day in
 * London) as "31 January 2027". Empty or unreadable input gives ''.
 */
export function formatDate(value: string | null | undefined): string {
  if (!value) return '';
  const day = DAY.exec(value);
  if (day) return DATE_ONLY.format(new Date(Date.UTC(+day[1]!, +day[2]! - 1, +day[3]!)));
  const at = new Date(value);
  return Number.isNaN(at.getTime()) ? '' : DATE.format(at);
}

/** A moment as "3 June 2026 at 2:05pm" in London time; '' when empty. */
export function formatDateTime(value: string | null | undefined): string {
  if (!value) return '';
  const at = new Date(value);
  if (Number.isNaN(at.getTime())) return '';
  const parts = TIME.formatToParts(at);
  const part = (t: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === t)?.value ?? '';
  const time = `${part('hour')}:${part('minute')}${part('dayPeriod').replace(/\W/g, '').toLowerCase()}`;
  // GOV.UK writes midday and midnight as words.
  const words = time === '12:00pm' ? 'midday' : time === '12:00am' ? 'midnight' : time;
  return `${DATE.format(at)} at ${words}`;
}

/** Whole days from today (the device's day) to a day "YYYY-MM-DD": negative when past. */
export function daysUntil(day: string, today = new Date()): number {
  const due = Date.UTC(
    Number(day.slice(0, 4)),
    Number(day.slice(5, 7)) - 1,
    Number(day.slice(8, 10)),
  );
  const now = Date.UTC(today.getFullYear(), today.getMonth(), today.getDate());
  return Math.round((due - now) / 86_400_000);
}

/** How near a due day is, in words: "Due today", "1 day left", "3 days overdue". */
export function dueIn(days: number): string {
  if (days === 0) return 'Due today';
  const n = Math.abs(days);
  const unit = n === 1 ? 'day' : 'days';
  return days > 0 ? `${String(n)} ${unit} left` : `${String(n)} ${unit} overdue`;
}
