import { describe, expect, it } from 'vitest';
import { flattenFields } from '@s11/shared';
import { mergeFields, sameValue } from './merge';

describe('mergeFields (the conflict policy)', () => {
  const current = { gaps: 'server gaps', evidence: 'server evidence', rag: 'amber' };
  const versions = { gaps: 10, evidence: 4, rag: 2 };

  it.each<[string, Record<string, unknown>, number, string[], string[]]>([
    ['writes a field unchanged since the base', { evidence: 'mine' }, 5, ['evidence'], []],
    ['refuses a field changed on the server after the base', { gaps: 'mine' }, 5, [], ['gaps']],
    [
      'applies one field and reports the other in one mutation',
      { gaps: 'mine', rag: 'green' },
      5,
      ['rag'],
      ['gaps'],
    ],
    ['treats an identical value as no change, not a conflict', { gaps: 'server gaps' }, 0, [], []],
    [
      'writes a field the server has never set',
      { currentPractice: 'new' },
      0,
      ['currentPractice'],
      [],
    ],
    ['writes when the base is exactly the field version', { gaps: 'mine' }, 10, ['gaps'], []],
  ])('%s', (_name, changes, base, applied, conflicted) => {
    const r = mergeFields(current, versions, changes, base);
    expect(r.applied).toEqual(applied);
    expect(r.conflicts.map((c) => c.field)).toEqual(conflicted);
  });

  it("returns the server's value and the device's value for a conflict", () => {
    const r = mergeFields(current, versions, { gaps: 'mine' }, 5);
    expect(r.conflicts).toEqual([{ field: 'gaps', serverValue: 'server gaps', yourValue: 'mine' }]);
    expect(r.writes).toEqual({});
  });

  it("lets a device's newer edit follow its own earlier one, but not another device's", () => {
    const writers = { gaps: 'device-a' };
    expect(
      mergeFields(current, versions, { gaps: 'mine again' }, 5, writers, 'device-a').applied,
    ).toEqual(['gaps']);
    expect(
      mergeFields(current, versions, { gaps: 'mine' }, 5, writers, 'device-b').conflicts.map(
        (c) => c.field,
      ),
    ).toEqual(['gaps']);
    // Without a device id, every later change counts as someone else's.
    expect(mergeFields(current, versions, { gaps: 'mine' }, 5, writers).conflicts).toHaveLength(1);
  });

  it('merges light checks one by one', () => {
    const cur = flattenFields({
      checks: { a: { answer: 'yes', note: '' }, b: { answer: 'no', note: '' } },
    });
    const r = mergeFields(
      cur,
      { 'checks.a': 9, 'checks.b': 1 },
      flattenFields({ checks: { b: { answer: 'yes', note: '' } } }),
      5,
    );
    expect(r.applied).toEqual(['checks.b']);
  });
});

describe('sameValue', () => {
  it('ignores key order', () => {
    expect(sameValue({ note: '', answer: 'yes' }, { answer: 'yes', note: '' })).toBe(true);
    expect(sameValue({ answer: 'yes', note: 'x' }, { answer: 'yes', note: '' })).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
  });
});
