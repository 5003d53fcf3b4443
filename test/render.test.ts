/**
 * The renderer on every answers fixture: golden files, then structural checks that hold whatever the
 * golden files say (bash sources the shell files to exactly the intended values, network.json follows the
 * EDGE rules, repo files parse as INI), then secrets, determinism and inputs.
 *
 * Golden files: test/golden/<fixture>/<target path> plus MANIFEST. After an intended change, update them with
 *   UPDATE_GOLDEN=1 node --import tsx --test test/render.test.ts     (or: bash scripts/update-golden.sh)
 * and review the diff in git. A normal run never writes them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import type { Answers } from '../src/core/answers/schema.js';
import { validateAnswersText } from '../src/core/answers/validate.js';
import { getRelease } from '../src/core/release/index.js';
import type { Release } from '../src/core/release/index.js';
import type { RenderContext, RenderedFile } from '../src/core/render/index.js';
import { locations } from '../src/core/locations.js';
import { manifest, renderFiles } from '../src/core/render/index.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtureDir = path.join(here, 'fixtures', 'answers');
const goldenDir = path.join(here, 'golden');
const updating = process.env.UPDATE_GOLDEN === '1';

const fixtures = [
  'example',
  'lab-slash16',
  'small-slash28',
  'das-storage',
  'no-extra-services',
  'eucalyptus-5',
] as const;

function loadFixture(name: string): Answers {
  const result = validateAnswersText(readFileSync(path.join(fixtureDir, `${name}.yaml`), 'utf8'));
  assert.ok(result.answers, `${name}.yaml is invalid: ${JSON.stringify(result.problems)}`);
  return result.answers;
}

/** What `cloud-in-a-box render` passes: no host, the password only when the answers carry one. */
const renderModeContext = (answers: Answers): RenderContext =>
  answers.admin.password === null ? {} : { adminPassword: answers.admin.password };

const render = (answers: Answers, context: RenderContext = renderModeContext(answers)): RenderedFile[] =>
  renderFiles(answers, getRelease(answers.release), context);

const byId = (files: readonly RenderedFile[], id: string): RenderedFile => {
  const file = files.find((f) => f.id === id);
  assert.ok(file, `no rendered file with id ${id}`);
  return file;
};

// ---------------------------------------------------------------- golden files

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory()
      ? listFiles(path.join(dir, entry.name), `${prefix}/${entry.name}`)
      : [`${prefix}/${entry.name}`],
  );
}

function readTree(dir: string): Map<string, string> {
  try {
    return new Map(listFiles(dir).map((p) => [p, readFileSync(path.join(dir, p), 'utf8')]));
  } catch {
    return new Map();
  }
}

function writeGolden(dir: string, files: readonly RenderedFile[]): void {
  rmSync(dir, { recursive: true, force: true });
  for (const file of files) {
    mkdirSync(path.dirname(path.join(dir, file.path)), { recursive: true });
    writeFileSync(path.join(dir, file.path), file.content);
  }
  writeFileSync(path.join(dir, 'MANIFEST'), manifest(files));
}

/** A line diff (longest common subsequence) with two lines of context, "-" golden and "+" rendered. */
function lineDiff(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  // common[i * width + j]: length of the longest common subsequence of a[i..] and b[j..]
  const width = b.length + 1;
  const common = new Uint32Array((a.length + 1) * width);
  const lcs = (i: number, j: number): number => common[i * width + j] ?? 0;
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      common[i * width + j] = a[i] === b[j] ? lcs(i + 1, j + 1) + 1 : Math.max(lcs(i + 1, j), lcs(i, j + 1));
  const ops: [' ' | '-' | '+', string][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      ops.push([' ', a[i] ?? '']);
      i++;
      j++;
    } else if (i < a.length && (j === b.length || lcs(i + 1, j) >= lcs(i, j + 1)))
      ops.push(['-', a[i++] ?? '']);
    else ops.push(['+', b[j++] ?? '']);
  }
  const near = (k: number) => ops.slice(Math.max(0, k - 2), k + 3).some(([op]) => op !== ' ');
  return ops
    .map(([op, line], k) => (near(k) ? `${op} ${line}` : undefined))
    .filter((line, k, all) => line !== undefined || all[k - 1] !== undefined)
    .map((line) => line ?? '  ...')
    .join('\n');
}

void describe('golden files', () => {
  for (const name of fixtures) {
    void it(`${name}: every rendered file and the MANIFEST match test/golden/${name}/`, () => {
      const files = render(loadFixture(name));
      const dir = path.join(goldenDir, name);
      if (updating) {
        writeGolden(dir, files);
        return;
      }
      const golden = readTree(dir);
      const rendered = new Map([
        ...files.map((f) => [f.path, f.content] as const),
        ['/MANIFEST', manifest(files)],
      ]);
      const problems: string[] = [];
      for (const [file, content] of rendered) {
        const expected = golden.get(file);
        if (expected === undefined) problems.push(`${file}: rendered, but has no golden file`);
        else if (expected !== content)
          problems.push(
            `${file} differs from the golden file (- golden, + rendered):\n${lineDiff(expected, content)}`,
          );
      }
      for (const file of golden.keys())
        if (!rendered.has(file)) problems.push(`${file}: golden file, but not rendered any more`);
      assert.ok(
        problems.length === 0,
        `${problems.join('\n\n')}\n\nIf the change is intended: UPDATE_GOLDEN=1 node --import tsx --test test/render.test.ts`,
      );
    });
  }
});

// ---------------------------------------------------------------- bash-sourced files

/** `bash -n`, then the variables that sourcing the file (with `set -a`) adds to an empty environment. */
function sourceInBash(content: string): Record<string, string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-render-'));
  const file = path.join(dir, 'sourced');
  try {
    writeFileSync(file, content);
    execFileSync('bash', ['-n', file]);
    const out = execFileSync(
      'env',
      ['-i', 'bash', '--noprofile', '--norc', '-c', 'set -a; . "$1"; env -0', 'bash', file],
      {
        encoding: 'utf8',
      },
    );
    // less what bash itself exports into an empty environment
    const own = ['PWD', 'SHLVL', '_', 'OLDPWD'];
    return Object.fromEntries(
      out
        .split('\0')
        .filter((entry) => entry !== '')
        .map((entry): [string, string] => [
          entry.slice(0, entry.indexOf('=')),
          entry.slice(entry.indexOf('=') + 1),
        ])
        .filter(([name]) => !own.includes(name)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const hostAddress = (answers: Answers): string => answers.network.address.split('/')[0] ?? '';

/** The value, which the test has just made sure exists. */
function present<T>(value: T | undefined, what: string): T {
  assert.ok(value !== undefined, `${what} is missing`);
  return value;
}

function prefixToNetmask(prefix: number): string {
  const mask = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((shift) => (mask >>> shift) & 255).join('.');
}

/** What sourcing each release's eucalyptus.conf gives (4.4: docs/EUCALYPTUS-4.4.md §1.3; 5: ats-deploy's template). */
const expectedConf: Record<Answers['release'], (answers: Answers) => Record<string, string>> = {
  'eucalyptus-4.4': (answers) => {
    const address = hostAddress(answers);
    const bridge = answers.network.bridge;
    return {
      EUCALYPTUS: '/',
      EUCA_USER: 'eucalyptus',
      LOGLEVEL: 'INFO',
      CLOUD_OPTS: `--bind-addr=${address}`,
      CC_PORT: '8774',
      SCHEDPOLICY: 'ROUNDROBIN',
      NODES: address,
      NC_PORT: '8775',
      HYPERVISOR: 'kvm',
      MAX_CORES: '0',
      INSTANCE_PATH: answers.storage.instancePath,
      USE_VIRTIO_ROOT: '1',
      USE_VIRTIO_DISK: '1',
      USE_VIRTIO_NET: '1',
      USE_CPU_PASSTHROUGH: '0',
      VNET_MODE: 'EDGE',
      VNET_PRIVINTERFACE: bridge,
      VNET_PUBINTERFACE: bridge,
      VNET_BRIDGE: bridge,
      VNET_DHCPDAEMON: '/usr/sbin/dhcpd',
      METADATA_USE_VM_PRIVATE: 'N',
    };
  },
  // No CC_PORT or SCHEDPOLICY: the cluster controller runs inside eucalyptus-cloud in 5.
  'eucalyptus-5': (answers) => {
    const address = hostAddress(answers);
    const bridge = answers.network.bridge;
    return {
      LOGLEVEL: 'INFO',
      CLOUD_OPTS: `-Xmx1g --bind-addr=${address}`,
      NODES: address,
      HYPERVISOR: 'kvm',
      INSTANCE_PATH: answers.storage.instancePath,
      LIBVIRT_USE_POLICY_KIT: '-1',
      USE_CPU_PASSTHROUGH: '0',
      NC_CACHE_SIZE: '-1',
      NC_WORK_SIZE: '-1',
      MAX_CORES: '0',
      MAX_MEM: '0',
      USE_VIRTIO_ROOT: '1',
      USE_VIRTIO_DISK: '1',
      USE_VIRTIO_NET: '1',
      NC_ADDR: address,
      VNET_MODE: 'EDGE',
      VNET_PRIVINTERFACE: bridge,
      VNET_PUBINTERFACE: bridge,
      VNET_BRIDGE: bridge,
      METADATA_USE_VM_PRIVATE: 'N',
      NC_ROUTER: 'Y',
      NC_ROUTER_IP: 'AUTO',
    };
  },
};

void describe('shell files: bash -n, and sourcing gives exactly the intended values', () => {
  for (const name of fixtures) {
    const answers = loadFixture(name);
    const files = render(answers);
    const address = hostAddress(answers);
    const bridge = answers.network.bridge;

    void it(`${name}: eucalyptus.conf`, () => {
      assert.deepEqual(
        sourceInBash(byId(files, 'eucalyptus.conf').content),
        expectedConf[answers.release](answers),
      );
    });

    void it(`${name}: ifcfg files for the bridge and the interface`, () => {
      const bridgeFile = byId(files, 'ifcfg-bridge');
      const nicFile = byId(files, 'ifcfg-interface');
      assert.equal(bridgeFile.path, `/etc/sysconfig/network-scripts/ifcfg-${bridge}`);
      assert.equal(nicFile.path, `/etc/sysconfig/network-scripts/ifcfg-${answers.network.interface}`);
      const prefix = Number(answers.network.address.split('/')[1]);
      assert.deepEqual(sourceInBash(bridgeFile.content), {
        DEVICE: bridge,
        TYPE: 'Bridge',
        BOOTPROTO: 'static',
        IPADDR: address,
        NETMASK: prefixToNetmask(prefix),
        GATEWAY: answers.network.gateway,
        ...Object.fromEntries(answers.network.dns.map((server, i) => [`DNS${i + 1}`, server])),
        ONBOOT: 'yes',
        DELAY: '0',
        NOZEROCONF: 'yes',
        NM_CONTROLLED: 'no',
      });
      assert.deepEqual(sourceInBash(nicFile.content), {
        DEVICE: answers.network.interface,
        TYPE: 'Ethernet',
        BRIDGE: bridge,
        ONBOOT: 'yes',
        NOZEROCONF: 'yes',
        NM_CONTROLLED: 'no',
      });
    });
  }

  void it('the interface file keeps the HWADDR from the host, and only then', () => {
    const answers = loadFixture('example');
    const nic = byId(render(answers, { nicHwaddr: '52:54:00:ab:CD:01' }), 'ifcfg-interface');
    assert.equal(sourceInBash(nic.content).HWADDR, '52:54:00:ab:CD:01');
    assert.deepEqual(nic.dependsOn, ['context.nicHwaddr', 'network.bridge', 'network.interface']);
    assert.doesNotMatch(byId(render(answers, {}), 'ifcfg-interface').content, /HWADDR/);
    assert.throws(() => render(answers, { nicHwaddr: '52:54:00:ab:cd"; reboot' }), /not a MAC address/);
  });
});

// ---------------------------------------------------------------- network.json

const ipToNumber = (ip: string): number => {
  const parts = ip.split('.').map(Number);
  assert.ok(
    parts.length === 4 && parts.every((p) => Number.isInteger(p) && p >= 0 && p <= 255),
    `${ip} is not IPv4`,
  );
  return parts.reduce((n, p) => n * 256 + p, 0);
};

/**
 * chronyd's own parser: `chronyd -p -f FILE` reads the file, prints the configuration and exits, non-zero on
 * a directive or value it refuses. Debian's chronyd is 4.x, a superset of CentOS 7's 3.4 directives: the
 * rendered file uses only directives CentOS 7's own /etc/chrony.conf has (server, driftfile, makestep, rtcsync,
 * logdir), so what 4.x accepts here 3.4 accepts there.
 */
function chronyProblems(content: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-chrony-'));
  try {
    const file = path.join(dir, 'chrony.conf');
    writeFileSync(file, content);
    execFileSync('chronyd', ['-p', '-f', file], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stderr, message } = error as { stderr?: Buffer; message: string };
    return stderr?.toString().trim() || message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void describe('chrony.conf: chronyd parses it', () => {
  for (const name of fixtures) {
    void it(name, () => {
      const chrony = byId(render(loadFixture(name)), 'chrony.conf');
      assert.equal(chronyProblems(chrony.content), '');
    });
  }
  void it('the check can fail', () => {
    assert.notEqual(chronyProblems('server 0.centos.pool.ntp.org iburst\nmakestep one 3\n'), '');
  });
});

interface EdgeConfiguration {
  Mode: string;
  InstanceDnsServers: string[];
  PublicIps: string[];
  Clusters: { Name: string; Subnet: Record<string, string>; PrivateIps: string[] }[];
}

/**
 * The release's network configuration, parsed as Eucalyptus reads it: 4.4's network.json strict JSON
 * (pretty-printed), 5's network.yaml YAML (js-yaml's core schema: every value a string, as the cloud wants).
 */
function networkConfiguration(answers: Answers): EdgeConfiguration {
  const files = render(answers);
  if (answers.release === 'eucalyptus-4.4') {
    const content = byId(files, 'network.json').content;
    const doc = JSON.parse(content) as EdgeConfiguration;
    assert.equal(content, `${JSON.stringify(doc, null, 2)}\n`, 'pretty-printed with two spaces');
    return doc;
  }
  const file = byId(files, 'network.yaml');
  assert.equal(file.path, '/etc/eucalyptus/network.yaml');
  assert.ok(!files.some((f) => f.id === 'network.json'), 'no network.json beside network.yaml');
  return yaml.load(file.content, { schema: yaml.CORE_SCHEMA }) as EdgeConfiguration;
}

void describe('network configuration: network.json (4.4) or network.yaml (5) that satisfies the EDGE rules', () => {
  for (const name of fixtures) {
    void it(name, () => {
      const answers = loadFixture(name);
      const doc = networkConfiguration(answers);
      assert.deepEqual(Object.keys(doc), ['Mode', 'InstanceDnsServers', 'PublicIps', 'Clusters']);
      assert.equal(doc.Mode, 'EDGE');
      assert.deepEqual(doc.InstanceDnsServers, answers.cloud.instanceDns);
      doc.InstanceDnsServers.forEach(ipToNumber);
      assert.deepEqual(doc.PublicIps, answers.cloud.publicIps);
      assert.equal(doc.Clusters.length, 1);
      const [cluster] = doc.Clusters;
      assert.ok(cluster);
      assert.equal(cluster.Name, answers.cloud.zone, 'the cluster is named after the zone');
      assert.deepEqual(Object.keys(cluster.Subnet), ['Name', 'Subnet', 'Netmask', 'Gateway']);
      const subnet = ipToNumber(present(cluster.Subnet.Subnet, 'Subnet.Subnet'));
      const mask = ipToNumber(present(cluster.Subnet.Netmask, 'Subnet.Netmask'));
      assert.match(mask.toString(2).padStart(32, '0'), /^1*0*$/, 'the netmask is contiguous');
      assert.equal((subnet & mask) >>> 0, subnet, 'Subnet equals Subnet AND Netmask');
      const first = subnet;
      const last = (subnet | (~mask >>> 0)) >>> 0;
      const gateway = ipToNumber(present(cluster.Subnet.Gateway, 'Subnet.Gateway'));
      assert.ok(gateway > first && gateway < last, 'the gateway is a host inside the subnet');
      assert.equal(cluster.Subnet.Gateway, answers.network.gateway);
      assert.ok(ipToNumber(hostAddress(answers)) >= first && ipToNumber(hostAddress(answers)) <= last);
      assert.deepEqual(cluster.PrivateIps, answers.cloud.privateIps);
      for (const entry of [...doc.PublicIps, ...cluster.PrivateIps]) {
        const [from = '', to = from] = entry.split('-');
        const a = ipToNumber(from);
        const b = ipToNumber(to);
        assert.ok(a <= b && a >= first && b <= last, `${entry} lies inside the cluster subnet`);
      }
    });
  }
});

// ---------------------------------------------------------------- INI files

/** yum's reading of an INI file: sections, "key = value" with blanks trimmed, # and ; comment lines. */
function parseIni(content: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | undefined;
  let last: string | undefined;
  for (const line of content.split('\n')) {
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[([^\]]+)\]$/.exec(line)?.[1];
    if (header !== undefined) {
      assert.ok(!sections.has(header), `section [${header}] appears twice`);
      current = new Map();
      sections.set(header, current);
      continue;
    }
    // An indented line continues the previous value (Python's ConfigParser, which yum uses).
    if (/^\s/.test(line) && current !== undefined && last !== undefined) {
      current.set(last, `${current.get(last) ?? ''}\n${line.trim()}`);
      continue;
    }
    const pair = /^([^=\s]+)\s*=\s*(.*)$/.exec(line);
    assert.ok(pair && current, `not an INI line inside a section: ${JSON.stringify(line)}`);
    last = pair[1] ?? '';
    current.set(last, (pair[2] ?? '').trim());
  }
  return sections;
}

void describe('repo files: INI with the expected sections, gpgcheck and keys', () => {
  for (const name of fixtures) {
    void it(name, () => {
      const answers = loadFixture(name);
      const release = getRelease(answers.release);
      const repoFiles = render(answers).filter((f) => f.path.startsWith('/etc/yum.repos.d/'));
      const seen = new Map<string, string>();
      for (const file of repoFiles) {
        for (const [section, keys] of parseIni(file.content)) {
          seen.set(section, file.path);
          const repo = Object.values(release.repositories).find((r) => r.id === section);
          assert.ok(repo, `${file.path}: unexpected section [${section}]`);
          const id = section as keyof Answers['repositories'];
          assert.deepEqual(Object.fromEntries(keys), {
            name: repo.name,
            baseurl: answers.repositories[id] ?? repo.baseurl,
            enabled: '1',
            gpgcheck: '1',
            gpgkey: repo.gpgkeys.map((key) => `file://${key}`).join('\n'),
          });
        }
      }
      const common = ['base', 'epel', 'euca2ools', 'eucalyptus', 'extras', 'updates'];
      // 5's node controller takes qemu-kvm-ev from the CentOS virtualisation SIG
      const sections = answers.release === 'eucalyptus-5' ? [...common, 'centos-qemu-ev'].sort() : common;
      assert.deepEqual([...seen.keys()].sort(), sections);
      assert.equal(seen.get('base'), seen.get('updates'), 'the CentOS repositories share one file');
      assert.equal(seen.get('base'), seen.get('extras'));
    });
  }

  // Issue 13 point 2: a key URL is imported without asking, so a key served over the network hands the
  // host to whoever is on the path; and a package index over plain http can be replayed or withheld.
  void it('every key is a local file the install writes (or CentOS ships), every default URL https', () => {
    const release = getRelease('eucalyptus-4.4');
    const files = render(loadFixture('example'));
    const written = new Set(files.map((f) => f.path));
    const centosShipped = '/etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7';
    const repoFiles = files.filter((f) => f.path.startsWith('/etc/yum.repos.d/'));
    assert.ok(repoFiles.length > 0);
    for (const file of repoFiles) {
      for (const [section, keys] of parseIni(file.content)) {
        const urls = (keys.get('gpgkey') ?? '').split('\n');
        assert.ok(urls.length > 0 && urls[0] !== '', `${file.path} [${section}] names no key`);
        for (const url of urls) {
          assert.match(url, /^file:\/\/\/etc\/pki\/rpm-gpg\//, `${file.path} [${section}]: ${url}`);
          const keyPath = url.slice('file://'.length);
          assert.ok(
            written.has(keyPath) || keyPath === centosShipped,
            `${file.path} [${section}]: ${keyPath} is neither written by the install nor shipped by CentOS`,
          );
        }
        assert.equal(keys.get('gpgcheck'), '1');
        assert.match(keys.get('baseurl') ?? '', /^https:\/\//, `${file.path} [${section}]`);
      }
    }
    for (const key of release.signingKeys) assert.ok(written.has(key.path), `${key.path} is not written`);
  });

  void it('an answers override replaces only that repository URL', () => {
    const files = render(loadFixture('lab-slash16'));
    const all = new Map(files.flatMap((f) => (f.path.endsWith('.repo') ? [...parseIni(f.content)] : [])));
    assert.equal(all.get('base')?.get('baseurl'), 'http://mirror.lab.example.org/centos/7.9.2009/os/x86_64/');
    assert.equal(all.get('updates')?.get('baseurl'), 'https://vault.centos.org/7.9.2009/updates/x86_64/');
    assert.equal(
      all.get('eucalyptus')?.get('baseurl'),
      'http://mirror.lab.example.org/eucalyptus/4.4/rhel/7/x86_64/',
    );
  });

  void it('the euca2ools region: the DNS domain as the default region, endpoints on the host address', () => {
    for (const name of fixtures) {
      const answers = loadFixture(name);
      const ini = parseIni(byId(render(answers), 'euca2ools-region').content);
      assert.deepEqual([...ini.keys()], ['global', `region ${answers.cloud.dnsDomain}`]);
      assert.equal(ini.get('global')?.get('default-region'), answers.cloud.dnsDomain);
      const region = present(ini.get(`region ${answers.cloud.dnsDomain}`), 'the region section');
      assert.equal(region.get('ec2-url'), `http://${hostAddress(answers)}:8773/services/compute/`);
      assert.equal(region.get('iam-url'), `http://${hostAddress(answers)}:8773/services/Euare/`);
      assert.ok(![...region.keys()].some((k) => /secret|key-id/.test(k)), 'no keys are invented');
    }
  });
});

// ---------------------------------------------------------------- the other files

void describe('hosts, chrony.conf and the summary', () => {
  for (const name of fixtures) {
    void it(name, () => {
      const answers = loadFixture(name);
      const files = render(answers);
      const hosts = byId(files, 'hosts')
        .content.split('\n')
        .filter((l) => l !== '' && !l.startsWith('#'));
      assert.equal(hosts.length, 3);
      const [v4 = '', v6 = '', own = ''] = hosts;
      assert.match(v4, /^127\.0\.0\.1\s+localhost\b/);
      assert.match(v6, /^::1\s+localhost\b/);
      assert.deepEqual(own.split(/\s+/), [
        hostAddress(answers),
        answers.host.hostname,
        answers.host.hostname.split('.')[0],
      ]);

      const chrony = byId(files, 'chrony.conf').content.split('\n');
      assert.deepEqual(
        chrony.filter((l) => l.startsWith('server ')),
        answers.host.ntpServers.map((s) => `server ${s} iburst`),
      );
      for (const stock of [
        'driftfile /var/lib/chrony/drift',
        'makestep 1.0 3',
        'rtcsync',
        'logdir /var/log/chrony',
      ])
        assert.ok(chrony.includes(stock), `chrony.conf keeps "${stock}"`);

      const summary = byId(files, 'summary').content;
      assert.equal(summary.includes(`https://${hostAddress(answers)}/`), answers.cloud.console);
      assert.ok(summary.includes(locations.adminPasswordFile));
      assert.ok(summary.includes(locations.latestLog));
      assert.ok(summary.includes('euca-describe-availability-zones verbose'));
      assert.equal(summary.includes('esi-describe-images'), answers.cloud.extraServices);
      if (answers.storage.blockStorage === 'das')
        assert.ok(summary.includes(`das on ${answers.storage.dasDevice}`));
    });
  }
});

// ---------------------------------------------------------------- secrets, modes, determinism, inputs

void describe('secrets, modes, determinism and inputs', () => {
  void it('the admin password is only in its own 0600 file, which exists only when there is a password', () => {
    for (const name of fixtures) {
      const answers = loadFixture(name);
      const files = render(answers);
      const password = answers.admin.password;
      const secretFiles = files.filter((f) => f.secret);
      if (password === null) {
        assert.deepEqual(secretFiles, []);
        assert.ok(!files.some((f) => f.path === locations.adminPasswordFile));
        continue;
      }
      assert.deepEqual(
        secretFiles.map((f) => [f.path, f.mode]),
        [[locations.adminPasswordFile, 0o600]],
      );
      assert.equal(secretFiles[0]?.content, `${password}\n`);
      for (const file of files.filter((f) => !f.secret))
        assert.ok(!file.content.includes(password), file.path);
      assert.match(manifest(files), /^\/root\/\.euca\/admin-password 0600 root:root secret$/m);
    }
  });

  void it('the install context: a generated password gets the file, and nothing else changes', () => {
    const answers = loadFixture('example');
    const plain = render(answers, {});
    const withPassword = render(answers, { adminPassword: 'generated-on-host' });
    assert.deepEqual(
      withPassword.filter((f) => f.id !== 'admin-password'),
      plain,
    );
    assert.equal(byId(withPassword, 'admin-password').content, 'generated-on-host\n');
  });

  void it('same answers give byte-identical files, in the same order', () => {
    for (const name of fixtures) {
      const answers = loadFixture(name);
      assert.deepEqual(render(answers), render(structuredClone(answers)));
    }
  });

  void it('every file has a unique id and path, absolute, owned by root; modes are 0644 or 0600', () => {
    for (const name of fixtures) {
      const files = render(loadFixture(name));
      assert.equal(new Set(files.map((f) => f.id)).size, files.length);
      assert.equal(new Set(files.map((f) => f.path)).size, files.length);
      for (const f of files) {
        assert.ok(f.path.startsWith('/'));
        assert.equal(f.owner, 'root:root');
        assert.equal(f.mode, f.secret ? 0o600 : 0o644);
        assert.ok(!f.content.includes('&#'), `${f.path}: no HTML escaping`);
        assert.ok(f.content.endsWith('\n'), `${f.path} ends with a newline`);
      }
    }
  });

  void it('dependsOn lists exactly the answers each file read', () => {
    const files = render(loadFixture('lab-slash16'));
    const deps = Object.fromEntries(files.map((f) => [f.id, f.dependsOn]));
    assert.deepEqual(deps['eucalyptus.conf'], [
      'context.localNodeController',
      'network.address',
      'network.bridge',
      'storage.instancePath',
    ]);
    assert.deepEqual(deps['network.json'], [
      'cloud.instanceDns',
      'cloud.privateIps',
      'cloud.publicIps',
      'cloud.zone',
      'network.address',
      'network.gateway',
    ]);
    assert.deepEqual(deps['repo:epel.repo'], ['repositories.epel']);
    assert.deepEqual(deps.hosts, ['host.hostname', 'network.address']);
    assert.deepEqual(deps['chrony.conf'], ['host.ntpServers']);
    assert.deepEqual(deps['admin-password'], ['context.adminPassword']);
  });

  void it('a change to an answer changes exactly the files that depend on it', () => {
    const answers = loadFixture('example');
    const before = render(answers);
    const changed = structuredClone(answers);
    changed.storage.instancePath = '/data/instances';
    const after = render(changed);
    const differing = after.filter((f, i) => f.content !== before[i]?.content).map((f) => f.id);
    const depending = before.filter((f) => f.dependsOn.includes('storage.instancePath')).map((f) => f.id);
    assert.deepEqual(differing, depending);
    assert.deepEqual(differing, ['eucalyptus.conf']);
  });
});

// ---------------------------------------------------------------- what the renderer takes from the release

describe('what the renderer takes from the release', () => {
  const answers = loadFixture('example');
  const release = getRelease('eucalyptus-4.4');

  it("renders the release's own file table", () => {
    const only: Release = {
      ...release,
      files: (r) => release.files(r).filter((spec) => spec.id === 'hosts'),
    };
    assert.deepEqual(
      renderFiles(answers, only, {}).map((f) => f.id),
      ['hosts'],
    );
  });

  it("the region file and the summary take the release's service paths and port", () => {
    const other: Release = {
      ...release,
      ports: { ...release.ports, cloud: 9773, consoleHttps: 8443 },
      userServices: { servicesRoot: '/api/', paths: [{ key: 'ec2-url', path: 'compute' }] },
    };
    const files = renderFiles(answers, other, {});
    const region = byId(files, 'euca2ools-region').content;
    assert.deepEqual(
      [...region.matchAll(/^([a-z0-9-]+-url) = (.*)$/gm)].map((m) => [m[1], m[2]]),
      [['ec2-url', 'http://192.168.56.10:9773/api/compute/']],
    );
    const summary = byId(files, 'summary').content;
    assert.match(summary, /https:\/\/192\.168\.56\.10:8443\//);
    assert.match(summary, /http:\/\/192\.168\.56\.10:9773\//);
    assert.match(
      byId(render(answers), 'euca2ools-region').content,
      /^ec2-url = http:\/\/192\.168\.56\.10:8773\/services\/compute\/$/m,
    );
  });

  it("the network mode is the release's", () => {
    const other: Release = { ...release, networkMode: 'VPCMIDO' };
    const files = renderFiles(answers, other, {});
    assert.match(byId(files, 'eucalyptus.conf').content, /^VNET_MODE="VPCMIDO"$/m);
    assert.match(byId(files, 'summary').content, /VPCMIDO networking on br0/);
  });
});
