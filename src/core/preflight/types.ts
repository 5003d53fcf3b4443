/**
 * Preflight ("Nurse Euca") data: what each check says about the host before anything is installed.
 * Sources: silvereye.md 6 (FastStart's precheck) and 7.1, eucalyptus-install.md 1.1 and 1.8, peers.md
 * (miniONE: each check names what it found and what to do; nothing is silently fixed).
 */
import type { AnswersModel } from '../answers/model.js';
import type { TaskId } from '../release/index.js';
import type { ReleaseProfile } from '../release/types.js';
import type { HostFacts } from '../facts/types.js';

/**
 * ok: nothing to do. treatable: the install fixes it with one of its own tasks (named in the treatment).
 * warning: may work; the user decides (`--accept ID`). fatal: cannot work (`--force-ID` only where safe).
 */
export type Verdict = 'ok' | 'treatable' | 'warning' | 'fatal';
export const verdicts: readonly Verdict[] = ['fatal', 'warning', 'treatable', 'ok'];

export interface Finding {
  verdict: Verdict;
  /** one plain, precise line: what was found */
  diagnosis: string;
  /** what fixes it: what the install will do, or what the user should do */
  treatment?: string;
  /** the install task that treats a treatable finding: the compiler checks it is a task of a release */
  treatedBy?: TaskId;
  /** a shorter diagnosis for the report's headline, when the full one is long (many repositories) */
  summary?: string;
}

export interface CheckResult extends Finding {
  id: string;
  title: string;
  /** a warning the user accepted with --accept, or a fatal one forced with --force-ID */
  overridden: boolean;
}

/** What the preflight probes found beyond HostFacts; these depend on the answers. undefined: unknown. */
export interface AnswerProbes {
  /** the IPv4 addresses host.hostname resolves to on this host (/etc/hosts, then DNS) */
  hostnameAddresses: string[] | undefined;
  /** addresses in cloud.publicIps/privateIps that answered ping or are in the neighbour table */
  liveAddresses: string[] | undefined;
  /** how many addresses of the ranges were probed (a sweep is bounded) */
  probedAddresses: number;
  /** each repository the install uses, reachable or not */
  repositories: RepositoryProbe[] | undefined;
  /** each repository the host's other .repo files keep enabled, reachable or not */
  otherRepositories: RepositoryProbe[] | undefined;
  /** why a probe result is unknown (timeouts, errors) */
  notes: string[];
}

export interface RepositoryProbe {
  id: string;
  url: string;
  reachable: boolean;
  /** why not, e.g. "HTTP 404" or "timed out after 5000 ms" */
  error?: string;
  /** the .repo file that defines it, for a repository the install does not write */
  file?: string;
}

export interface PreflightInput {
  facts: HostFacts;
  model: AnswersModel;
  release: ReleaseProfile;
  probes: AnswerProbes;
}

export interface Overrides {
  /** warning ids the user accepts */
  accept: readonly string[];
  /** fatal ids the user forces (only those a check declares forceable) */
  force: readonly string[];
}
