/** A start-up problem the operator can fix (port in use, bad config): printed as one clear line, no stack. */
export class StartupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StartupError';
  }
}
