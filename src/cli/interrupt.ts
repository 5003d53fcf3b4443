/**
 * Ctrl-C (SIGINT) and SIGTERM during a run that must clean up after itself (an install, an uninstall, an
 * ISO being written): they abort the run's signal instead of ending the process, while the run lasts.
 *
 * The listeners stay registered for the whole run (`process.on`, not `once`): the live progress renderer
 * (listr2, through restore-cursor) loads signal-exit, whose own SIGINT listener kills the process with the
 * signal when it finds no listener besides its own (tapjs/signal-exit, src/index.ts: `listeners.length ===
 * count`), and a `once` listener has already removed itself when signal-exit looks. On a terminal, Ctrl-C
 * then ended node before the run could stop its tools and remove what it had half written.
 */
import { CancelledError } from '../core/errors.js';
import { messages } from '../core/messages.js';

/**
 * Runs RUN with a signal that Ctrl-C or SIGTERM aborts. RUN stops its work when the signal aborts; what it
 * then throws becomes a cancellation (its own CancelledError, which may say more, e.g. where the log is,
 * or one saying so). A run that finished all the same keeps its result.
 */
export async function interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const interrupt = (): void => {
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  try {
    return await run(controller.signal);
  } catch (error) {
    if (controller.signal.aborted && !(error instanceof CancelledError))
      throw new CancelledError(messages.cancelled);
    throw error;
  } finally {
    process.removeListener('SIGINT', interrupt);
    process.removeListener('SIGTERM', interrupt);
  }
}
