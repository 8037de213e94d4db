import type { Rag } from './rag';
import type { CheckResponse } from './schemas/entities';
import { getStandard, type StandardNumber } from './standards/catalogue';

/**
 * The light form's suggested rating for one standard, from its checks:
 * - any check unanswered: no suggestion yet (null);
 * - every check "yes": Green;
 * - an essential check answered "no": Red (a child could be at risk today);
 * - otherwise (some "partly", or a non-essential "no"): Amber.
 * The user confirms or changes it; a change needs a reason.
 *
 * @example suggestRag(3, { 'l3-lead': { answer: 'no', note: '' }, 'l3-support': { answer: 'yes', note: '' } }) // 'red'
 */
export function suggestRag(
  standard: StandardNumber,
  checks: Readonly<Record<string, CheckResponse | undefined>>,
): Exclude<Rag, 'not_rated'> | null {
  const defs = getStandard(standard).lightChecks;
  const answers = defs.map((d) => ({
    essential: d.essential,
    answer: checks[d.id]?.answer ?? null,
  }));
  if (answers.some((a) => a.answer === null)) return null;
  if (answers.some((a) => a.essential && a.answer === 'no')) return 'red';
  if (answers.every((a) => a.answer === 'yes')) return 'green';
  return 'amber';
}

/** True when something in the light checks is not yet in place, so an action is asked for. */
export function lightNeedsAction(
  standard: StandardNumber,
  checks: Readonly<Record<string, CheckResponse | undefined>>,
): boolean {
  return getStandard(standard).lightChecks.some((d) => {
    const a = checks[d.id]?.answer;
    return a === 'no' || a === 'partly';
  });
}

/**
 * Why the light form suggests what it does, in plain words ("because you
 * answered yes to every question"), finishing the sentence "We suggest Amber
 * because …". Null when there is no suggestion yet.
 */
export function suggestionReason(
  standard: StandardNumber,
  checks: Readonly<Record<string, CheckResponse | undefined>>,
): string | null {
  const rating = suggestRag(standard, checks);
  if (rating === null) return null;
  const answers = getStandard(standard).lightChecks.map((d) => checks[d.id]?.answer ?? null);
  const count = (a: 'partly' | 'no') => answers.filter((x) => x === a).length;
  const questions = (n: number) => (n === 1 ? '1 question' : `${String(n)} questions`);
  if (rating === 'green') return 'you answered yes to every question';
  if (rating === 'red')
    return 'you answered no to a question about something that must be in place';
  const parts = [
    count('partly') ? `partly to ${questions(count('partly'))}` : '',
    count('no') ? `no to ${questions(count('no'))}` : '',
  ].filter(Boolean);
  return `you answered ${parts.join(' and ')}`;
}
