/**
 * The task protocol's exit codes, defined once: templates/shell/prelude.bash returns them (it gets them
 * as the assignments below, which preludeText puts before it), and the runner (src/host/runner/session.ts)
 * and the standalone script's driver (templates/shell/standalone.bash) read them.
 */
import { shellWord } from '../quote.js';

/** How ciab_run_task, ciab_probe_task and ciab_undo_task end; any other non-zero exit is a failure. */
export const TASK_EXIT = {
  /** run: applied now (undo: undone) */
  applied: 0,
  /** the journal says done with the same inputs, nothing ran (undo: the journal never knew the task) */
  doneBefore: 3,
  /** the check held: already in place */
  inPlace: 4,
  /** probe: the task would run */
  wouldRun: 5,
  /** probe: the check could not tell (it exited with CHECK_CANNOT_TELL) */
  cannotTell: 6,
} as const;

/** A check's own exit when it cannot find out whether its task is done (ciab_cannot_tell). */
export const CHECK_CANNOT_TELL = 97;

/** The bash variable each code reaches the task library as. */
const variables = {
  CIAB_EXIT_DONE_BEFORE: TASK_EXIT.doneBefore,
  CIAB_EXIT_IN_PLACE: TASK_EXIT.inPlace,
  CIAB_EXIT_WOULD_RUN: TASK_EXIT.wouldRun,
  CIAB_EXIT_CANNOT_TELL: TASK_EXIT.cannotTell,
  CIAB_CANNOT_TELL: CHECK_CANNOT_TELL,
} as const;

/** The exit codes as bash assignments, one a line, for the top of every script that loads the library. */
export function protocolAssignments(): string {
  return Object.entries(variables)
    .map(([name, value]) => `${name}=${shellWord(value)}`)
    .join('\n');
}
