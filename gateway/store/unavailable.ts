/**
 * When the database cannot serve: the error raised when the store cannot be opened, and which
 * failures of a call mean "not now" (answer 503, try again) rather than "wrong call".
 */

/** Raised when the store cannot be opened; the message says what to do, for a one-line CLI error. */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
}

/**
 * Whether a failed call means the database did not answer in time or is gone (a time limit, a
 * dropped connection, SQLite still locked after its waits), rather than that the call was wrong:
 * callers answer 503 and "try again", and a webhook sender retries.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  // 57014 query_canceled (statement_timeout), 57P01-03 shutdown, 08xxx connection exceptions.
  if (typeof code === 'string' && (/^08/.test(code) || /^57(014|P0[1-3])$/.test(code))) return true;
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || code === 'ECONNREFUSED' || code === 'ECONNRESET')
    return true;
  return (
    typeof message === 'string' &&
    /^(Query read timeout|Connection terminated|timeout exceeded when trying to connect|Connection terminated due to connection timeout)/.test(
      message,
    )
  );
}
