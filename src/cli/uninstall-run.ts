/** What `uninstall` does once its options are parsed. */
import inquirer from 'inquirer';
import { Session } from '../host/runner/session.js';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { buildPlan } from '../core/plan/build.js';
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

export async function uninstall(
  options: { answers: string; yes?: boolean; quiet?: boolean },
  io: Io,
): Promise<void> {
  // Every install keeps its answers on the host; without them there is nothing of ours to undo.
  if (!(await exists(options.answers)))
    throw new InputError(messages.uninstallNothing(options.answers), messages.uninstallNothingHint);
  const { answers } = await loadAnswers(options.answers);
  const release = getRelease(answers.release);
  const target = await inspectTarget(release, answers.network.interface);
  if (!target.supported) throw new InputError(messages.notATargetForUninstall(target.reasons));
  if (options.yes !== true) await confirmByHostname(answers.host.hostname, io);
  const plan = buildPlan(
    answers,
    release,
    target.nicHwaddr === undefined ? {} : { nicHwaddr: target.nicHwaddr },
  );
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
  const { typed } = await inquirer
    .prompt<{ typed: string }>([
      { type: 'input', name: 'typed', message: messages.uninstallQuestion(hostname) },
    ])
    .catch((error: unknown) => {
      if (error instanceof Error && error.name === 'ExitPromptError')
        throw new CancelledError(messages.cancelled);
      throw error;
    });
  if (typed.trim() !== hostname) throw new CancelledError(messages.uninstallNotConfirmed);
}
