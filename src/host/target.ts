/**
 * Is this host one the release can be installed on? The gate in front of every command that changes
 * the host: anything but a supported OS and architecture, run as root, gets a dry run instead.
 * The preflight's `root` and `os` checks use the same two rules (src/core/preflight/checks.ts).
 */
import type { ReleaseProfile } from '../core/release/index.js';
import type { HostFacts } from '../core/facts/types.js';
import { gatherHostFacts } from './gather.js';
import { osProblem, rootProblem } from '../core/preflight/target-rules.js';

export interface Target {
  supported: boolean;
  /** why not, one line each; empty when supported */
  reasons: string[];
  facts: HostFacts;
}

export async function inspectTarget(release: ReleaseProfile): Promise<Target> {
  const facts = await gatherHostFacts();
  const reasons = targetProblems(release, facts);
  return { supported: reasons.length === 0, reasons, facts };
}

/** Pure: what keeps this host from being a target for the release. Unknown facts count as problems. */
export function targetProblems(release: ReleaseProfile, facts: HostFacts): string[] {
  return [osProblem(release, facts), rootProblem(facts)].filter((p): p is string => p !== undefined);
}
