import { describe, expect, it } from 'vitest';
import { daysUntil, dueIn, formatDate, formatDateTime } from './dates';

describe('UK dates', () => {
  it('writes a day in words, whatever the device’s zone', () => {
    expect(formatDate('2027-01-31')).toBe('31 January 2027');
    expect(formatDate('2026-11-05')).toBe('5 November 2026');
    expect(formatDate('')).toBe('');
    expect(formatDate(null)).toBe('');
    expect(formatDate('not a date')).toBe('');
  });

  it('writes a moment as its day in London (BST moves 23:30 UTC to the next day)', () => {
    expect(formatDate('2026-06-03T23:30:00.000Z')).toBe('4 June 2026');
    expect(formatDate('2026-12-03T23:30:00.000Z')).toBe('3 December 2026');
  });

  it('writes a time GOV.UK’s way: 2:05pm, midday, midnight, in London time', () => {
    expect(formatDateTime('2026-06-03T13:05:00.000Z')).toBe('3 June 2026 at 2:05pm');
    expect(formatDateTime('2026-12-03T09:30:00.000Z')).toBe('3 December 2026 at 9:30am');
    expect(formatDateTime('2026-12-03T12:00:00.000Z')).toBe('3 December 2026 at midday');
    expect(formatDateTime('2026-12-03T00:00:00.000Z')).toBe('3 December 2026 at midnight');
    expect(formatDateTime(undefined)).toBe('');
  });
});

describe('how near a due day is', () => {
  it('counts whole days from today, in words', () => {
    const today = new Date(2027, 0, 20, 15, 0);
    expect(daysUntil('2027-01-31', today)).toBe(11);
    expect(daysUntil('2027-01-20', today)).toBe(0);
    expect(daysUntil('2027-01-19', today)).toBe(-1);
    expect(dueIn(11)).toBe('11 days left');
    expect(dueIn(1)).toBe('1 day left');
    expect(dueIn(0)).toBe('Due today');
    expect(dueIn(-1)).toBe('1 day overdue');
    expect(dueIn(-3)).toBe('3 days overdue');
  });
});
