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
import { runBash } from '../host/tools/bash.js';
import { withRunLock } from '../host/run-lock.js';
import { targetProblems } from '../host/target.js';
import { freeAnswersPath } from './config-dir.js';
import { refuseExisting } from './write-file.js';
import { loadAnswers } from './answers-file.js';
import type { Io } from './io.js';
import { chooseRenderer, runWithProgress } from './progress.js';
import { secretsOf } from './secrets.js';
import { dryRun } from './dry-run.js';
import { interruptible } from './interrupt.js';
import { planFor, localRole } from './plan-for.js';
import { inquirerPrompt } from './prompt.js';
import type { Role } from '../core/role.js';

/** `install`'s options as commander parses them. */
export interface InstallOptions {
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
  // Before any question: a host installed as something else is refused before anything is asked.
  const role = await localRole(options.role);
  const { model, confirmed } = await answersFor(options, io);
  if (model === undefined) return; // "save answers and quit"
  const { answers } = model;
  const release = getRelease(answers.release);
  const { facts, results } = await runPreflight(model, release, overrides);
  const plan = planFor(answers, role, facts);

  const target = isTarget(results);
  if (!target || options.dryRun === true) {
    if (!target) io.err(messages.notATarget(targetReasons(results)));
    io.err(reportText(results, false) + '\n');
    await dryRun(plan, io);
    const fatal = fatalIds(results);
    if (fatal.length > 0) throw new WorkError(messages.dryRunFatal(fatal), messages.dryRunFatalHint);
    return;
  }
  // Treatable findings are fixed by the plan's own tasks; fatal ones and unaccepted warnings stop here.
  io.err(reportText(results, false) + '\n');
  if (!passes(results)) throw new WorkError(messages.installPreflightStop, messages.preflightFailedHint);
  if (options.yes !== true && !confirmed) await confirmInstall(plan, io);

  const session = await withRunLock(() => runInstall(plan, answers, options, io));
  const summary = plan.tasks.flatMap((t) => t.files).find((f) => f.path === locations.summaryFile);
  if (summary !== undefined) io.out(summary.content);
  io.err(messages.logAt(session.log.file));
}

/** The install proper, under the host's run lock: the plan's tasks through the engine, with progress. */
function runInstall(plan: Plan, answers: Answers, options: InstallOptions, io: Io): Promise<Session> {
  return interruptible(async (signal) => {
    const session = new Session(
      plan,
      { runBash, now: () => new Date() },
      {
        kind: 'install',
        secrets: secretsOf(answers),
        signal,
        secretFiles: ['/root/.euca/admin-password'],
      },
    );
    try {
      session.stage();
      const renderer = chooseRenderer({ quiet: options.quiet === true, interactive: io.interactive });
      const failure = await runWithProgress(
        plan,
        plan.tasks,
        session,
        (s, task, onLine) => s.run(task, onLine),
        renderer,
      );
      if (signal.aborted) throw new CancelledError(messages.interrupted(session.log.file));
      if (failure !== undefined) {
        throw new WorkError(
          messages.installFailed(failure.task.title, failure.result.exitCode),
          messages.installFailedHint(session.log.file, failure.task.failureHint),
          failure.result.tail,
        );
      }
    } finally {
      session.unstage();
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
  options: InstallOptions,
  io: Io,
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
  const { gatherHostFacts } = await import('../host/gather.js');
  const facts = await gatherHostFacts();
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
    ...(reasons.length === 0 ? {} : { notice: messages.notATargetBeforeQuestions(reasons) }),
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
