/**
 * Is this host one the release can be installed on? The gate in front of every command that changes
 * the host: anything but a supported OS and architecture, run as root, gets a dry run instead.
 * The preflight's `root` and `os` checks use the same two rules (src/core/preflight/checks.ts).
 */
import type { ReleaseProfile } from '../core/release/index.js';
import type { HostFacts } from '../core/facts/types.js';
import { osProblem, rootProblem } from '../core/preflight/target-rules.js';

/** Pure: what keeps this host from being a target for the release. Unknown facts count as problems. */
export function targetProblems(release: ReleaseProfile, facts: HostFacts): string[] {
  return [osProblem(release, facts), rootProblem(facts)].filter((p): p is string => p !== undefined);
}
