/**
 * Typed errors thrown by the core. Only the CLI maps them to exit codes:
 * 2 for bad usage or input, 1 for a failure while doing the work.
 */

/** A problem with what the user gave us: exit code 2. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    message: string,
    readonly hint?: string,
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** A failure while doing the work: exit code 1. */
export class WorkError extends Error {
  override readonly name = 'WorkError';
  constructor(
    message: string,
    readonly hint?: string,
    /** lines shown under the message, e.g. the last output of a failed command */
    readonly details: readonly string[] = [],
  ) {
    super(message);
  }
}

/** The user stopped us (Ctrl-C at a prompt, or declined to proceed). */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
}
