/**
 * The preflight on the target host: gather the facts (measuring the instance path too), run the probes that
 * depend on the answers, and evaluate every check. Read-only.
 */
import type { AnswersModel } from '../core/answers/model.js';
import { evaluate } from '../core/preflight/evaluate.js';
import type { CheckResult, Overrides } from '../core/preflight/types.js';
import type { ReleaseProfile } from '../core/release/index.js';
import { probeAnswers } from './answer-probes.js';
import type { AnswerProbeOptions } from './answer-probes.js';
import type { HostFacts } from '../core/facts/types.js';
import type { TargetHost } from './target-host.js';
import { gatherFrom, THIS_MACHINE } from './target-host.js';

export interface Preflight {
  facts: HostFacts;
  results: CheckResult[];
  /** probes that could not tell, with why */
  notes: string[];
}

export async function runPreflight(
  model: AnswersModel,
  release: ReleaseProfile,
  overrides: Overrides,
  target: TargetHost = THIS_MACHINE,
  options: AnswerProbeOptions = {},
): Promise<Preflight> {
  const facts = await gatherFrom(target, {
    paths: [model.answers.storage.instancePath],
    units: [release.units.firewall],
  });
  const probes = await probeAnswers(model, release, facts, {
    timeoutMs: target.probeDeadlineMs,
    ...options,
    deps: { ...target.answerProbeDeps, ...options.deps },
  });
  return {
    facts,
    results: evaluate({ facts, model, release, probes }, overrides),
    notes: [...facts.notes.map((n) => `${n.probe}: ${n.message}`), ...probes.notes],
  };
}
