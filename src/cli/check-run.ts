/** What `check` does once its options are parsed; loaded only when the command runs. */
import { validateAnswers } from '../core/answers/validate.js';
import { proposeAnswers } from '../core/answers/propose.js';
import { InputError, WorkError } from '../core/errors.js';
import { checkOverrides, passes } from '../core/preflight/evaluate.js';
import { reportJson, reportText } from '../core/preflight/report.js';
import { getRelease } from '../core/release/index.js';
import { hostDefaults } from '../host/defaults.js';
import { runPreflight } from '../host/preflight.js';
import type { TargetHost } from '../host/target-host.js';
import { gatherFrom } from '../host/target-host.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';
import { messages } from '../core/messages.js';
import { loadAnswers } from './answers-file.js';
import type { Io } from './io.js';
import { overridesFrom } from './preflight-flags.js';
import { ReportedFailure } from './reported.js';
import { wrapText } from './wrap.js';

/** `check`'s options as commander parses them (the force flags are added when the command runs). */
export interface CheckOptions extends TargetFlags {
  answers?: string;
  json?: boolean;
  accept: string[];
  [forceFlag: string]: unknown;
}

/** The host side of `check`; the defaults read the target (tests give a recorded one). */
export interface CheckDeps {
  runPreflight: typeof runPreflight;
  gatherFacts: typeof gatherFrom;
}

export async function check(
  options: CheckOptions,
  io: Io,
  deps: CheckDeps = { runPreflight, gatherFacts: gatherFrom },
): Promise<void> {
  const overrides = overridesFrom(options);
  checkOverrides(overrides);
  const json = options.json === true;
  const loaded = options.answers === undefined ? undefined : (await loadAnswers(options.answers)).model;
  const { results, notes, target } = await onTarget(options, io, async (target) => {
    const model = loaded ?? (await proposed(io, deps, json, target));
    return {
      ...(await deps.runPreflight(model, getRelease(model.answers.release), overrides, target)),
      target: target.name,
    };
  });
  if (json) {
    io.out(reportJson(results, notes, target));
    // The report says it does not pass; a second document would break the one JSON on stdout.
    if (!passes(results)) throw new ReportedFailure(1);
    return;
  }
  io.out(wrapText(reportText(results), io.outWidth));
  for (const note of notes) io.err(messages.preflightNote(note));
  if (!passes(results)) throw new WorkError(messages.preflightFailed, messages.preflightFailedHint);
}

/** Without --answers: what the target host proposes, as the wizard would; what it cannot propose is named. */
async function proposed(io: Io, deps: CheckDeps, json: boolean, target: TargetHost) {
  const facts = await deps.gatherFacts(target);
  const result = validateAnswers(proposeAnswers(hostDefaults(facts)));
  if (result.model === undefined) {
    const missing = result.problems.filter((p) => p.severity === 'error');
    throw new InputError(
      messages.preflightNeedsAnswers(missing.length),
      messages.preflightNeedsAnswersHint,
      missing.map((p) => messages.problem('proposed answers', p)),
    );
  }
  if (!json) io.err(messages.preflightProposed);
  return result.model;
}
