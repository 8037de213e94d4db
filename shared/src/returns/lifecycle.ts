/**
 * A return's life, in one table: who may do what to it in each status, and
 * where each step leads. The server enforces it (push, the status and
 * moderation routes, carry-forward); the web uses the same answers to show
 * or disable its controls, so nothing is offered that the server refuses.
 *
 *   not_started ──edit, carry forward──▶ in_progress
 *   not_started, in_progress, returned_for_changes ──submit──▶ submitted
 *   submitted ──accept──▶ accepted
 *   submitted, accepted ──return for changes──▶ returned_for_changes
 *
 * The organisation edits and submits while the return is with it
 * (`not_started`, `in_progress`, `returned_for_changes`); the partnership
 * moderates, accepts or returns it once it has arrived (submitted at least
 * once). Completeness is a separate rule (`returnCompleteness`): submit
 * needs both.
 */
import type { ReturnStatus } from '../schemas/entities';

/** Every step a return can take. */
export type ReturnEvent =
  /** The organisation changes an answer or an action. */
  | 'edit'
  /** The organisation copies last cycle's answers into a return it has not started. */
  | 'carry_forward'
  /** The signatory signs off and sends it. */
  | 'submit'
  /** The partnership records its own rating and comment on a standard. */
  | 'moderate'
  /** The partnership accepts it. */
  | 'accept'
  /** The partnership sends it back with a message. */
  | 'return_for_changes';

/**
 * status -> event -> the status after it. A missing entry is a step the
 * return cannot take in that status.
 */
export const RETURN_LIFECYCLE: Readonly<
  Record<ReturnStatus, Readonly<Partial<Record<ReturnEvent, ReturnStatus>>>>
> = {
  not_started: { edit: 'in_progress', carry_forward: 'in_progress', submit: 'submitted' },
  in_progress: { edit: 'in_progress', submit: 'submitted' },
  returned_for_changes: {
    edit: 'returned_for_changes',
    submit: 'submitted',
    moderate: 'returned_for_changes',
  },
  submitted: {
    moderate: 'submitted',
    accept: 'accepted',
    return_for_changes: 'returned_for_changes',
  },
  accepted: { moderate: 'accepted', return_for_changes: 'returned_for_changes' },
};

/** The status after `event`, or null when the return cannot take that step now. */
export function nextStatus(status: ReturnStatus, event: ReturnEvent): ReturnStatus | null {
  return RETURN_LIFECYCLE[status][event] ?? null;
}

export function canTake(status: ReturnStatus, event: ReturnEvent): boolean {
  return nextStatus(status, event) !== null;
}

/** The organisation may change answers and actions. */
export const canEdit = (status: ReturnStatus): boolean => canTake(status, 'edit');
/** The organisation's signatory may sign off and send it (when it is also complete). */
export const canSubmit = (status: ReturnStatus): boolean => canTake(status, 'submit');
/** The partnership may record its rating and comment. */
export const canModerate = (status: ReturnStatus): boolean => canTake(status, 'moderate');
/** The partnership may accept it. */
export const canAccept = (status: ReturnStatus): boolean => canTake(status, 'accept');
/** The partnership may send it back. */
export const canReturnForChanges = (status: ReturnStatus): boolean =>
  canTake(status, 'return_for_changes');
/** Last cycle's answers may be copied in (only before the return is started). */
export const canCarryForward = (status: ReturnStatus): boolean => canTake(status, 'carry_forward');

/** The partnership's decisions open in this status, in the order the page offers them. */
export function decisionsFor(status: ReturnStatus): ('accepted' | 'returned_for_changes')[] {
  const out: ('accepted' | 'returned_for_changes')[] = [];
  if (canAccept(status)) out.push('accepted');
  if (canReturnForChanges(status)) out.push('returned_for_changes');
  return out;
}

/** The return has reached the partnership and is with it (counted as returned in the roll-ups). */
export function hasArrived(status: ReturnStatus): boolean {
  return status === 'submitted' || status === 'accepted';
}

const STATUSES: readonly ReturnStatus[] = Object.keys(RETURN_LIFECYCLE) as ReturnStatus[];

/** Statuses in which the organisation may edit its return. */
export const EDITABLE_STATUSES: ReadonlySet<ReturnStatus> = new Set(STATUSES.filter(canEdit));

/** Statuses counted as "returned audits" in the roll-ups. */
export const RETURNED_STATUSES: ReadonlySet<ReturnStatus> = new Set(STATUSES.filter(hasArrived));
