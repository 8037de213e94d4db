/** Connection-level failures (database down, connection killed): retryable, so 503. */
export function isDatabaseUnavailable(err: unknown): boolean {
  const code =
    (err as { code?: unknown; cause?: { code?: unknown } } | null)?.code ??
    (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  const message =
    err instanceof Error
      ? `${err.message} ${String((err.cause as Error | undefined)?.message ?? '')}`
      : '';
  // A client's aborted request body (http/problem.ts isClientAbort) is not the database's.
  const clientAbort = code === 'ECONNRESET' && err instanceof Error && err.message === 'aborted';
  return (
    code === 'ECONNREFUSED' ||
    (code === 'ECONNRESET' && !clientAbort) ||
    code === '57P01' || // admin_shutdown / terminated by administrator
    code === '57P02' ||
    code === '57P03' ||
    code === '08006' ||
    code === '08003' ||
    /Connection terminated|connection closed|terminating connection/i.test(message)
  );
}

/**
 * The database refused a character (NUL in text or jsonb, a lone surrogate in
 * jsonb, bytes that are not UTF-8). The shared schemas refuse these first;
 * this is the backstop, so such a value is the client's mistake (422), never
 * a 500 or a push item "sent again" for ever.
 */
export function isUnstorableText(err: unknown): boolean {
  const code =
    (err as { code?: unknown } | null)?.code ??
    (err as { cause?: { code?: unknown } } | null)?.cause?.code;
  return code === '22P05' || code === '22021';
}
