/**
 * The simulated host's root file system: a Debian minimal root from debootstrap (mirror and suite from
 * this machine's own apt sources), dressed as CentOS 7.9, built once and cached. Builds are serialised
 * by a lock directory and land by rename, so a half-built root is never used.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';

export const cacheDir = (): string => process.env.CIAB_TEST_CACHE ?? '/var/cache/cloud-in-a-box-test';

/**
 * What the install's snippets and the gatherer run inside, beyond minbase (coreutils, sed, grep, mawk...);
 * openssh-server and sudo for the installs over SSH (ssh.ts starts sshd only when a test asks for it).
 */
const PACKAGES = ['iproute2', 'iputils-ping', 'procps', 'libstdc++6', 'openssh-server', 'sudo'];

/** Files that make the root look like CentOS 7.9 to our code (and to a person who looks). */
const CENTOS_FILES: Record<string, string> = {
  '/etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n',
  '/etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
  '/etc/os-release': [
    'NAME="CentOS Linux"',
    'VERSION="7 (Core)"',
    'ID="centos"',
    'ID_LIKE="rhel fedora"',
    'VERSION_ID="7"',
    'PRETTY_NAME="CentOS Linux 7 (Core)"',
    'ANSI_COLOR="0;31"',
    'CPE_NAME="cpe:/o:centos:centos:7"',
    'HOME_URL="https://www.centos.org/"',
    'BUG_REPORT_URL="https://bugs.centos.org/"',
    '',
  ].join('\n'),
  '/etc/selinux/config': 'SELINUX=enforcing\nSELINUXTYPE=targeted\n',
  // CentOS 7's stock chrony.conf servers (the rest of the stock file does not matter to us).
  '/etc/chrony.conf': [
    'server 0.centos.pool.ntp.org iburst',
    'server 1.centos.pool.ntp.org iburst',
    'driftfile /var/lib/chrony/drift',
    'makestep 1.0 3',
    'rtcsync',
    '',
  ].join('\n'),
  '/etc/yum.repos.d/CentOS-Base.repo': [
    '[base]',
    'name=CentOS-$releasever - Base',
    'mirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra',
    'gpgcheck=1',
    'gpgkey=file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7',
    '',
  ].join('\n'),
  '/etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7':
    '-----BEGIN PGP PUBLIC KEY BLOCK-----\n(simulated)\n-----END PGP PUBLIC KEY BLOCK-----\n',
};

interface AptSource {
  uri: string;
  suite: string;
}

/** The first Debian source of this machine: deb822 (.sources) or one-line format. */
export function aptSource(): AptSource {
  const candidates: string[] = [];
  const dir = '/etc/apt/sources.list.d';
  if (existsSync(dir))
    for (const f of readdirSync(dir).sort())
      if (f.endsWith('.sources') || f.endsWith('.list')) candidates.push(path.join(dir, f));
  if (existsSync('/etc/apt/sources.list')) candidates.unshift('/etc/apt/sources.list');
  for (const file of candidates) {
    const text = readFileSync(file, 'utf8');
    if (file.endsWith('.sources')) {
      for (const stanza of text.split(/\n\s*\n/)) {
        const field = (name: string): string | undefined =>
          new RegExp(`^${name}:\\s*(.+)$`, 'mi').exec(stanza)?.[1]?.trim();
        const uri = field('URIs')?.split(/\s+/)[0];
        const suite = field('Suites')?.split(/\s+/)[0];
        if (
          uri !== undefined &&
          suite !== undefined &&
          !suite.includes('security') &&
          /^debs?\b|^deb$/m.test(field('Types') ?? 'deb')
        )
          return { uri, suite };
      }
    } else {
      const line = /^deb\s+(?:\[[^\]]*\]\s+)?(\S+)\s+(\S+)/m.exec(text);
      if (line?.[1] !== undefined && line[2] !== undefined && !line[2].includes('security'))
        return { uri: line[1], suite: line[2] };
    }
  }
  throw new Error('simhost: no Debian source in /etc/apt/sources.list(.d): cannot debootstrap');
}

const sleepSync = (ms: number): void => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
};

/** The cached root for this recipe; built (about a minute or two) when missing. */
export function cachedRoot(): string {
  const source = aptSource();
  const recipe = JSON.stringify({ source, PACKAGES, CENTOS_FILES, v: 2 });
  const hash = createHash('sha256').update(recipe).digest('hex').slice(0, 12);
  const root = path.join(cacheDir(), `simhost-root-${hash}`);
  if (existsSync(path.join(root, '.complete'))) return root;

  mkdirSync(cacheDir(), { recursive: true });
  const lock = `${root}.lock`;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      if (existsSync(path.join(root, '.complete'))) return root;
      // A lock older than the longest build belongs to a killed builder.
      if (Date.now() - statSync(lock).mtimeMs > 15 * 60_000) rmSync(lock, { recursive: true, force: true });
      sleepSync(1000);
    }
  }
  try {
    if (existsSync(path.join(root, '.complete'))) return root;
    const building = `${root}.building`;
    rmSync(building, { recursive: true, force: true });
    execFileSync(
      'debootstrap',
      ['--variant=minbase', `--include=${PACKAGES.join(',')}`, source.suite, building, source.uri],
      { stdio: ['ignore', 'ignore', 'pipe'], timeout: 15 * 60_000 },
    );
    // Debian's own identity must not contradict the CentOS one (its /etc/os-release is a link into /usr/lib).
    for (const debian of ['etc/debian_version', 'etc/os-release', 'usr/lib/os-release'])
      rmSync(path.join(building, debian), { force: true });
    // openssh-server's postinst generated host keys: every simulated host makes its own when its sshd starts
    // (ssh.ts), so that two hosts never share one. Nothing in the root starts sshd: no init runs in it, and
    // the fake systemctl's sshd.service is state only (fakes/lib/units.js).
    for (const key of readdirSync(path.join(building, 'etc/ssh')))
      if (key.startsWith('ssh_host_')) rmSync(path.join(building, 'etc/ssh', key));
    for (const [file, content] of Object.entries(CENTOS_FILES)) {
      mkdirSync(path.dirname(path.join(building, file)), { recursive: true });
      writeFileSync(path.join(building, file), content);
    }
    mkdirSync(path.join(building, 'etc/sysconfig/network-scripts'), { recursive: true });
    mkdirSync(path.join(building, 'usr/local/bin'), { recursive: true });
    writeFileSync(path.join(building, '.complete'), recipe);
    rmSync(root, { recursive: true, force: true });
    renameSync(building, root);
    return root;
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
