/**
 * Progress on screen: the plan's phases and tasks as a listr2 list. The renderer is chosen here and
 * nowhere else: the live one on a terminal, a line per event otherwise (CI, pipes, SSH without a
 * TTY), nothing with --quiet.
 */
import type { ListrTask } from 'listr2';
import { Listr } from 'listr2';
import type { Session, TaskResult } from '../host/runner/session.js';
import type { Plan, Task } from '../core/plan/types.js';
import { messages } from '../core/messages.js';

export type RendererName = 'default' | 'simple' | 'silent';

export function chooseRenderer({
  quiet,
  interactive,
}: {
  quiet: boolean;
  interactive: boolean;
}): RendererName {
  if (quiet) return 'silent';
  return interactive ? 'default' : 'simple';
}

export interface Failure {
  task: Task;
  result: TaskResult;
}

type Step = (session: Session, task: Task, onLine: (line: string) => void) => Promise<TaskResult>;

/**
 * Runs the tasks in plan order, grouped by phase, with `step` (install: run; uninstall: undo).
 * Resolves with the first failure, if any; later tasks do not run after one.
 */
export async function runWithProgress(
  plan: Plan,
  tasks: readonly Task[],
  session: Session,
  step: Step,
  renderer: RendererName,
  /** the target over SSH, named on every phase's line; undefined for this machine */
  host?: string,
): Promise<Failure | undefined> {
  let failure: Failure | undefined;
  // Phases in the order their tasks come: uninstall runs the plan backwards, phases included.
  const order = [...new Set(tasks.map((t) => t.phase))];
  const phases = order.flatMap((id) => {
    const phase = plan.phases.find((p) => p.id === id);
    return phase === undefined ? [] : [{ phase, tasks: tasks.filter((t) => t.phase === id) }];
  });
  const list = new Listr(
    phases.map(({ phase, tasks: phaseTasks }): ListrTask => ({
      title: host === undefined ? phase.title : messages.phaseOn(phase.title, host),
      task: (_ctx, parent) =>
        parent.newListr(
          phaseTasks.map((task): ListrTask => ({
            title: task.title,
            task: async (_c, item) => {
              const result = await step(session, task, (line) => {
                item.output = line;
              });
              if (result.outcome === 'failed') {
                failure = { task, result };
                throw new Error(messages.taskFailed(task.title));
              }
              if (result.outcome === 'done-before') item.skip(messages.skippedDone(task.title));
              if (result.outcome === 'in-place') item.skip(messages.skippedInPlace(task.title));
            },
          })),
          { exitOnError: true },
        ),
    })),
    {
      renderer,
      fallbackRenderer: 'simple',
      exitOnError: true,
      registerSignalListeners: false,
      collectErrors: false,
      rendererOptions: { collapseSubtasks: false, collapseSkips: false },
    },
  );
  try {
    await list.run();
  } catch (error) {
    if (failure === undefined) throw error;
  }
  return failure;
}
