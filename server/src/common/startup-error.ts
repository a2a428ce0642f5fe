/** A start-up problem the operator can fix (port in use, bad config): printed as one clear line, no stack. */
export class StartupError extends Error {
  constructor(
    message: string,
    /** Process exit code: 1 by default; 2 when start is refused on purpose (production with demo passwords). */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'StartupError';
  }
}
