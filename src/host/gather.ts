/**
 * The one place that reads the host. Every probe is read-only, has a deadline and runs in parallel
 * with the others; the pure parsers in ./facts turn what it reads into `HostFacts`.
 */
import path from 'node:path';
import { diskSpace, selfAndAncestors } from '../core/facts/disk.js';
import type { StatfsNumbers } from '../core/facts/disk.js';
import { parseCpuinfo } from '../core/facts/cpuinfo.js';
import { isIfcfgFileName, parseIfcfg } from '../core/facts/ifcfg.js';
import { parseMeminfo } from '../core/facts/meminfo.js';
import { parseOsRelease, parseRedhatRelease } from '../core/facts/os-release.js';
import { parseResolvConf } from '../core/facts/resolv-conf.js';
import { parseSelinuxConfig, parseSelinuxEnforce } from '../core/facts/selinux.js';
import { parseShellVars } from '../core/facts/shell-vars.js';
import { parseChronyConf, parseNtpConf } from '../core/facts/time-sync.js';
import { parseComm, parseYumPid } from '../core/facts/yum-lock.js';
import type {
  DiskSpace,
  HostFacts,
  IfcfgFile,
  InterfaceKind,
  IpInterface,
  JournalFacts,
  NetInterface,
  SelinuxFacts,
  SelinuxMode,
  UnitState,
  YumLock,
} from '../core/facts/types.js';
import { watchedPackages, watchedUnits } from '../core/facts/types.js';
import type { HostCommands } from './commands.js';
import { isNotFound, Prober } from './probe.js';
import { STATE_DIR } from '../core/locations.js';

export interface GatherDeps {
  readFile: (file: string, signal: AbortSignal) => Promise<string>;
  exists: (file: string) => Promise<boolean>;
  readDir: (dir: string) => Promise<string[]>;
  statfs: (file: string) => Promise<StatfsNumbers>;
  run: HostCommands;
  /** this process's effective uid (undefined where there is none) and machine name (uname -m) */
  identity: () => { uid: number | undefined; arch: string };
}

export interface GatherOptions {
  /** replaces the default dependencies one by one */
  deps?: Partial<GatherDeps>;
  /** read files under this directory instead of / (a recorded host tree); commands are not affected */
  root?: string;
  /** more paths to measure free space under (besides /var), e.g. the instance path; they need not exist */
  paths?: readonly string[];
  /** more systemd units to read the state of (besides watchedUnits), e.g. the release's firewall */
  units?: readonly string[];
  /** deadline per probe; default 5 s */
  timeoutMs?: number;
}

const NETWORK_SCRIPTS = '/etc/sysconfig/network-scripts';
const SYS_NET = '/sys/class/net';

/**
 * The reads whose names the gatherer learns only from earlier answers (each interface's sysfs entries,
 * each ifcfg file), as globs: a target over SSH reads them ahead, with everything else, so that the
 * facts take one round trip (src/host/ssh/reads.ts). Keep in step with withSysfs and readIfcfg below.
 */
export const READ_AHEAD = {
  files: [`${SYS_NET}/*/uevent`, `${NETWORK_SCRIPTS}/ifcfg-*`],
  exists: [`${SYS_NET}/*/wireless`, `${SYS_NET}/*/phy80211`, `${SYS_NET}/*/device`],
} as const;
const DEFAULT_TIMEOUT_MS = 5000;

export async function gatherHostFacts(options: GatherOptions = {}): Promise<HostFacts> {
  const deps: GatherDeps = { ...(await defaultDeps(options.deps)), ...options.deps };
  const at = (file: string): string => (options.root === undefined ? file : path.join(options.root, file));
  const prober = new Prober(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const probe = prober.run.bind(prober);
  const unitNames = [...new Set([...watchedUnits, ...(options.units ?? [])])];

  /** A file's text; undefined without a note when it does not exist and `optional`. */
  const read = (file: string, optional = false): Promise<string | undefined> =>
    probe(file, ({ signal }) => deps.readFile(at(file), signal), optional ? isNotFound : undefined);
  const exists = (file: string): Promise<boolean | undefined> => probe(file, () => deps.exists(at(file)));

  const identity = await probe('identity', () => Promise.resolve(deps.identity()));
  const [
    hostName,
    fqdn,
    osReleaseText,
    redhatReleaseText,
    cpuinfoText,
    kvmDevice,
    meminfoText,
    disks,
    interfaces,
    routes,
    neighbours,
    resolvText,
    ifcfg,
    chronyText,
    ntpText,
    selinux,
    units,
    packages,
    sockets,
    journal,
    yumLock,
  ] = await Promise.all([
    read('/proc/sys/kernel/hostname'),
    probe('hostname -f', (o) => deps.run.showFqdn(o)),
    read('/etc/os-release', true),
    read('/etc/redhat-release', true),
    read('/proc/cpuinfo'),
    exists('/dev/kvm'),
    read('/proc/meminfo'),
    measureDisks(['/var', ...(options.paths ?? [])]),
    probe('ip addr', (o) => deps.run.showAddresses(o)).then((found) =>
      found === undefined ? undefined : Promise.all(found.map(withSysfs)),
    ),
    probe('ip route', (o) => deps.run.showRoutes(o)),
    probe('ip neigh', (o) => deps.run.showNeighbours(o)),
    read('/etc/resolv.conf', true),
    readIfcfg(),
    read('/etc/chrony.conf', true),
    read('/etc/ntp.conf', true),
    readSelinux(),
    probe('systemctl show', (o) => deps.run.showUnitStates(unitNames, o)).then((states) =>
      unitsByName(unitNames, states),
    ),
    probe('rpm -qa', (o) => deps.run.listInstalledPackages(watchedPackages, o)),
    probe('ss -lntup', (o) => deps.run.listListeningSockets(o)),
    readJournal(),
    readYumLock(),
  ]);

  const chrony = chronyText === undefined ? undefined : parseChronyConf(chronyText);
  const ntp = ntpText === undefined ? undefined : parseNtpConf(ntpText);
  const fqdnOk = fqdn !== undefined && fqdn.includes('.') && !fqdn.startsWith('localhost');
  return {
    uid: identity?.uid,
    hostname: { name: hostName?.trim() || undefined, fqdn: fqdnOk ? fqdn : undefined },
    os: {
      osRelease: osReleaseText === undefined ? undefined : parseOsRelease(osReleaseText),
      redhatRelease: redhatReleaseText === undefined ? undefined : parseRedhatRelease(redhatReleaseText),
      arch: identity?.arch,
    },
    cpu: cpuinfoText === undefined ? undefined : parseCpuinfo(cpuinfoText),
    kvmDevice,
    memory: meminfoText === undefined ? undefined : parseMeminfo(meminfoText),
    disks,
    interfaces,
    routes,
    neighbours,
    // No resolv.conf is a fact too: the host has no name servers configured.
    resolver: parseResolvConf(resolvText ?? ''),
    ifcfg,
    timeSync: {
      chrony,
      ntp,
      servers: (chrony?.sources.length ? chrony : ntp)?.sources.map((s) => s.host) ?? [],
    },
    selinux,
    units,
    packages,
    sockets,
    journal,
    yumLock,
    notes: [...prober.notes].sort((a, b) => a.probe.localeCompare(b.probe)),
  };

  async function withSysfs(link: IpInterface): Promise<NetInterface> {
    // Interface names never contain a slash; refuse anything that would walk out of /sys/class/net.
    if (link.name.includes('/') || link.name === '.' || link.name === '..')
      return { ...link, wireless: undefined, physical: undefined, kind: undefined };
    const dir = `${SYS_NET}/${link.name}`;
    // Wireless: `wireless/` (wireless extensions), `phy80211` (every cfg80211 driver), or DEVTYPE=wlan.
    const [uevent, wirelessDir, phy80211, device] = await Promise.all([
      read(`${dir}/uevent`),
      exists(`${dir}/wireless`),
      exists(`${dir}/phy80211`),
      exists(`${dir}/device`),
    ]);
    const devType = uevent === undefined ? undefined : parseShellVars(uevent).DEVTYPE;
    const wireless =
      uevent === undefined || wirelessDir === undefined
        ? undefined
        : wirelessDir || phy80211 === true || devType === 'wlan';
    const physical = device;
    const net: NetInterface = {
      ...link,
      wireless,
      physical,
      kind: kindOf(link, wireless, devType, physical),
    };
    if (devType !== undefined) net.devType = devType;
    return net;
  }

  async function measureDisks(paths: readonly string[]): Promise<DiskSpace[]> {
    const unique = [...new Set(paths.map((p) => path.posix.resolve('/', p)))];
    const measured = await Promise.all(
      unique.map((asked) =>
        probe(`free space under ${asked}`, async () => {
          // All ancestors at once: on a target over SSH that is one round trip, not one per level.
          const candidates = selfAndAncestors(asked);
          const present = await Promise.all(candidates.map((candidate) => deps.exists(at(candidate))));
          const nearest = candidates[present.indexOf(true)];
          if (nearest === undefined) throw new Error('no existing ancestor');
          return diskSpace(asked, nearest, await deps.statfs(at(nearest)));
        }),
      ),
    );
    return measured.filter((d): d is DiskSpace => d !== undefined);
  }

  async function readIfcfg(): Promise<IfcfgFile[] | undefined> {
    // No network-scripts directory: not an initscripts host (Debian, or EL9 without the package).
    const names = await probe(NETWORK_SCRIPTS, () => deps.readDir(at(NETWORK_SCRIPTS)), isNotFound);
    if (names === undefined) return undefined;
    const files = await Promise.all(
      names
        .filter(isIfcfgFileName)
        .sort()
        .map(async (name) => {
          const text = await read(`${NETWORK_SCRIPTS}/${name}`);
          return text === undefined ? undefined : parseIfcfg(name, text);
        }),
    );
    return files.filter((f): f is IfcfgFile => f !== undefined);
  }

  async function readSelinux(): Promise<SelinuxFacts> {
    const [fromTool, selinuxfs, enforceText, configText] = await Promise.all([
      // Without libselinux-utils there is no getenforce: selinuxfs answers instead, no note needed.
      probe('getenforce', (o) => deps.run.getEnforce(o), isNotFound),
      exists('/sys/fs/selinux'),
      read('/sys/fs/selinux/enforce', true),
      read('/etc/selinux/config', true),
    ]);
    const config = configText === undefined ? undefined : parseSelinuxConfig(configText);
    const fromFs = enforceText === undefined ? undefined : parseSelinuxEnforce(enforceText);
    const [mode, source]: [SelinuxMode | undefined, SelinuxFacts['source']] =
      fromTool !== undefined
        ? [fromTool, 'getenforce']
        : fromFs !== undefined
          ? [fromFs, 'selinuxfs']
          : selinuxfs === false
            ? ['disabled', 'no-selinuxfs']
            : [undefined, undefined];
    return { mode, source, configuredMode: config?.mode, configuredType: config?.type };
  }

  /** Who holds yum's lock: the pid file's process when it still runs; null for none or a stale file. */
  async function readYumLock(): Promise<YumLock | null | undefined> {
    const pidFile = '/var/run/yum.pid';
    const text = await probe(pidFile, ({ signal }) =>
      deps.readFile(at(pidFile), signal).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      }),
    );
    if (text == null) return text;
    const pid = parseYumPid(text);
    if (pid === undefined) return null;
    const comm = `/proc/${pid}/comm`;
    const command = await probe(comm, ({ signal }) =>
      deps.readFile(at(comm), signal).catch((error: unknown) => {
        if (isNotFound(error)) return null;
        throw error;
      }),
    );
    if (command == null) return command;
    return { pid, command: parseComm(command) };
  }

  async function readJournal(): Promise<JournalFacts | null | undefined> {
    const dir = `${STATE_DIR}/journal`;
    const listing = await probe(dir, () =>
      deps.readDir(at(dir)).then(
        (entries) => ({ entries }),
        (error: unknown) => {
          if (isNotFound(error)) return null;
          throw error;
        },
      ),
    );
    if (listing == null) return listing;
    // Dot files are entries being written (mktemp "$CIAB_JOURNAL/.<id>.XXXXXX").
    return { dir, entries: listing.entries.filter((e) => !e.startsWith('.')).sort() };
  }
}

function unitsByName(
  names: readonly string[],
  states: UnitState[] | undefined,
): Partial<Record<string, UnitState>> | undefined {
  if (states === undefined) return undefined;
  const out: Partial<Record<string, UnitState>> = {};
  // By position: `Id` can be an alias's target (chrony.service for chronyd.service on Debian).
  names.forEach((unit, i) => {
    const state = states[i];
    if (state !== undefined) out[unit] = state;
  });
  return out;
}

function kindOf(
  link: IpInterface,
  wireless: boolean | undefined,
  devType: string | undefined,
  physical: boolean | undefined,
): InterfaceKind | undefined {
  if (link.linkType === 'loopback') return 'loopback';
  if (wireless === true) return 'wireless';
  if (devType === 'bridge' || devType === 'vlan' || devType === 'bond') return devType;
  if (physical === undefined) return undefined;
  return physical ? 'wired' : 'virtual';
}

/** node:fs and the src/host/tools wrappers, loaded only for what the caller did not inject. */
async function defaultDeps(given: Partial<GatherDeps> = {}): Promise<GatherDeps> {
  const fs = await import('node:fs/promises');
  const os = await import('node:os');
  const run = given.run ?? (await import('./commands.js')).hostCommands();
  return {
    readFile: (file, signal) => fs.readFile(file, { encoding: 'utf8', signal }),
    exists: (file) =>
      fs.access(file).then(
        () => true,
        (error: unknown) => {
          if (isNotFound(error)) return false;
          throw error;
        },
      ),
    readDir: (dir) => fs.readdir(dir),
    statfs: (file) => fs.statfs(file),
    run,
    identity: () => ({ uid: process.geteuid?.(), arch: os.machine() }),
  };
}
