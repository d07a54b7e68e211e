/** Raised when Redis cannot be reached; the message says where and what to do, for a one-line CLI error. */
export class LiveUnavailableError extends Error {
  override name = 'LiveUnavailableError';
}
