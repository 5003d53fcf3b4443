/**
 * Ctrl-C (SIGINT) and SIGTERM during a run that must clean up after itself (an install, an ISO being
 * written): they abort the run's controller instead of ending the process, until `stop` is called.
 *
 * The listeners stay registered for the whole run (`process.on`, not `once`): the live progress renderer
 * (listr2, through restore-cursor) loads signal-exit, whose own SIGINT listener kills the process with the
 * signal when it finds no listener besides its own (tapjs/signal-exit, src/index.ts: `listeners.length ===
 * count`), and a `once` listener has already removed itself when signal-exit looks. On a terminal, Ctrl-C
 * then ended node before the run could stop its tools and remove what it had half written.
 */
export function abortOnInterrupt(controller: AbortController): { stop: () => void } {
  const interrupt = (): void => {
    controller.abort();
  };
  process.on('SIGINT', interrupt);
  process.on('SIGTERM', interrupt);
  return {
    stop: () => {
      process.removeListener('SIGINT', interrupt);
      process.removeListener('SIGTERM', interrupt);
    },
  };
}
