import { describe, expect, it } from 'vitest';
import { lightNeedsAction, suggestRag, suggestionReason } from './suggested-rag';
import { getStandard } from './standards/catalogue';
import type { CheckAnswer } from './schemas/entities';

const answers = (pairs: Record<string, CheckAnswer | null>) =>
  Object.fromEntries(Object.entries(pairs).map(([k, answer]) => [k, { answer, note: '' }]));

describe('suggestRag', () => {
  it.each<[string, 3 | 6, Record<string, CheckAnswer | null>, ReturnType<typeof suggestRag>]>([
    ['every check yes', 3, { 'l3-lead': 'yes', 'l3-support': 'yes' }, 'green'],
    ['an essential check no', 3, { 'l3-lead': 'no', 'l3-support': 'yes' }, 'red'],
    ['a non-essential check no', 3, { 'l3-lead': 'yes', 'l3-support': 'no' }, 'amber'],
    ['an essential check partly', 3, { 'l3-lead': 'partly', 'l3-support': 'yes' }, 'amber'],
    ['a check not answered', 3, { 'l3-lead': 'yes', 'l3-support': null }, null],
    ['a check missing altogether', 3, { 'l3-lead': 'yes' }, null],
    [
      'the second essential check of standard 6 no',
      6,
      { 'l6-checks': 'yes', 'l6-records': 'yes', 'l6-allegations': 'no' },
      'red',
    ],
    [
      'red wins over partly',
      6,
      { 'l6-checks': 'no', 'l6-records': 'partly', 'l6-allegations': 'yes' },
      'red',
    ],
  ])('suggests for %s', (_name, standard, pairs, expected) => {
    expect(suggestRag(standard, answers(pairs))).toBe(expected);
  });

  it('ignores answers to checks of other standards', () => {
    expect(
      suggestRag(3, answers({ 'l3-lead': 'yes', 'l3-support': 'yes', 'l2-policy': 'no' })),
    ).toBe('green');
  });
});

describe('lightNeedsAction', () => {
  it.each<[Record<string, CheckAnswer | null>, boolean]>([
    [{ 'l4-ask': 'yes', 'l4-act': 'yes' }, false],
    [{ 'l4-ask': 'partly', 'l4-act': 'yes' }, true],
    [{ 'l4-ask': 'yes', 'l4-act': 'no' }, true],
    [{ 'l4-ask': null, 'l4-act': 'yes' }, false],
  ])('asks for an action for %j: %s', (pairs, expected) => {
    expect(lightNeedsAction(4, answers(pairs))).toBe(expected);
  });
});

describe('suggestionReason', () => {
  const c = (answer: 'yes' | 'partly' | 'no' | null) => ({ answer, note: '' });
  const ids = getStandard(3).lightChecks.map((x) => x.id);
  const all = (answer: 'yes' | 'partly' | 'no' | null) =>
    Object.fromEntries(ids.map((id) => [id, c(answer)]));

  it('says why, in words that finish "We suggest … because"', () => {
    expect(suggestionReason(3, all('yes'))).toBe('you answered yes to every question');
    expect(suggestionReason(3, { ...all('yes'), [ids[1]!]: c('partly') })).toBe(
      'you answered partly to 1 question',
    );
    expect(suggestionReason(3, all(null))).toBeNull();
  });

  it('names an essential "no" as the reason for Red', () => {
    // l3-lead (a named lead) is essential.
    expect(suggestionReason(3, { ...all('yes'), 'l3-lead': c('no') })).toBe(
      'you answered no to a question about something that must be in place',
    );
  });
});
