/**
 * Free text a person types: the one place that decides which characters can
 * be stored. PostgreSQL text and jsonb refuse U+0000, and a lone UTF-16
 * surrogate is either refused (jsonb) or silently replaced (text), so both are
 * refused here, where the tablet checks a change before queueing it and the
 * server checks every write. Other C0 controls (and DEL) are refused too: they
 * are never typed, only pasted by accident or sent on purpose.
 *
 * Multi-line fields (long answers, notes, comments) keep tab, line feed and
 * carriage return; single-line fields (names, job titles) refuse them.
 */
import { z } from 'zod';

/** C0 controls and DEL, except tab (09), line feed (0A) and carriage return (0D). */
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const LINE_BREAK_OR_TAB = /[\t\n\r]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export const TEXT_MESSAGES = {
  control:
    'This contains a hidden control character that cannot be saved. Delete the text around it and type it again, or paste it as plain text.',
  surrogate:
    'This contains a broken character (part of an emoji or symbol) that cannot be saved. Delete it and type it again.',
  singleLine: 'Keep this to one line: remove the line breaks and tabs.',
} as const;

/** Why this text cannot be stored, or null when it can. */
export function textProblem(value: string, multiline: boolean): string | null {
  if (CONTROL.test(value)) return TEXT_MESSAGES.control;
  if (LONE_SURROGATE.test(value)) return TEXT_MESSAGES.surrogate;
  if (!multiline && LINE_BREAK_OR_TAB.test(value)) return TEXT_MESSAGES.singleLine;
  return null;
}

/** A zod check for `textProblem`, to add to any string schema. */
export function storableText(multiline: boolean) {
  return z.superRefine<string>((value, ctx) => {
    const problem = textProblem(value, multiline);
    if (problem) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });
}
