/**
 * RFC 9457 problem details: every error the API returns has this shape and
 * the `application/problem+json` media type, with field-level messages where a
 * field is at fault. No stack trace ever leaves the server.
 */
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import type { FieldError, Problem } from '@s11/shared';

export class HttpProblem extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly title: string,
    readonly detail?: string,
    readonly errors?: FieldError[],
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
  }

  toJSON(): Problem {
    return {
      type: 'about:blank',
      title: this.title,
      status: this.status,
      ...(this.detail ? { detail: this.detail } : {}),
      ...(this.errors ? { errors: this.errors } : {}),
    };
  }
}

/** The problem as JSON, with the request id so a person reporting it can quote it. */
export function problemResponse(c: Context, p: HttpProblem): Response {
  for (const [k, v] of Object.entries(p.headers)) c.header(k, v);
  const requestId = (c as Context<{ Variables: { requestId?: string } }>).get('requestId');
  return c.body(JSON.stringify({ ...p.toJSON(), ...(requestId ? { requestId } : {}) }), p.status, {
    'Content-Type': 'application/problem+json',
  });
}

/** zod issues to field errors: `path` is dotted (`invitations.0.organisationId`). */
export function fieldErrors(error: z.ZodError): FieldError[] {
  return error.issues.map((i) => ({
    path: i.path.map(String).join('.') || '(body)',
    message: i.code === 'unrecognized_keys' ? `Unknown field(s): ${i.keys.join(', ')}` : i.message,
  }));
}

export const badRequest = (detail: string, errors?: FieldError[]) =>
  new HttpProblem(400, 'Your request could not be understood', detail, errors);
export const validationProblem = (error: z.ZodError) =>
  new HttpProblem(
    422,
    'Some answers need correcting',
    'Check the fields listed and try again.',
    fieldErrors(error),
  );
export const unauthorized = () =>
  new HttpProblem(401, 'Sign in to continue', 'Your session has ended or you have not signed in.');
export const forbidden = () =>
  new HttpProblem(
    403,
    'You do not have access to this',
    'Ask your partnership manager if you think you should.',
  );
export const notFound = (what = 'page') => new HttpProblem(404, `We could not find that ${what}`);
export const conflict = (detail: string) => new HttpProblem(409, 'This cannot be done now', detail);

/** The database refused a character the schemas did not catch (see db/errors.ts). */
export const unstorableText = () =>
  new HttpProblem(
    422,
    'Some answers need correcting',
    'Something you typed contains a hidden or broken character that cannot be saved. Retype it, or paste it as plain text.',
    [{ path: '(body)', message: 'Contains a character that cannot be saved' }],
  );

/**
 * The client went away while its request was read (Node's IncomingMessage
 * fails the body with code ECONNRESET and message "aborted", no syscall): the
 * client's doing, not a database fault, so never a 503 "service busy" or an
 * error in the log. A database connection reset has a syscall ("read").
 */
export function isClientAbort(err: unknown, signal?: AbortSignal): boolean {
  if (signal?.aborted) return true;
  const e = err as { code?: unknown; message?: unknown; syscall?: unknown } | null;
  return (
    err instanceof Error &&
    e?.code === 'ECONNRESET' &&
    e.message === 'aborted' &&
    e.syscall === undefined
  );
}

export const clientAborted = () =>
  new HttpProblem(
    400,
    'Your request did not arrive completely',
    'The connection closed before the whole request was received. Send it again.',
  );
