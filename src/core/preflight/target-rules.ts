/** The two rules that make a host a target at all: the release's OS and architecture, and root. */
import type { HostFacts } from '../facts/types.js';
import type { ReleaseProfile } from '../release/types.js';

/** Why the OS or architecture is not the release's; undefined when it is. */
export function osProblem(release: ReleaseProfile, facts: HostFacts): string | undefined {
  const os = facts.os.osRelease;
  const id = os?.id;
  const major = facts.os.redhatRelease?.major ?? Number(os?.versionId?.split('.')[0]);
  if (id === undefined || !release.os.ids.includes(id) || major !== release.os.majorVersion) {
    const seen = os?.prettyName ?? facts.os.redhatRelease?.text ?? 'an unknown OS';
    return `${release.id} needs ${release.os.label}; this host runs ${seen}`;
  }
  if (facts.os.arch === undefined || !release.os.arch.includes(facts.os.arch))
    return `${release.id} needs ${release.os.label}; this host is ${facts.os.arch ?? 'of an unknown architecture'}`;
  return undefined;
}

export function rootProblem(facts: HostFacts): string | undefined {
  return facts.uid === 0 ? undefined : 'the install must run as root';
}
