/**
 * The probes that depend on the answers: does the host name resolve to the host address, which addresses
 * of the instance ranges are in use, do the repositories answer. Read-only, each with a deadline; an
 * unknown result carries a note instead of a guess.
 */
import { promises as dns } from 'node:dns';
import { access, readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { AnswersModel } from '../core/answers/model.js';
import type { Answers } from '../core/answers/schema.js';
import { addressesIn, inSubnet, isIPv4, rangeContains } from '../core/net.js';
import type { AnswerProbes, RepositoryProbe } from '../core/preflight/types.js';
import { locations } from '../core/locations.js';
import type { ReleaseProfile } from '../core/release/index.js';
import { repositoriesOf } from '../core/release/types.js';
import { showNeighbours } from './tools/ip.js';
import { answersPing } from './tools/ping.js';
import type { HostFacts, IpNeighbour } from '../core/facts/types.js';
import { expandYumVariables, parseRepoFile } from '../core/facts/yum-repos.js';
import { ipv4Addresses } from '../core/facts/queries.js';

/** A sweep pings at most this many range addresses, this many at a time (1 s each): about 2 s in all. */
const SWEEP_LIMIT = 64;
const SWEEP_PARALLEL = 32;

export interface AnswerProbeDeps {
  lookup: (name: string) => Promise<string[]>;
  ping: (address: string) => Promise<boolean>;
  /** the neighbour table again, after the pings (an address that answers ARP but drops ping shows there) */
  neighbours: (signal: AbortSignal) => Promise<IpNeighbour[]>;
  /** true when the repository's repomd.xml answers */
  fetchOk: (url: string, signal: AbortSignal) => Promise<{ ok: boolean; error?: string }>;
  /** the host's yum repository files: /etc/yum.repos.d/*.repo, name and text */
  repoFiles: () => Promise<{ name: string; text: string }[]>;
}

const defaultDeps: AnswerProbeDeps = {
  lookup: async (name) => (await dns.lookup(name, { all: true, family: 4 })).map((a) => a.address),
  ping: (address) => answersPing(address),
  neighbours: (signal) => showNeighbours({ signal }),
  fetchOk: async (url, signal) => {
    if (url.startsWith('file:')) {
      return access(fileURLToPath(url)).then(
        () => ({ ok: true }),
        (error: unknown) => ({ ok: false, error: error instanceof Error ? error.message : String(error) }),
      );
    }
    const response = await fetch(url, { method: 'HEAD', signal, redirect: 'follow' });
    return response.ok ? { ok: true } : { ok: false, error: `HTTP ${response.status}` };
  },
  repoFiles: async () => {
    const names = (await readdir(YUM_REPOS_DIR).catch(() => [])).filter((n) => n.endsWith('.repo'));
    return Promise.all(
      names.sort().map(async (name) => ({ name, text: await readFile(`${YUM_REPOS_DIR}/${name}`, 'utf8') })),
    );
  },
};

export const YUM_REPOS_DIR = '/etc/yum.repos.d';

export interface AnswerProbeOptions {
  deps?: Partial<AnswerProbeDeps>;
  timeoutMs?: number;
  /** the install uses an offline repository: the network ones are not needed */
  offline?: boolean;
}

export async function probeAnswers(
  model: AnswersModel,
  release: ReleaseProfile,
  facts: HostFacts,
  options: AnswerProbeOptions = {},
): Promise<AnswerProbes> {
  const { answers } = model;
  const deps = { ...defaultDeps, ...options.deps };
  const timeoutMs = options.timeoutMs ?? 5000;
  const notes: string[] = [];
  const within = async <T>(what: string, work: Promise<T>): Promise<T | undefined> => {
    let timer: NodeJS.Timeout | undefined;
    try {
      return await Promise.race([
        work,
        new Promise<never>((_resolve, reject) => {
          timer = setTimeout(() => {
            reject(new Error(`timed out after ${timeoutMs} ms`));
          }, timeoutMs);
        }),
      ]);
    } catch (error) {
      notes.push(`${what}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  const [hostnameAddresses, sweep, repositories, otherRepositories] = await Promise.all([
    within('host name lookup', deps.lookup(answers.host.hostname)).then((found) => found ?? []),
    within('address sweep', sweepRanges(model, facts, deps)),
    options.offline === true
      ? Promise.resolve([])
      : within('repositories', probeRepositories(answers, release, deps, timeoutMs)),
    within('other repositories', probeOtherRepositories(release, deps, timeoutMs)),
  ]);
  return {
    hostnameAddresses,
    liveAddresses: sweep?.live,
    probedAddresses: sweep?.probed ?? 0,
    repositories,
    otherRepositories,
    notes,
  };
}

/** An entry that answered ARP just now (REACHABLE) or is configured (PERMANENT); STALE ones only did once. */
const answeringNow = (n: IpNeighbour): boolean =>
  n.lladdr !== undefined && (n.states.includes('REACHABLE') || n.states.includes('PERMANENT'));
/** An entry that answered ARP some time ago: worth a ping, not proof of anything. */
const seenBefore = (n: IpNeighbour): boolean =>
  n.lladdr !== undefined && !n.states.includes('FAILED') && !answeringNow(n);
/** The table's IPv4 entries: the ranges are IPv4, and `ip neigh` lists IPv6 neighbours (NDP) beside them. */
const ipv4Entries = (table: readonly IpNeighbour[]): IpNeighbour[] => table.filter((n) => isIPv4(n.address));

/**
 * Addresses of the ranges in use right now: those that answer ping, and those the neighbour table shows
 * REACHABLE (answered ARP), before or after the pings. Pings go out only when the host itself sits on the
 * answers' subnet, so that the sweep never sends traffic to a network the host is not part of; they cover
 * the first SWEEP_LIMIT addresses plus any the neighbour table has seen before.
 */
async function sweepRanges(
  { answers, net, ranges: instanceRanges }: AnswersModel,
  facts: HostFacts,
  deps: AnswerProbeDeps,
): Promise<{ live: string[]; probed: number }> {
  const ranges = [...instanceRanges.publicIps, ...instanceRanges.privateIps];
  const inRanges = (address: string): boolean => ranges.some((r) => rangeContains(r, address));
  const neighbours = ipv4Entries(facts.neighbours ?? []).filter((n) => inRanges(n.address));
  const known = neighbours.filter(answeringNow).map((n) => n.address);
  const onSubnet = [answers.network.interface, answers.network.bridge].some((name) =>
    ipv4Addresses(facts, name).some((a) => inSubnet(a.address, net.subnet)),
  );
  if (!onSubnet) return { live: [...new Set(known)].sort(), probed: 0 };
  const targets = [
    ...new Set([
      ...[...addressesIn(ranges)].slice(0, SWEEP_LIMIT),
      ...neighbours.filter(seenBefore).map((n) => n.address),
    ]),
  ];
  const live = new Set(known);
  for (let i = 0; i < targets.length; i += SWEEP_PARALLEL) {
    const batch = targets.slice(i, i + SWEEP_PARALLEL);
    const answered = await Promise.all(batch.map((a) => deps.ping(a).catch(() => false)));
    batch.forEach((a, j) => {
      if (answered[j] === true) live.add(a);
    });
  }
  const after = await deps.neighbours(AbortSignal.timeout(2000)).catch(() => []);
  for (const n of ipv4Entries(after)) if (inRanges(n.address) && answeringNow(n)) live.add(n.address);
  return { live: [...live].sort(compareIPv4), probed: targets.length };
}

const compareIPv4 = (a: string, b: string): number => {
  const pa = a.split('.').map(Number);
  const pb = b.split('.').map(Number);
  for (let i = 0; i < 4; i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
  return 0;
};

/** The repositories the install uses: the offline one alone when the answers name one, else the release's. */
async function probeRepositories(
  answers: Answers,
  release: ReleaseProfile,
  deps: AnswerProbeDeps,
  timeoutMs: number,
): Promise<RepositoryProbe[]> {
  const offline = answers.repositories.offline;
  const targets =
    offline === undefined
      ? repositoriesOf(release).map(([id, repository]) => ({
          id,
          url: answers.repositories[id] ?? repository.baseurl,
        }))
      : [{ id: locations.offlineRepoId, url: offline }];
  return Promise.all(targets.map(({ id, url }) => probeRepository(id, url, 'baseurl', deps, timeoutMs)));
}

/**
 * The repositories the host's other .repo files keep enabled, beside the files the install writes (which
 * replace the host's files of the same name): yum reads them all, so one whose mirror is gone fails every
 * yum command that does not leave it out (the install's own yum calls do).
 */
async function probeOtherRepositories(
  release: ReleaseProfile,
  deps: AnswerProbeDeps,
  timeoutMs: number,
): Promise<RepositoryProbe[]> {
  const ours = new Set([
    ...Object.values(release.repositories).map((r) => r.file),
    locations.offlineRepoFile.split('/').pop(),
  ]);
  const releasever = String(release.os.majorVersion);
  const basearch = release.os.arch[0] ?? 'x86_64';
  const targets = (await deps.repoFiles())
    .filter((f) => !ours.has(f.name))
    .flatMap((f) =>
      parseRepoFile(f.text)
        .filter((r) => r.enabled && r.source !== undefined)
        .map((r) => ({ file: `${YUM_REPOS_DIR}/${f.name}`, id: r.id, source: r.source })),
    );
  return Promise.all(
    targets.map(async ({ file, id, source }) => {
      if (source === undefined) throw new Error('unreachable: filtered above');
      const url = expandYumVariables(source.url, releasever, basearch);
      return { ...(await probeRepository(id, url, source.kind, deps, timeoutMs)), file };
    }),
  );
}

/** A baseurl answers when its repodata/repomd.xml does; a mirror list or metalink when its URL does. */
async function probeRepository(
  id: string,
  url: string,
  kind: 'baseurl' | 'mirrorlist' | 'metalink',
  deps: AnswerProbeDeps,
  timeoutMs: number,
): Promise<RepositoryProbe> {
  const target =
    kind === 'baseurl' ? new URL('repodata/repomd.xml', url.endsWith('/') ? url : `${url}/`).href : url;
  try {
    const result = await deps.fetchOk(target, AbortSignal.timeout(timeoutMs - 250));
    return {
      id,
      url,
      reachable: result.ok,
      ...(result.error === undefined ? {} : { error: result.error }),
    };
  } catch (error) {
    const reason =
      error instanceof Error && error.name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : error instanceof Error
          ? error.cause instanceof Error
            ? error.cause.message
            : error.message
          : String(error);
    return { id, url, reachable: false, error: reason };
  }
}
