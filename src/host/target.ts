/**
 * Is this host one the release can be installed on? The gate in front of every command that changes
 * the host: anything but a supported OS and architecture, run as root, gets a dry run instead.
 * A thin first version on top of the facts; the preflight checks (CPU, memory, disk, NIC, services)
 * build on the same `gatherHostFacts`.
 */
import type { ReleaseProfile } from '../core/release/index.js';
import type { HostFacts } from './facts/types.js';
import { gatherHostFacts } from './gather.js';
import { ifcfgHwaddr } from './queries.js';

export interface Target {
  supported: boolean;
  /** why not, one line each; empty when supported */
  reasons: string[];
  /** HWADDR from the interface's current ifcfg file, kept when the file is rewritten */
  nicHwaddr: string | undefined;
  facts: HostFacts;
}

export async function inspectTarget(release: ReleaseProfile, nic: string): Promise<Target> {
  const facts = await gatherHostFacts();
  const reasons = targetProblems(release, facts);
  return { supported: reasons.length === 0, reasons, nicHwaddr: ifcfgHwaddr(facts, nic), facts };
}

/** Pure: what keeps this host from being a target for the release. Unknown facts count as problems. */
export function targetProblems(release: ReleaseProfile, facts: HostFacts): string[] {
  const problems: string[] = [];
  const os = facts.os.osRelease;
  const id = os?.id;
  const major = facts.os.redhatRelease?.major ?? Number(os?.versionId?.split('.')[0]);
  if (id === undefined || !release.os.ids.includes(id) || major !== release.os.majorVersion) {
    const seen = os?.prettyName ?? facts.os.redhatRelease?.text ?? 'an unknown OS';
    problems.push(`${release.id} needs ${release.os.label}; this host runs ${seen}`);
  } else if (facts.os.arch === undefined || !release.os.arch.includes(facts.os.arch)) {
    problems.push(
      `${release.id} needs ${release.os.label}; this host is ${facts.os.arch ?? 'of an unknown architecture'}`,
    );
  }
  if (facts.uid !== 0) problems.push('the install must run as root');
  return problems;
}
