/**
 * A simulated CentOS 7 host: a fresh copy (overlay) of the cached root, its own network namespace with
 * eth0 on a veth pair whose other end is a gateway in a second namespace (ping by the kernel, DNS by
 * gateway/dns.js), commands run as root inside the namespace and the chroot, fake CentOS/Eucalyptus
 * tools first on PATH. See README.md for what is real and what is emulated.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RunOptions, RunResult } from './child.js';
import { collect, envArgs, quiet, sh, spawnGroup } from './child.js';
import { cacheDir, cachedRoot } from './rootfs.js';
import type { SshAccess } from './ssh.js';
import { startSsh } from './ssh.js';

export type { RunOptions, RunResult } from './child.js';

const here = path.dirname(fileURLToPath(import.meta.url));
/** The checkout the tests run from (bound read-only at /opt/cloud-in-a-box inside). */
export const checkout = path.resolve(here, '../..');
const fakesDir = path.join(here, 'fakes');
const FAKES_BIN = '/opt/simhost/fakes/bin';
const INSIDE_PATH = `${FAKES_BIN}:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin`;
/** A user's PATH inside other than root's (Debian's sshd default for them), the fakes first as for root. */
const USER_PATH = `${FAKES_BIN}:/usr/local/bin:/usr/bin:/bin`;
export const STATE_DIR = '/var/lib/simhost';

export interface SimHostOptions {
  /** host address with prefix; default 192.168.56.10/24 */
  address?: string;
  /** default: the first address of the subnet */
  gateway?: string;
  hostname?: string;
  /** /proc/meminfo's MemTotal; default 16 GiB */
  memTotalKb?: number;
  /** /proc/cpuinfo flags; default a VT-x capable CPU */
  cpuFlags?: string[];
  /** size of the tmpfs at /var; default 200 GB (a limit, not an allocation) */
  varSizeGb?: number;
  /** /dev/kvm exists; default true */
  kvm?: boolean;
  /** how eth0 is configured in ifcfg-eth0; default static */
  bootproto?: 'static' | 'dhcp';
}

export interface SimHost {
  id: string;
  /** the root on this machine (an overlay mount) */
  root: string;
  netns: string;
  gatewayNetns: string;
  address: string;
  gateway: string;
  mac: string;
  /** a path inside the simulated host, as seen from this machine */
  at: (inside: string) => string;
  run: (argv: readonly string[], options?: RunOptions) => Promise<RunResult>;
  spawn: (argv: readonly string[], options?: RunOptions) => ChildProcess;
  /** runs the built CLI inside: node /opt/cloud-in-a-box/bin/cloud-in-a-box.js ARGS */
  ciab: (args: readonly string[], options?: RunOptions) => Promise<RunResult>;
  /**
   * What a reboot does to the emulated part (fakes/lib/boot.js): every unit stops, SELinux takes the mode of
   * /etc/selinux/config, and the enabled units start as at boot. The network namespace is not rebooted.
   */
  reboot: () => Promise<RunResult>;
  readFile: (inside: string) => string;
  writeFile: (inside: string, content: string, mode?: number) => void;
  exists: (inside: string) => boolean;
  sha256: (inside: string) => string | undefined;
  /** every regular file under the given paths, path -> sha256 (absent paths are left out) */
  snapshot: (insidePaths: readonly string[]) => Map<string, string>;
  /** processes inside the host's namespace */
  pids: () => number[];
  /**
   * Starts the host's OpenSSH server (fresh host keys, users root, deployer with passwordless sudo and
   * nosudo, all with one throwaway key) and a workstation on its LAN to reach it from; see ssh.ts. Once.
   */
  startSsh: () => Promise<SshAccess>;
  gatewayControl: {
    stop: () => void;
    resume: () => void;
    /** stop answering as soon as the fake systemctl reports a bridge up */
    stopWhenBridgeUp: () => void;
  };
  destroy: () => void;
}

const registryDir = (): string => path.join(cacheDir(), 'simhost-registry');

interface Registration {
  owner: number;
  id: string;
  netns: string;
  gatewayNetns: string;
  /** made only when a test starts the host's sshd (ssh.ts); absent from registrations written before it */
  workstationNetns?: string;
  base: string;
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Everything a simulated host set up, taken down in reverse; safe to call twice or on a half-built host. */
function teardown(r: Registration): void {
  const namespaces = [
    r.netns,
    r.gatewayNetns,
    ...(r.workstationNetns === undefined ? [] : [r.workstationNetns]),
  ];
  for (const ns of namespaces) {
    let pids: number[] = [];
    try {
      pids = sh('ip', ['netns', 'pids', ns]).split('\n').filter(Boolean).map(Number);
    } catch {
      // no such namespace
    }
    // process.kill, not the kill binary (see child.ts killGroup); a pid only, never a group.
    for (const pid of pids.filter((p) => Number.isInteger(p) && p > 1)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  // Deepest mounts first; lazily, so that a process still dying does not keep a mount.
  const mounts = readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .map((l) => l.split(' ')[1]?.replace(/\\040/g, ' '))
    .filter((m): m is string => m !== undefined && (m === r.base || m.startsWith(`${r.base}/`)))
    .sort((a, b) => b.length - a.length);
  for (const m of mounts) quiet('umount', ['-l', m]);
  for (const ns of namespaces) quiet('ip', ['netns', 'del', ns]);
  rmSync(r.base, { recursive: true, force: true });
  rmSync(path.join(registryDir(), `${r.id}.json`), { force: true });
}

/** Leftovers of test processes that were killed before they could clean up. */
export function sweepStale(): string[] {
  if (!existsSync(registryDir())) return [];
  const swept: string[] = [];
  for (const f of readdirSync(registryDir())) {
    const r = JSON.parse(readFileSync(path.join(registryDir(), f), 'utf8')) as Registration;
    if (!alive(r.owner)) {
      teardown(r);
      swept.push(r.id);
    }
  }
  return swept;
}

const live = new Map<string, Registration>();
let exitHooked = false;
function hookExit(): void {
  if (exitHooked) return;
  exitHooked = true;
  process.once('exit', () => {
    for (const r of live.values()) teardown(r);
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const)
    process.once(signal, () => {
      for (const r of live.values()) teardown(r);
      process.exit(128 + (signal === 'SIGINT' ? 2 : 15));
    });
}

function cpuinfo(flags: readonly string[], processors = 2): string {
  return Array.from({ length: processors }, (_, i) =>
    [
      `processor\t: ${i}`,
      'vendor_id\t: GenuineIntel',
      'model name\t: Intel(R) Xeon(R) CPU E5-2650 v2 @ 2.60GHz',
      `flags\t\t: ${flags.join(' ')}`,
      '',
    ].join('\n'),
  ).join('\n');
}

const DEFAULT_FLAGS = [
  'fpu',
  'vme',
  'de',
  'pse',
  'tsc',
  'msr',
  'pae',
  'mce',
  'cx8',
  'apic',
  'sep',
  'lm',
  'vmx',
  'sse2',
];

export async function createSimHost(options: SimHostOptions = {}): Promise<SimHost> {
  sweepStale();
  const lower = cachedRoot();
  const id = randomBytes(3).toString('hex');
  const cidr = options.address ?? '192.168.56.10/24';
  const [address = '', prefix = '24'] = cidr.split('/');
  const gateway = options.gateway ?? address.replace(/\.\d+$/, '.1');
  const mac = `52:54:00:${id.slice(0, 2)}:${id.slice(2, 4)}:${id.slice(4, 6)}`;
  const reg: Registration & { workstationNetns: string } = {
    owner: process.pid,
    id,
    netns: `ciab-h-${id}`,
    gatewayNetns: `ciab-g-${id}`,
    workstationNetns: `ciab-w-${id}`,
    base: path.join(cacheDir(), 'simhosts', id),
  };
  mkdirSync(registryDir(), { recursive: true });
  writeFileSync(path.join(registryDir(), `${id}.json`), JSON.stringify(reg));
  live.set(id, reg);
  hookExit();
  const root = path.join(reg.base, 'root');
  const at = (inside: string): string => path.join(root, inside);
  try {
    // The copy: an overlay whose upper layer is a tmpfs, so each host starts from the cached root.
    const layers = path.join(reg.base, 'layers');
    mkdirSync(layers, { recursive: true });
    mkdirSync(root, { recursive: true });
    sh('mount', ['-t', 'tmpfs', '-o', 'size=2g', 'tmpfs', layers]);
    mkdirSync(path.join(layers, 'upper'));
    mkdirSync(path.join(layers, 'work'));
    sh('mount', [
      '-t',
      'overlay',
      'overlay',
      '-o',
      `lowerdir=${lower},upperdir=${layers}/upper,workdir=${layers}/work`,
      root,
    ]);

    // /var on a tmpfs of the asked size, with the root's /var copied in (free space is a fact tests vary).
    const varCopy = path.join(reg.base, 'var-seed');
    sh('cp', ['-a', at('/var'), varCopy]);
    sh('mount', ['-t', 'tmpfs', '-o', `size=${options.varSizeGb ?? 200}g,mode=0755`, 'tmpfs', at('/var')]);
    sh('cp', ['-a', `${varCopy}/.`, at('/var')]);
    rmSync(varCopy, { recursive: true, force: true });

    // Network: the host namespace with eth0, the gateway namespace with the other end.
    sh('ip', ['netns', 'add', reg.netns]);
    sh('ip', ['netns', 'add', reg.gatewayNetns]);
    sh('ip', ['link', 'add', `vh-${id}`, 'type', 'veth', 'peer', 'name', `vg-${id}`]);
    sh('ip', ['link', 'set', `vh-${id}`, 'netns', reg.netns]);
    sh('ip', ['link', 'set', `vg-${id}`, 'netns', reg.gatewayNetns]);
    const inHost = (...args: string[]): string => sh('ip', ['-n', reg.netns, ...args]);
    const inGateway = (...args: string[]): string => sh('ip', ['-n', reg.gatewayNetns, ...args]);
    inHost('link', 'set', `vh-${id}`, 'name', 'eth0');
    inHost('link', 'set', 'eth0', 'address', mac);
    inHost('link', 'set', 'lo', 'up');
    inHost('addr', 'add', cidr, 'dev', 'eth0');
    inHost('link', 'set', 'eth0', 'up');
    inHost('route', 'add', 'default', 'via', gateway, 'dev', 'eth0');
    inGateway('link', 'set', 'lo', 'up');
    inGateway('addr', 'add', `${gateway}/${prefix}`, 'dev', `vg-${id}`);
    inGateway('link', 'set', `vg-${id}`, 'up');

    // Kernel file systems as the host namespace sees them; a minimal /dev.
    sh('mount', ['-t', 'proc', 'proc', at('/proc')]);
    sh('nsenter', [`--net=/run/netns/${reg.netns}`, 'mount', '-t', 'sysfs', 'sysfs', at('/sys')]);
    sh('mount', ['-t', 'tmpfs', '-o', 'mode=0755,size=1m', 'devtmp', at('/dev')]);
    for (const [name, major, minor] of [
      ['null', 1, 3],
      ['zero', 1, 5],
      ['random', 1, 8],
      ['urandom', 1, 9],
      ['tty', 5, 0],
      ...(options.kvm === false ? [] : [['kvm', 10, 232] as const]),
    ] as const) {
      sh('mknod', ['-m', '666', at(`/dev/${name}`), 'c', String(major), String(minor)]);
    }
    mkdirSync(at('/dev/shm'));
    mkdirSync(at('/dev/pts'));
    sh('ln', ['-s', '/proc/self/fd', at('/dev/fd')]);

    // Facts the tests vary, presented where the real ones live (as lxcfs does).
    const facts = path.join(reg.base, 'facts');
    mkdirSync(facts);
    const memKb = options.memTotalKb ?? 16 * 1024 * 1024;
    writeFileSync(
      path.join(facts, 'meminfo'),
      `MemTotal:       ${memKb} kB\nMemFree:        ${Math.floor(memKb * 0.8)} kB\nMemAvailable:   ${Math.floor(memKb * 0.9)} kB\nSwapTotal:      2097148 kB\n`,
    );
    writeFileSync(path.join(facts, 'cpuinfo'), cpuinfo(options.cpuFlags ?? DEFAULT_FLAGS));
    sh('mount', ['--bind', path.join(facts, 'meminfo'), at('/proc/meminfo')]);
    sh('mount', ['--bind', path.join(facts, 'cpuinfo'), at('/proc/cpuinfo')]);

    // The installer and the fakes: node, the checkout and the fake tools, read-only.
    const node = process.execPath;
    writeFileSync(at('/usr/local/bin/node'), '');
    sh('mount', ['--bind', node, at('/usr/local/bin/node')]);
    for (const [from, to] of [
      [checkout, '/opt/cloud-in-a-box'],
      [fakesDir, '/opt/simhost/fakes'],
    ] as const) {
      mkdirSync(at(to), { recursive: true });
      sh('mount', ['--bind', from, at(to)]);
      sh('mount', ['-o', 'remount,bind,ro', at(to)]);
    }

    // Host identity and network configuration, as a CentOS 7 installer would have left them.
    const hostname = options.hostname ?? 'ciab.example.lan';
    writeFileSync(at('/etc/hostname'), `${hostname}\n`);
    writeFileSync(
      at('/etc/hosts'),
      '127.0.0.1   localhost localhost.localdomain\n::1         localhost localhost.localdomain\n',
    );
    writeFileSync(at('/etc/resolv.conf'), `# Generated by NetworkManager\nnameserver ${gateway}\n`);
    const netmask = prefixToNetmask(Number(prefix));
    writeFileSync(
      at('/etc/sysconfig/network-scripts/ifcfg-eth0'),
      (options.bootproto === 'dhcp'
        ? ['TYPE=Ethernet', 'BOOTPROTO=dhcp', 'NAME=eth0', 'DEVICE=eth0', 'ONBOOT=yes', `HWADDR=${mac}`]
        : [
            'TYPE=Ethernet',
            'BOOTPROTO=none',
            'NAME=eth0',
            'DEVICE=eth0',
            'ONBOOT=yes',
            `HWADDR=${mac}`,
            `IPADDR=${address}`,
            `NETMASK=${netmask}`,
            `GATEWAY=${gateway}`,
            `DNS1=${gateway}`,
          ]
      ).join('\n') + '\n',
    );
    mkdirSync(at(STATE_DIR), { recursive: true });

    // The gateway's DNS server.
    const dnsPause = path.join(reg.base, 'dns-paused');
    const dns = spawn(
      'ip',
      [
        'netns',
        'exec',
        reg.gatewayNetns,
        node,
        path.join(here, 'gateway/dns.js'),
        gateway,
        gateway,
        dnsPause,
      ],
      { stdio: ['ignore', 'pipe', 'ignore'], detached: true },
    );
    dns.unref();
    await waitForLine(dns, 'ready');

    const env = (extra: Record<string, string> = {}): string[] =>
      envArgs({ PATH: INSIDE_PATH, HOME: '/root', LANG: 'C.UTF-8', TERM: 'dumb', ...extra });
    const argvInside = (argv: readonly string[], options: RunOptions = {}): string[] => [
      `--net=/run/netns/${reg.netns}`,
      'chroot',
      root,
      '/usr/bin/env',
      '-i',
      ...env(options.env),
      ...(options.cwd === undefined ? [] : ['/bin/sh', '-c', 'cd "$0" && exec "$@"', options.cwd]),
      ...argv,
    ];
    const spawnInside = (argv: readonly string[], options: RunOptions = {}): ChildProcess =>
      spawnGroup('nsenter', argvInside(argv, options), options.input);
    const run = (argv: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
      collect(spawnInside(argv, options), options.timeoutMs);

    let watcher: NodeJS.Timeout | undefined;
    const gatewayControl = {
      stop: () => {
        sh('ip', [
          'netns',
          'exec',
          reg.gatewayNetns,
          'sysctl',
          '-q',
          '-w',
          'net.ipv4.icmp_echo_ignore_all=1',
        ]);
        writeFileSync(dnsPause, '');
      },
      resume: () => {
        clearInterval(watcher);
        sh('ip', [
          'netns',
          'exec',
          reg.gatewayNetns,
          'sysctl',
          '-q',
          '-w',
          'net.ipv4.icmp_echo_ignore_all=0',
        ]);
        rmSync(dnsPause, { force: true });
      },
      stopWhenBridgeUp: () => {
        // The fake systemctl waits for our acknowledgement before it returns (see fakes/lib/network.js).
        mkdirSync(at(`${STATE_DIR}/events`), { recursive: true });
        writeFileSync(at(`${STATE_DIR}/events/bridge-up.hold`), '');
        watcher = setInterval(() => {
          if (existsSync(at(`${STATE_DIR}/events/bridge-up`))) {
            clearInterval(watcher);
            gatewayControl.stop();
            writeFileSync(at(`${STATE_DIR}/events/bridge-up.ack`), '');
          }
        }, 20);
        watcher.unref();
      },
    };

    return {
      id,
      root,
      netns: reg.netns,
      gatewayNetns: reg.gatewayNetns,
      address,
      gateway,
      mac,
      at,
      run,
      spawn: spawnInside,
      ciab: (args, options) => run(['node', '/opt/cloud-in-a-box/bin/cloud-in-a-box.js', ...args], options),
      reboot: () => run(['node', '/opt/simhost/fakes/lib/boot.js']),
      readFile: (inside) => readFileSync(at(inside), 'utf8'),
      writeFile: (inside, content, mode = 0o644) => {
        mkdirSync(path.dirname(at(inside)), { recursive: true });
        writeFileSync(at(inside), content);
        chmodSync(at(inside), mode);
      },
      exists: (inside) => existsSync(at(inside)),
      sha256: (inside) =>
        existsSync(at(inside))
          ? createHash('sha256')
              .update(readFileSync(at(inside)))
              .digest('hex')
          : undefined,
      snapshot: (insidePaths) => snapshot(root, insidePaths),
      pids: () => {
        try {
          return sh('ip', ['netns', 'pids', reg.netns]).split('\n').filter(Boolean).map(Number);
        } catch {
          return [];
        }
      },
      startSsh: () =>
        startSsh({
          id,
          root,
          base: reg.base,
          netns: reg.netns,
          gatewayNetns: reg.gatewayNetns,
          workstationNetns: reg.workstationNetns,
          address,
          prefix: Number(prefix),
          gateway,
          rootPath: INSIDE_PATH,
          userPath: USER_PATH,
          checkout,
          run,
          nsenterArgs: (argv) => argvInside(argv),
        }),
      gatewayControl,
      destroy: () => {
        clearInterval(watcher);
        teardown(reg);
        live.delete(id);
      },
    };
  } catch (error) {
    teardown(reg);
    live.delete(id);
    throw error;
  }
}

function snapshot(root: string, insidePaths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (inside: string): void => {
    const full = path.join(root, inside);
    // lstat: a link inside the root (/var/run -> /run) must not be followed out of it.
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isSymbolicLink()) out.set(inside, `link:${readlinkSync(full)}`);
    else if (stat.isDirectory())
      for (const name of readdirSync(full).sort()) visit(path.posix.join(inside, name));
    else if (stat.isFile()) out.set(inside, createHash('sha256').update(readFileSync(full)).digest('hex'));
  };
  insidePaths.forEach(visit);
  return out;
}

function prefixToNetmask(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => String((bits >>> shift) & 255)).join('.');
}

/**
 * A DNS server that neither says it listens nor exits within this hangs. Starting it is one Node.js start-up
 * (well under a second on a quiet machine); the bound is far above that so that a busy machine only delays
 * it (10 s was seen to run out under load).
 */
const DNS_START_HANG_MS = 120_000;

/** Resolves when the child prints the line (the DNS server is listening); fails when it exits or hangs. */
function waitForLine(child: ChildProcess, line: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`simhost: no "${line}" from the gateway's DNS server within ${DNS_START_HANG_MS / 1000} s`),
      );
    }, DNS_START_HANG_MS);
    child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      if (d.includes(line)) {
        clearTimeout(timer);
        child.stdout?.destroy();
        resolve();
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`simhost: the gateway's DNS server exited ${String(code)}`));
    });
  });
}
