import { describe, expect, it } from 'vitest';
import { checkPath, fieldValueText } from './fields';

describe('a field’s value in words (what a conflict shows on each side)', () => {
  it('never shows a code: ratings, answers, statuses, standards and dates in words', () => {
    expect(fieldValueText('rag', 'not_rated')).toBe('Not rated');
    expect(fieldValueText('rag', 'amber')).toBe('Amber');
    expect(fieldValueText(checkPath('l1-owner'), { answer: 'partly', note: '' })).toBe('Partly');
    expect(fieldValueText(checkPath('l1-owner'), { answer: 'no', note: 'Policy due in May' })).toBe(
      'No: Policy due in May',
    );
    expect(fieldValueText(checkPath('l1-owner'), { answer: null, note: '' })).toBe('Not answered');
    expect(fieldValueText('status', 'in_progress')).toBe('In progress');
    expect(fieldValueText('standard', 3)).toMatch(/^3\. \S/);
    expect(fieldValueText('dueOn', '2027-03-31')).toBe('31 March 2027');
    expect(fieldValueText('completed', true)).toBe('Yes');
  });

  it('shows text as written, and an empty value as empty', () => {
    expect(fieldValueText('gaps', 'Supervision is not recorded')).toBe(
      'Supervision is not recorded',
    );
    expect(fieldValueText('gaps', '')).toBe('(empty)');
    expect(fieldValueText('owner', null)).toBe('(empty)');
  });
});
