/**
 * The Faiss addon cannot be used: not built, or it failed to load (missing shared libraries,
 * wrong architecture...). The message names the reason and the fix; never fall back silently.
 */
export class FaissUnavailableError extends Error {
  override readonly name = 'FaissUnavailableError';
  override readonly cause: unknown;

  constructor(message: string, cause: unknown) {
    super(message);
    this.cause = cause;
  }
}
