import { describe, expect, it } from 'vitest';
import { checkUnanswered, returnCompleteness, standardCompleteness } from './completeness';
import { EMPTY_STANDARD_FIELDS, type StandardFields, type CheckAnswer } from './schemas/entities';
import { STANDARDS, type StandardNumber } from './standards/catalogue';

const full = (over: Partial<StandardFields>): StandardFields => ({
  ...EMPTY_STANDARD_FIELDS,
  ...over,
});
const checks = (pairs: Record<string, CheckAnswer | null>) =>
  Object.fromEntries(Object.entries(pairs).map(([k, answer]) => [k, { answer, note: '' }]));
const action = (standard: StandardNumber, what = 'Train the deputy lead') => ({ standard, what });

describe('standardCompleteness (full form)', () => {
  it.each<
    [
      string,
      StandardFields | undefined,
      { standard: StandardNumber; what: string }[],
      string,
      string[],
    ]
  >([
    [
      'nothing written',
      undefined,
      [],
      'not_started',
      ['Describe your current practice', 'Give evidence of improved outcomes', 'Choose a rating'],
    ],
    [
      'only practice written',
      full({ currentPractice: 'We have a lead' }),
      [],
      'in_progress',
      ['Give evidence of improved outcomes', 'Choose a rating'],
    ],
    [
      'green, all written, not marked',
      full({ currentPractice: 'a', evidence: 'b', rag: 'green' }),
      [],
      'in_progress',
      ['Mark this section as completed'],
    ],
    [
      'green, all written, marked',
      full({ currentPractice: 'a', evidence: 'b', rag: 'green', completed: true }),
      [],
      'completed',
      [],
    ],
    [
      'amber without gaps or actions',
      full({ currentPractice: 'a', evidence: 'b', rag: 'amber', completed: true }),
      [],
      'in_progress',
      ['Describe the gaps you have found', 'Add at least one action to your action plan'],
    ],
    [
      'red with gaps and an action',
      full({ currentPractice: 'a', evidence: 'b', gaps: 'c', rag: 'red', completed: true }),
      [action(1)],
      'completed',
      [],
    ],
    [
      'an action for another standard does not count',
      full({ currentPractice: 'a', evidence: 'b', gaps: 'c', rag: 'red', completed: true }),
      [action(2)],
      'in_progress',
      ['Add at least one action to your action plan'],
    ],
    [
      'not rated without a reason',
      full({ currentPractice: 'a', evidence: 'b', rag: 'not_rated', completed: true }),
      [],
      'in_progress',
      ['Say why this standard is not rated'],
    ],
    [
      'whitespace is not an answer',
      full({ currentPractice: '   ', evidence: 'b', rag: 'green', completed: true }),
      [],
      'in_progress',
      ['Describe your current practice'],
    ],
  ])('%s', (_name, fields, actions, status, missing) => {
    const c = standardCompleteness('full', 1, fields, actions);
    expect(c.status).toBe(status);
    expect(c.missing).toEqual(missing);
  });
});

describe('standardCompleteness (light form)', () => {
  const q = (id: string) =>
    checkUnanswered((STANDARDS[2]?.lightChecks.findIndex((c) => c.id === id) ?? -2) + 1);
  it.each<
    [
      string,
      StandardFields | undefined,
      { standard: StandardNumber; what: string }[],
      string,
      string[],
    ]
  >([
    [
      'nothing answered',
      undefined,
      [],
      'not_started',
      [q('l3-lead'), q('l3-support'), 'Confirm or change the suggested rating'],
    ],
    [
      'all yes, suggestion confirmed',
      full({
        checks: checks({ 'l3-lead': 'yes', 'l3-support': 'yes' }),
        rag: 'green',
        completed: true,
      }),
      [],
      'completed',
      [],
    ],
    [
      'rating changed without a reason',
      full({
        checks: checks({ 'l3-lead': 'yes', 'l3-support': 'yes' }),
        rag: 'amber',
        completed: true,
      }),
      [],
      'in_progress',
      ['Say why your rating is different from the suggested one'],
    ],
    [
      'rating changed with a reason',
      full({
        checks: checks({ 'l3-lead': 'yes', 'l3-support': 'yes' }),
        rag: 'amber',
        ragReason: 'Our deputy is leaving',
        completed: true,
      }),
      [],
      'completed',
      [],
    ],
    [
      'a partly answer needs an action',
      full({
        checks: checks({ 'l3-lead': 'yes', 'l3-support': 'partly' }),
        rag: 'amber',
        completed: true,
      }),
      [],
      'in_progress',
      ['Add an action for anything that is not yet in place'],
    ],
    [
      'a partly answer with an action',
      full({
        checks: checks({ 'l3-lead': 'yes', 'l3-support': 'partly' }),
        rag: 'amber',
        completed: true,
      }),
      [action(3, 'Book DSL training')],
      'completed',
      [],
    ],
    [
      'an empty action does not count',
      full({
        checks: checks({ 'l3-lead': 'no', 'l3-support': 'yes' }),
        rag: 'red',
        completed: true,
      }),
      [action(3, '  ')],
      'in_progress',
      ['Add an action for anything that is not yet in place'],
    ],
  ])('%s', (_name, fields, actions, status, missing) => {
    const c = standardCompleteness('light', 3, fields, actions);
    expect(c.status).toBe(status);
    expect(c.missing).toEqual(missing);
  });
});

describe('returnCompleteness', () => {
  it('is complete only when all 8 standards are completed', () => {
    const done = full({ currentPractice: 'a', evidence: 'b', rag: 'green', completed: true });
    const seven = Object.fromEntries([1, 2, 3, 4, 5, 6, 7].map((n) => [n, done]));
    const partial = returnCompleteness('full', seven, []);
    expect(partial.complete).toBe(false);
    expect(partial.completedCount).toBe(7);
    expect(partial.standards[7]?.status).toBe('not_started');
    const all = returnCompleteness('full', { ...seven, 8: done }, []);
    expect(all.complete).toBe(true);
  });
});
