/**
 * What a failed request means to a person: the message for one error and the
 * field-level messages of an `application/problem+json` answer (see
 * server/src/http/problem.ts: `errors[].path` is the dotted field path).
 */
import { ApiError } from '../offline';

/** Whether a request failed for want of a connection (no answer came at all). */
export const isOffline = (err: unknown): boolean => err instanceof ApiError && err.status === 0;

/** One sentence for a failure that is not about a field. */
export function problemMessage(err: unknown): string {
  if (err instanceof ApiError) {
    if (isOffline(err)) return 'You need to be online to do this.';
    if (err.status === 429)
      return `Too many attempts. ${err.problem?.detail ?? 'Wait a few minutes and try again.'}`;
    if (err.problem) return [err.problem.title, err.problem.detail].filter(Boolean).join('. ');
  }
  return 'Something went wrong. Check your connection and try again.';
}

/** The field-level messages of a problem answer (empty when it has none). */
export function problemFieldErrors(err: unknown): { path: string; message: string }[] {
  return err instanceof ApiError ? (err.problem?.errors ?? []) : [];
}

/**
 * The whole of a failure in one sentence, for a step with no fields to show
 * field messages beside (a confirm step, a list that failed to load): the
 * field messages when the answer has them, else the failure's sentence.
 */
export function problemText(err: unknown): string {
  const fields = problemFieldErrors(err);
  return fields.length ? fields.map((e) => e.message).join('; ') : problemMessage(err);
}
