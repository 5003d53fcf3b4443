/**
 * Runs every check and applies the user's overrides; says whether the host may be installed on.
 * Pure: the facts and probes come in gathered.
 */
import { InputError } from '../errors.js';
import { checks } from './checks.js';
import type { CheckResult, Finding, Overrides, PreflightInput, Verdict } from './types.js';
import { verdicts } from './types.js';

export const checkIds = (): string[] => checks.map((c) => c.id);
export const forceableIds = (): string[] => checks.filter((c) => c.forceable).map((c) => c.id);

/** Refuses overrides that name no check, or force a check that cannot be forced safely. */
export function checkOverrides(overrides: Overrides): void {
  const ids = checkIds();
  const unknownIds = overrides.accept.filter((id) => !ids.includes(id));
  if (unknownIds.length > 0)
    throw new InputError(
      `--accept names no check: ${unknownIds.join(', ')}`,
      `the check ids are: ${ids.join(', ')}`,
    );
  const notForceable = overrides.force.filter((id) => !forceableIds().includes(id));
  if (notForceable.length > 0)
    throw new InputError(
      `these checks cannot be forced: ${notForceable.join(', ')}`,
      `only ${forceableIds().join(', ')} can; fix the others`,
    );
}

export function evaluate(input: PreflightInput, overrides: Overrides): CheckResult[] {
  return checks.map((check) => {
    let finding: Finding;
    try {
      finding = check.run(input);
    } catch (error) {
      // A check that trips over unexpected facts must not hide the others.
      finding = {
        verdict: 'warning',
        diagnosis: `the check failed: ${error instanceof Error ? error.message : String(error)}`,
        treatment: 'check it by hand, then accept this warning',
      };
    }
    const overridden =
      (finding.verdict === 'warning' && overrides.accept.includes(check.id)) ||
      (finding.verdict === 'fatal' && check.forceable !== undefined && overrides.force.includes(check.id));
    return { id: check.id, title: check.title, ...finding, overridden };
  });
}

/** The host may be installed on: nothing fatal (unless forced) and every warning accepted. */
export const passes = (results: readonly CheckResult[]): boolean =>
  results.every((r) => r.overridden || r.verdict === 'ok' || r.verdict === 'treatable');

/** The fatal findings nobody forced: the install stops on them. */
export const fatalIds = (results: readonly CheckResult[]): string[] =>
  results.filter((r) => r.verdict === 'fatal' && !r.overridden).map((r) => r.id);

export function countByVerdict(results: readonly CheckResult[]): Record<Verdict, number> {
  const counts = Object.fromEntries(verdicts.map((v) => [v, 0])) as Record<Verdict, number>;
  for (const r of results) counts[r.verdict] += 1;
  return counts;
}

/** Checks whose failure means this is not a host to install on at all: the install only shows its plan. */
export const TARGET_CHECKS: readonly string[] = ['root', 'os'];
export const targetReasons = (results: readonly CheckResult[]): string[] =>
  results.filter((r) => TARGET_CHECKS.includes(r.id) && r.verdict === 'fatal').map((r) => r.diagnosis);
export const isTarget = (results: readonly CheckResult[]): boolean => targetReasons(results).length === 0;
