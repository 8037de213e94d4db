/**
 * The return lifecycle, whole: every status against every step. server/src/resources/
 * returns/lifecycle.test.ts proves the server enforces it; this table is where its rules are read.
 */
import { describe, expect, it } from 'vitest';
import { RETURN_STATUSES, type ReturnStatus } from '../schemas/entities';
import {
  EDITABLE_STATUSES,
  RETURNED_STATUSES,
  canEdit,
  decisionsFor,
  hasArrived,
  nextStatus,
  type ReturnEvent,
} from './lifecycle';

const EVENTS: ReturnEvent[] = [
  'edit',
  'carry_forward',
  'submit',
  'moderate',
  'accept',
  'return_for_changes',
];

// Rows are statuses, columns the EVENTS above; '-' is a step refused in that status.
const TABLE: Record<ReturnStatus, (ReturnStatus | '-')[]> = {
  //                     edit                    carry_forward  submit       moderate                accept      return_for_changes
  not_started: ['in_progress', 'in_progress', 'submitted', '-', '-', '-'],
  in_progress: ['in_progress', '-', 'submitted', '-', '-', '-'],
  returned_for_changes: [
    'returned_for_changes',
    '-',
    'submitted',
    'returned_for_changes',
    '-',
    '-',
  ],
  submitted: ['-', '-', '-', 'submitted', 'accepted', 'returned_for_changes'],
  accepted: ['-', '-', '-', 'accepted', '-', 'returned_for_changes'],
};

describe('the return lifecycle', () => {
  it.each(RETURN_STATUSES.flatMap((s) => EVENTS.map((e, i) => [s, e, TABLE[s][i]] as const)))(
    '%s, %s: %s',
    (status, event, expected) => {
      expect(nextStatus(status, event)).toBe(expected === '-' ? null : expected);
    },
  );

  it('lets the organisation edit exactly while the return is with it', () => {
    expect([...EDITABLE_STATUSES].sort()).toEqual(
      ['in_progress', 'not_started', 'returned_for_changes'].sort(),
    );
    for (const s of RETURN_STATUSES) expect(canEdit(s)).toBe(EDITABLE_STATUSES.has(s));
  });

  it('counts a return as arrived once submitted, until it is sent back', () => {
    expect([...RETURNED_STATUSES].sort()).toEqual(['accepted', 'submitted']);
    expect(hasArrived('returned_for_changes')).toBe(false);
  });

  it("offers the partnership's decisions in page order", () => {
    expect(decisionsFor('submitted')).toEqual(['accepted', 'returned_for_changes']);
    expect(decisionsFor('accepted')).toEqual(['returned_for_changes']);
    expect(decisionsFor('returned_for_changes')).toEqual([]);
    expect(decisionsFor('in_progress')).toEqual([]);
  });
});
