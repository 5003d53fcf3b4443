/** What `uninstall` does once its options are parsed. */
import { Session } from '../host/runner/session.js';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { uninstallSweep } from '../core/plan/uninstall.js';
import { getRelease } from '../core/release/index.js';
import { inspectTarget } from '../host/target.js';
import { messages } from '../core/messages.js';
import { runBash } from '../host/tools/bash.js';
import { withRunLock } from '../host/run-lock.js';
import { loadAnswers } from './answers-file.js';
import { exists } from './config-dir.js';
import type { Io } from './io.js';
import { chooseRenderer, runWithProgress } from './progress.js';
import { secretsOf } from './secrets.js';
import { localRole, planFor } from './plan-for.js';
import { inquirerPrompt } from './prompt.js';

export async function uninstall(
  options: { answers: string; yes?: boolean; quiet?: boolean },
  io: Io,
): Promise<void> {
  // Every install keeps its answers on the host; without them there is nothing of ours to undo.
  if (!(await exists(options.answers)))
    throw new InputError(messages.uninstallNothing(options.answers), messages.uninstallNothingHint);
  const { answers } = await loadAnswers(options.answers);
  // What the host was installed as: a node controller's uninstall undoes the node controller's tasks.
  const role = await localRole(undefined);
  const target = await inspectTarget(getRelease(answers.release));
  if (!target.supported) throw new InputError(messages.notATargetForUninstall(target.reasons));
  if (options.yes !== true) await confirmByHostname(answers.host.hostname, io);
  const plan = planFor(answers, role, target.facts);
  await withRunLock(async () => {
    const session = new Session(
      plan,
      { runBash, now: () => new Date() },
      { kind: 'uninstall', secrets: secretsOf(answers) },
    );
    const undoable = plan.tasks.filter((t) => t.undo !== undefined).reverse();
    const renderer = chooseRenderer({ quiet: options.quiet === true, interactive: io.interactive });
    const failure = await runWithProgress(
      plan,
      undoable,
      session,
      (s, task, onLine) => s.undo(task, onLine),
      renderer,
    );
    if (failure !== undefined) {
      throw new WorkError(
        messages.uninstallFailed(failure.task.title),
        messages.installFailedHint(session.log.file, undefined),
        failure.result.tail,
      );
    }
    const sweep = await session.script(
      'remove the state the install created',
      uninstallSweep(options.answers),
      (line) => {
        if (options.quiet !== true) io.err(`${line}\n`);
      },
    );
    if (sweep.outcome === 'failed') {
      throw new WorkError(
        messages.uninstallFailed('remove the state'),
        messages.logAt(session.log.file),
        sweep.tail,
      );
    }
    io.out(messages.uninstalled(session.log.file));
  });
}

async function confirmByHostname(hostname: string, io: Io): Promise<void> {
  if (!io.interactive) throw new InputError(messages.confirmationNeeded, messages.uninstallConfirmHint);
  const typed = await inquirerPrompt({
    type: 'input',
    name: 'typed',
    message: messages.uninstallQuestion(hostname),
    validate: () => true,
  });
  if (typeof typed !== 'string' || typed.trim() !== hostname)
    throw new CancelledError(messages.uninstallNotConfirmed);
}
