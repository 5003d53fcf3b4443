/** What `install` does once its options are parsed; loaded only when the command runs. */
import { Session } from '../host/runner/session.js';
import { CancelledError, InputError, WorkError } from '../core/errors.js';
import { locations } from '../core/locations.js';
import type { Plan } from '../core/plan/types.js';
import type { AnswersModel } from '../core/answers/model.js';
import type { Answers } from '../core/answers/schema.js';
import { getRelease } from '../core/release/index.js';
import { releaseIds } from '../core/release/types.js';
import { checkOverrides, fatalIds, isTarget, passes, targetReasons } from '../core/preflight/evaluate.js';
import { reportText } from '../core/preflight/report.js';
import { runPreflight } from '../host/preflight.js';
import { overridesFrom } from './preflight-flags.js';
import { messages } from '../core/messages.js';
import type { TargetHost } from '../host/target-host.js';
import { gatherFrom, logPlace, THIS_MACHINE } from '../host/target-host.js';
import { parseTargetAddress } from '../core/target-address.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';
import type { Overrides } from '../core/preflight/types.js';
import { withRunLock } from '../host/run-lock.js';
import { targetProblems } from '../host/target.js';
import { freeAnswersPath } from './config-dir.js';
import { refuseExisting } from './write-file.js';
import { loadAnswers } from './answers-file.js';
import type { Io } from './io.js';
import { chooseRenderer, runWithProgress } from './progress.js';
import { secretsOf } from '../core/answers/secrets.js';
import { dryRun } from './dry-run.js';
import { interruptible } from './interrupt.js';
import { planFor, targetRole } from './plan-for.js';
import { inquirerPrompt } from './prompt.js';
import type { Role } from '../core/role.js';

/** `install`'s options as commander parses them. */
export interface InstallOptions extends TargetFlags {
  answers?: string;
  saveAnswers?: string;
  yes?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
  role?: Role;
  accept: string[];
  /** the answer flags (--address, --public-ips, ...), added when the command runs */
  [flag: string]: unknown;
}

export async function install(options: InstallOptions, io: Io): Promise<void> {
  const overrides = overridesFrom(options);
  checkOverrides(overrides);
  const chosen = await chooseTarget(options, io);
  await onTarget(chosen.options, io, (target) =>
    installOn(target, overrides, chosen.options, io, chosen.told),
  );
}

/**
 * `install` with nothing that says where or what (`npm start`, a new user's first command) on a machine
 * it would not change: says so in one line and, on a terminal, asks for a host to install over SSH
 * (Enter: go on here, which ends in a dry run); without a terminal, exit 2 with the --target hint.
 * `told`: the user has been told this machine will not change.
 */
async function chooseTarget(
  options: InstallOptions,
  io: Io,
): Promise<{ options: InstallOptions; told: boolean }> {
  const { answersFromFlags } = await import('./wizard/flags.js');
  const bare =
    options.target === undefined &&
    options.answers === undefined &&
    options.saveAnswers === undefined &&
    options.dryRun !== true &&
    Object.keys(answersFromFlags(options)).length === 0;
  if (!bare) return { options, told: false };
  const reasons = targetProblems(getRelease(releaseIds[0]), await gatherFrom(THIS_MACHINE));
  if (reasons.length === 0) return { options, told: false };
  if (!io.interactive)
    throw new InputError(messages.notATargetNoTerminal(reasons), messages.notATargetNoTerminalHint);
  io.err(messages.notATargetAskHost(reasons));
  const typed = await inquirerPrompt({
    type: 'input',
    name: 'target',
    message: messages.targetQuestion,
    validate: (text) => {
      if (text.trim() === '') return true;
      const address = parseTargetAddress(text.trim());
      return typeof address === 'string' ? address : true;
    },
  });
  const target = typeof typed === 'string' ? typed.trim() : '';
  return target === '' ? { options, told: true } : { options: { ...options, target }, told: false };
}

async function installOn(
  target: TargetHost,
  overrides: Overrides,
  options: InstallOptions,
  io: Io,
  told: boolean,
): Promise<void> {
  // Before any question: a host installed as something else is refused before anything is asked.
  const role = await targetRole(target, options.role);
  const { model, confirmed } = await answersFor(target, options, io, told);
  if (model === undefined) return; // "save answers and quit"
  const { answers } = model;
  const release = getRelease(answers.release);
  const { facts, results } = await runPreflight(model, release, overrides, target);
  const plan = planFor(answers, role, facts);

  const supported = isTarget(results);
  if (!supported || options.dryRun === true) {
    if (!supported) io.err(messages.notATarget(targetReasons(results)));
    io.err(reportText(results, false) + '\n');
    await dryRun(plan, io, target);
    const fatal = fatalIds(results);
    if (fatal.length > 0) throw new WorkError(messages.dryRunFatal(fatal), messages.dryRunFatalHint);
    return;
  }
  // Treatable findings are fixed by the plan's own tasks; fatal ones and unaccepted warnings stop here.
  io.err(reportText(results, false) + '\n');
  if (!passes(results)) throw new WorkError(messages.installPreflightStop, messages.preflightFailedHint);
  if (options.yes !== true && !confirmed) await confirmInstall(plan, io);

  const session = await withRunLock(target, () => runInstall(target, plan, answers, options, io));
  const summary = plan.tasks.flatMap((t) => t.files).find((f) => f.path === locations.summaryFile);
  if (summary !== undefined) io.out(summary.content);
  io.err(messages.logAt(logPlace(target, session.log.file)));
}

/** The install proper, under the host's run lock: the plan's tasks through the engine, with progress. */
function runInstall(
  target: TargetHost,
  plan: Plan,
  answers: Answers,
  options: InstallOptions,
  io: Io,
): Promise<Session> {
  return interruptible(async (signal) => {
    const session = new Session(
      plan,
      { host: target, now: () => new Date() },
      {
        kind: 'install',
        secrets: secretsOf(answers),
        signal,
      },
    );
    const log = logPlace(target, session.log.file);
    try {
      await session.stage();
      const renderer = chooseRenderer({ quiet: options.quiet === true, interactive: io.interactive });
      const failure = await runWithProgress(
        plan,
        plan.tasks,
        session,
        (s, task, onLine) => s.run(task, onLine),
        renderer,
        target === THIS_MACHINE ? undefined : target.name,
      );
      if (signal.aborted) throw new CancelledError(messages.interrupted(log));
      if (failure !== undefined) {
        throw new WorkError(
          messages.installFailed(failure.task.title, failure.result.exitCode),
          messages.installFailedHint(
            log,
            failure.task.failureHint,
            target === THIS_MACHINE ? undefined : target.name,
          ),
          failure.result.tail,
        );
      }
    } finally {
      // After a lost connection neither can reach the host: the next run stages afresh.
      await session.unstage().catch(() => undefined);
      await session.log.close().catch(() => undefined);
    }
    return session;
  });
}

/**
 * The answers: straight from a complete `--answers` file when no answer flag is given (nothing to ask,
 * the file itself is the replay file); otherwise from the wizard, which asks only what is still open and
 * saves the result before anything runs. `confirmed`: the user already chose "install" in the wizard.
 */
async function answersFor(
  target: TargetHost,
  options: InstallOptions,
  io: Io,
  told: boolean,
): Promise<{ model: AnswersModel | undefined; confirmed: boolean }> {
  const { answersFromFlags } = await import('./wizard/flags.js');
  const flags = answersFromFlags(options);
  const noFlags = Object.keys(flags).length === 0;
  if (options.answers !== undefined && noFlags && !(io.interactive && !(await isComplete(options.answers)))) {
    const { model, warnings } = await loadAnswers(options.answers);
    for (const warning of warnings) io.err(messages.problem(options.answers, warning) + '\n');
    return { model, confirmed: false };
  }
  // A file the user named is refused before the questions, not after they were all answered.
  if (options.saveAnswers !== undefined)
    await refuseExisting(options.saveAnswers, messages.savedAnswersExistsHint);
  const { collectAnswers } = await import('./wizard/collect.js');
  const { hostDefaults } = await import('../host/defaults.js');
  const facts = await gatherFrom(target);
  // Said before the first question: this host gets only a dry run. The OS and root rules are those of
  // the release the flags name, else the default one (the file's is not read yet; there is one release).
  const release = getRelease(releaseIds.find((id) => id === flags.release) ?? releaseIds[0]);
  const reasons = targetProblems(release, facts);
  const collected = await collectAnswers({
    ...(options.answers === undefined ? {} : { answersFile: options.answers }),
    flags,
    hostDefaults: hostDefaults(facts),
    io,
    saveTo: options.saveAnswers ?? (await freeAnswersPath(io.env)),
    existsHint: messages.savedAnswersExistsHint,
    ...(reasons.length === 0 || told ? {} : { notice: messages.notATargetBeforeQuestions(reasons) }),
  });
  if (collected.action === 'quit') return { model: undefined, confirmed: false };
  return { model: collected.model, confirmed: collected.reviewed };
}

async function isComplete(file: string): Promise<boolean> {
  return loadAnswers(file).then(
    () => true,
    () => false,
  );
}

async function confirmInstall(plan: Plan, io: Io): Promise<void> {
  if (!io.interactive) throw new InputError(messages.confirmationNeeded, messages.confirmationNeededHint);
  io.out(messages.planSummary(plan));
  const proceed = await inquirerPrompt({
    type: 'confirm',
    name: 'proceed',
    message: messages.proceedQuestion,
    default: true,
  });
  if (proceed !== true) throw new CancelledError(messages.cancelled);
}
