/**
 * A return's fields by path: the one home for how a field is named, how a
 * patch is applied, and what a person calls it.
 *
 * A standard's fields merge one by one, and a light-form check is a field of
 * its own: `checks.<checkId>` (`checks.l3-lead`). The device and the server
 * both flatten a patch to these paths (to merge, to say which fields are
 * busy, to report a conflict) and turn a path and value back into a patch
 * (to apply a conflict's value, to send a resolution). Action fields are
 * plain (`what`, `owner`...), and deleting an action is the field `deleted`.
 *
 * @example
 *   flattenFields({ gaps: 'x', checks: { 'l3-lead': c } }) // { gaps: 'x', 'checks.l3-lead': c }
 *   patchOf('checks.l3-lead', c)                            // { checks: { 'l3-lead': c } }
 *   fieldLabel('checks.l3-lead')                            // the check's question
 */
import { STANDARDS } from '../standards/catalogue';
import { formatDate } from '../dates';
import { RAG_SCALE, RAG_VALUES, type Rag } from '../rag';
import {
  ACTION_STATUSES,
  ACTION_STATUS_LABELS,
  CHECK_ANSWER_LABELS,
  type ActionFields,
  type ActionStatus,
  type CheckAnswer,
  type CheckResponse,
  type StandardFields,
} from '../schemas/entities';

/** A partial update of a standard's fields; `checks` merges per check id. */
export type StandardFieldsPatch = Partial<Omit<StandardFields, 'checks'>> & {
  checks?: Record<string, CheckResponse>;
};

const CHECKS = 'checks.';

/** The path of one light-form check. */
export function checkPath(checkId: string): string {
  return `${CHECKS}${checkId}`;
}

/** The check id a path names, or null when the path is not a check. */
export function checkIdOf(path: string): string | null {
  return path.startsWith(CHECKS) ? path.slice(CHECKS.length) : null;
}

/**
 * Fields (whole or a patch) as paths: each check becomes `checks.<id>`, so
 * checks merge, conflict and are busy one by one.
 */
export function flattenFields(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) {
    if (k === 'checks' && v && typeof v === 'object') {
      for (const [id, c] of Object.entries(v as Record<string, unknown>)) flat[checkPath(id)] = c;
    } else {
      flat[k] = v;
    }
  }
  return flat;
}

/** The paths a patch (or whole fields) writes. */
export function fieldPaths(fields: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(flattenFields(fields));
}

/** Paths and values back into a standard patch (`checks.<id>` into `checks`). */
export function unflattenFields(flat: Readonly<Record<string, unknown>>): StandardFieldsPatch {
  const out: Record<string, unknown> = {};
  const checks: Record<string, CheckResponse> = {};
  for (const [path, v] of Object.entries(flat)) {
    const id = checkIdOf(path);
    if (id === null) out[path] = v;
    else checks[id] = v as CheckResponse;
  }
  if (Object.keys(checks).length) out.checks = checks;
  return out;
}

/** One path and its value as a standard patch. */
export function patchOf(path: string, value: unknown): StandardFieldsPatch {
  return unflattenFields({ [path]: value });
}

/** Fields with a patch applied: named fields replace, checks merge per check id. */
export function applyPatch(fields: StandardFields, patch: StandardFieldsPatch): StandardFields {
  const { checks, ...rest } = patch;
  return { ...fields, ...rest, checks: checks ? { ...fields.checks, ...checks } : fields.checks };
}

/** Two patches as one, the later winning per path (typing coalesced into one outbox entry). */
export function combinePatches(
  earlier: StandardFieldsPatch,
  later: StandardFieldsPatch,
): StandardFieldsPatch {
  return unflattenFields({ ...flattenFields(earlier), ...flattenFields(later) });
}

/** A patch without the given paths (what was refused, or is someone else's). */
export function omitPaths(
  patch: StandardFieldsPatch,
  without: ReadonlySet<string>,
): StandardFieldsPatch {
  const flat = flattenFields(patch);
  for (const path of without) delete flat[path];
  return unflattenFields(flat);
}

// ---------------------------------------------------------------- labels

/**
 * What a person calls each field: in the check-answers and moderation
 * summaries, in a conflict, in an error summary. One set of words.
 */
export const STANDARD_FIELD_LABELS: Record<Exclude<keyof StandardFields, 'checks'>, string> = {
  currentPractice: 'Current practice',
  evidence: 'Evidence of improved outcomes',
  gaps: 'Gaps',
  rag: 'Self-rating',
  ragReason: 'Reason for the rating',
  completed: 'Section completed',
};

export const ACTION_FIELD_LABELS: Record<keyof ActionFields | 'deleted', string> = {
  standard: 'Standard',
  what: 'Action',
  owner: 'Owner',
  dueOn: 'Due date',
  status: 'Action status',
  deleted: 'Removed',
};

/** The question each full-form answer asks (the form's label; the summary uses the field label). */
export const STANDARD_FIELD_QUESTIONS = {
  currentPractice: 'Describe your current practice',
  evidence: 'Evidence of improved outcomes',
  gaps: 'Gaps you have found',
} as const satisfies Partial<Record<keyof StandardFields, string>>;

const CHECK_QUESTIONS: ReadonlyMap<string, string> = new Map(
  STANDARDS.flatMap((s) => s.lightChecks.map((c) => [c.id, c.question] as const)),
);

const LABELS: Readonly<Record<string, string>> = {
  ...STANDARD_FIELD_LABELS,
  ...ACTION_FIELD_LABELS,
};

/** A field's label by path; a check is its question. An unknown path is itself. */
export function fieldLabel(path: string): string {
  const id = checkIdOf(path);
  if (id !== null) return CHECK_QUESTIONS.get(id) ?? 'An answer to a check';
  return Object.hasOwn(LABELS, path) ? (LABELS[path] ?? path) : path;
}

/**
 * A field's value in words, as a person reads it (a conflict shows both
 * sides this way): ratings, answers and statuses by their labels, a standard
 * by its title, a date as a UK date, never a code.
 */
export function fieldValueText(path: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (checkIdOf(path) !== null && typeof value === 'object' && 'answer' in value) {
    const c = value as { answer: CheckAnswer | null; note?: string };
    const answer = c.answer ? CHECK_ANSWER_LABELS[c.answer] : 'Not answered';
    return c.note ? `${answer}: ${c.note}` : answer;
  }
  if (path === 'rag' && (RAG_VALUES as readonly unknown[]).includes(value))
    return RAG_SCALE[value as Rag].label;
  if (path === 'status' && (ACTION_STATUSES as readonly unknown[]).includes(value))
    return ACTION_STATUS_LABELS[value as ActionStatus];
  if (path === 'standard' && typeof value === 'number')
    return `${String(value)}. ${STANDARDS[value - 1]?.title ?? ''}`;
  if (path === 'dueOn' && typeof value === 'string') return formatDate(value) || value;
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (typeof value === 'string') return value;
  return JSON.stringify(value);
}
