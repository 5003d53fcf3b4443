/** What `uninstall` does once its options are parsed. */
import { Session } from '../host/runner/session.js';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { uninstallSweep } from '../core/plan/uninstall.js';
import { getRelease } from '../core/release/index.js';
import { targetProblems } from '../host/target.js';
import { messages } from '../core/messages.js';
import type { TargetHost } from '../host/target-host.js';
import { gatherFrom, logPlace, THIS_MACHINE } from '../host/target-host.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';
import { withRunLock } from '../host/run-lock.js';
import { answersFromText } from './answers-file.js';
import type { Io } from './io.js';
import { chooseRenderer, runWithProgress } from './progress.js';
import { secretsOf } from '../core/answers/secrets.js';
import { planFor, targetRole } from './plan-for.js';
import { inquirerPrompt } from './prompt.js';

export interface UninstallOptions extends TargetFlags {
  answers: string;
  yes?: boolean;
  quiet?: boolean;
}

export async function uninstall(options: UninstallOptions, io: Io): Promise<void> {
  await onTarget(options, io, (target) => uninstallOn(target, options, io));
}

async function uninstallOn(target: TargetHost, options: UninstallOptions, io: Io): Promise<void> {
  // Every install keeps its answers on the host; without them there is nothing of ours to undo.
  const text = await target.readFile(options.answers).catch(() => undefined);
  if (text === undefined)
    throw new InputError(messages.uninstallNothing(options.answers), messages.uninstallNothingHint);
  const { answers } = answersFromText(text, options.answers);
  // What the host was installed as: a node controller's uninstall undoes the node controller's tasks.
  const role = await targetRole(target, undefined);
  const facts = await gatherFrom(target);
  const reasons = targetProblems(getRelease(answers.release), facts);
  if (reasons.length > 0) throw new InputError(messages.notATargetForUninstall(reasons));
  if (options.yes !== true) await confirmByHostname(answers.host.hostname, io);
  const plan = planFor(answers, role, facts);
  await withRunLock(target, async () => {
    const session = new Session(
      plan,
      { host: target, now: () => new Date() },
      { kind: 'uninstall', secrets: secretsOf(answers) },
    );
    const log = logPlace(target, session.log.file);
    try {
      const undoable = plan.tasks.filter((t) => t.undo !== undefined).reverse();
      const renderer = chooseRenderer({ quiet: options.quiet === true, interactive: io.interactive });
      const failure = await runWithProgress(
        plan,
        undoable,
        session,
        (s, task, onLine) => s.undo(task, onLine),
        renderer,
        target === THIS_MACHINE ? undefined : target.name,
      );
      if (failure !== undefined) {
        throw new WorkError(
          messages.uninstallFailed(failure.task.title),
          messages.installFailedHint(log, undefined, target === THIS_MACHINE ? undefined : target.name),
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
        throw new WorkError(messages.uninstallFailed('remove the state'), messages.logAt(log), sweep.tail);
      }
      io.out(messages.uninstalled(log));
    } finally {
      await session.log.close().catch(() => undefined);
    }
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
