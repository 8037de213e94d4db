/**
 * Completeness of a return: what is still missing, per standard, in words a
 * user can act on. The task list's statuses and the server's "can this be
 * submitted?" both come from here, so they never disagree.
 *
 * Rules, per standard:
 * - full form: current practice and evidence of outcomes are written; a rating
 *   is chosen; Amber or Red needs the gaps and at least one action;
 * - light form: every check is answered; a rating is chosen; a rating that
 *   differs from the suggestion needs a reason; a check answered "partly" or
 *   "no" needs at least one action;
 * - both: "Not rated" needs a reason; the section is marked as completed.
 *
 * @example
 *   const c = returnCompleteness('light', standards, actions);
 *   c.complete; // false
 *   c.standards[2].missing; // ['Question 1: choose yes, partly or no', ...]
 */
import type { Variant, StandardFields, ActionFields } from './schemas/entities';
import { STANDARDS, type StandardNumber } from './standards/catalogue';
import { suggestRag, lightNeedsAction } from './suggested-rag';
import { checkPath } from './returns/fields';

export type TaskStatus = 'not_started' | 'in_progress' | 'completed';

export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  not_started: 'Not yet started',
  in_progress: 'In progress',
  completed: 'Completed',
};

export interface MissingItem {
  /** The form field to fix: `currentPractice`, `rag`, `checks.l3-lead`, `actions`, `completed`... */
  field: string;
  message: string;
}

export interface StandardCompleteness {
  standard: StandardNumber;
  status: TaskStatus;
  /** Plain-English things to do; empty when the standard is ready. */
  missing: string[];
  /** The same, each with the field it is about (for error summaries). */
  items: MissingItem[];
}

export interface ReturnCompleteness {
  complete: boolean;
  standards: StandardCompleteness[];
  /** How many of the 8 are completed. */
  completedCount: number;
}

type ActionLike = Pick<ActionFields, 'standard' | 'what'>;

function isTouched(f: StandardFields | undefined, actionCount: number): boolean {
  if (!f) return actionCount > 0;
  return (
    f.currentPractice.trim() !== '' ||
    f.evidence.trim() !== '' ||
    f.gaps.trim() !== '' ||
    Object.values(f.checks).some((c) => c.answer !== null || c.note.trim() !== '') ||
    f.rag !== null ||
    f.ragReason.trim() !== '' ||
    f.completed ||
    actionCount > 0
  );
}

/** What is missing from one standard (ignoring the "marked as completed" flag). */
export function missingForStandard(
  variant: Variant,
  standard: StandardNumber,
  fields: StandardFields | undefined,
  actions: readonly ActionLike[],
): string[] {
  return missingItemsForStandard(variant, standard, fields, actions).map((i) => i.message);
}

/** What is missing, each item naming the field it is about. */
export function missingItemsForStandard(
  variant: Variant,
  standard: StandardNumber,
  fields: StandardFields | undefined,
  actions: readonly ActionLike[],
): MissingItem[] {
  const def = STANDARDS[standard - 1];
  if (!def) return [];
  const f = fields;
  const mine = actions.filter((a) => a.standard === standard && a.what.trim() !== '');
  const missing: MissingItem[] = [];
  const need = (field: string, message: string) => missing.push({ field, message });

  if (variant === 'full') {
    if (!f || f.currentPractice.trim() === '')
      need('currentPractice', 'Describe your current practice');
    if (!f || f.evidence.trim() === '') need('evidence', 'Give evidence of improved outcomes');
    if (!f || f.rag === null) need('rag', 'Choose a rating');
    if (f && (f.rag === 'amber' || f.rag === 'red')) {
      if (f.gaps.trim() === '') need('gaps', 'Describe the gaps you have found');
      if (mine.length === 0) need('actions', 'Add at least one action to your action plan');
    }
  } else {
    def.lightChecks.forEach((check, i) => {
      // Short and specific (the question is on the page, numbered): issue 15.
      if (!f || (f.checks[check.id]?.answer ?? null) === null)
        need(checkPath(check.id), checkUnanswered(i + 1));
    });
    if (!f || f.rag === null) {
      need('rag', 'Confirm or change the suggested rating');
    } else {
      const suggested = suggestRag(standard, f.checks);
      if (
        suggested !== null &&
        f.rag !== suggested &&
        f.rag !== 'not_rated' &&
        f.ragReason.trim() === ''
      ) {
        need('ragReason', 'Say why your rating is different from the suggested one');
      }
    }
    if (f && lightNeedsAction(standard, f.checks) && mine.length === 0) {
      need('actions', 'Add an action for anything that is not yet in place');
    }
  }
  if (f?.rag === 'not_rated' && f.ragReason.trim() === '') {
    need('ragReason', 'Say why this standard is not rated');
  }
  return missing;
}

/** What a light-form question left unanswered says, by its number on the page. */
export function checkUnanswered(questionNumber: number): string {
  return `Question ${String(questionNumber)}: choose yes, partly or no`;
}

export function standardCompleteness(
  variant: Variant,
  standard: StandardNumber,
  fields: StandardFields | undefined,
  actions: readonly ActionLike[],
): StandardCompleteness {
  const items = missingItemsForStandard(variant, standard, fields, actions);
  const touched = isTouched(fields, actions.filter((a) => a.standard === standard).length);
  if (items.length === 0 && fields?.completed) {
    return { standard, status: 'completed', missing: [], items };
  }
  if (items.length === 0)
    items.push({ field: 'completed', message: 'Mark this section as completed' });
  return {
    standard,
    status: touched ? 'in_progress' : 'not_started',
    missing: items.map((i) => i.message),
    items,
  };
}

export function returnCompleteness(
  variant: Variant,
  standards: Partial<Record<StandardNumber, StandardFields>>,
  actions: readonly ActionLike[],
): ReturnCompleteness {
  const list = STANDARDS.map((s) =>
    standardCompleteness(variant, s.number, standards[s.number], actions),
  );
  const completedCount = list.filter((s) => s.status === 'completed').length;
  return { complete: completedCount === STANDARDS.length, standards: list, completedCount };
}
