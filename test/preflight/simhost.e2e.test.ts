/**
 * `cloud-in-a-box check` (the built CLI) on the simulated CentOS 7 host: a healthy host passes; then one
 * fact at a time is made wrong and exactly that check changes, with the expected verdict and words; and
 * the check never changes the host (file hashes, no state-changing tool call).
 *
 * The simulated host has no internet: the answers point every repository at a file:// repository inside
 * it (checked on disk, as for offline media). Its eth0 is one end of a veth pair, which the checks rightly
 * call a virtual interface: every run accepts that one warning (`--accept interface`).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import yaml from 'js-yaml';
import { changingCalls } from '../simhost/fakes/lib/state-read.js';
import type { RunResult, SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';

const example = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../fixtures/answers/example.yaml',
);
const ANSWERS = '/root/answers.yaml';
const REPO = '/srv/repo';
/** what a check may not change; the fakes' own call log is compared through changingCalls instead */
const WATCHED = ['/etc', '/var', '/root', '/srv'];
const CALL_LOG = '/var/lib/simhost/calls.log';

interface CheckJson {
  version: number;
  passes: boolean;
  checks: { id: string; verdict: string; diagnosis: string; treatment: string | null }[];
}

/** The findings of a fresh simulated host with the example answers (besides `ok`). */
const FRESH_HOST = {
  interface: ['warning', 'eth0 is a virtual interface, not a wired NIC'],
  hostname: ['treatable', 'ciab.example.lan resolves to 192.168.56.1, not 192.168.56.10'],
  'network-manager': ['treatable', 'NetworkManager manages eth0'],
  selinux: ['treatable', 'SELinux is enforcing'],
  firewalld: ['treatable', 'firewalld is running'],
};

/**
 * The answers file, a file:// repository, and the fakes' own state seeded (their first call writes what
 * the simulated host "had" all along; that is not the check changing the host).
 */
async function prepare(host: SimHost, answers: Record<string, unknown> = {}): Promise<void> {
  const seeded = await host.run(['bash', '-c', 'rpm -qa >/dev/null && systemctl is-active sshd; getenforce']);
  assert.equal(seeded.exitCode, 0, seeded.stderr);
  const base = yaml.load(readFileSync(example, 'utf8')) as Record<string, unknown>;
  const url = `file://${REPO}/`;
  const repositories = Object.fromEntries(
    ['base', 'updates', 'extras', 'epel', 'eucalyptus', 'euca2ools'].map((id) => [id, url]),
  );
  host.writeFile(`${REPO}/repodata/repomd.xml`, '<?xml version="1.0"?>\n<repomd/>\n');
  host.writeFile(ANSWERS, yaml.dump({ ...base, repositories, ...answers }), 0o600);
}

/**
 * path -> sha256 of every file and symlink under the paths, inside the host. Symlinks are not followed:
 * absolute ones (/var/run -> /run) would lead out of the simulated root into this machine's.
 */
function snapshot(host: SimHost, insidePaths: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (inside: string): void => {
    const full = host.at(inside);
    const stat = lstatSync(full, { throwIfNoEntry: false });
    if (stat === undefined) return;
    if (stat.isDirectory()) for (const name of readdirSync(full).sort()) visit(path.posix.join(inside, name));
    else if (stat.isSymbolicLink()) out.set(inside, `-> ${readlinkSync(full)}`);
    else if (stat.isFile())
      out.set(
        inside,
        `${stat.mode.toString(8)} ${createHash('sha256').update(readFileSync(full)).digest('hex')}`,
      );
  };
  insidePaths.forEach(visit);
  out.delete(CALL_LOG);
  return out;
}

/** Runs the CLI and asserts that it changed nothing on the host. */
async function unchanged(host: SimHost, args: readonly string[]): Promise<RunResult> {
  const before = snapshot(host, WATCHED);
  const changingBefore = changingCalls(host.root).length;
  const r = await host.ciab(args, { timeoutMs: 60_000 });
  const after = snapshot(host, WATCHED);
  assert.deepEqual(after, before, `${args[0] ?? ''} changed files on the host`);
  assert.deepEqual(
    changingCalls(host.root).slice(changingBefore),
    [],
    `${args[0] ?? ''} made a state-changing call`,
  );
  return r;
}

/** Runs `check --json`, which must change nothing on the host. */
async function check(host: SimHost, ...args: string[]): Promise<{ exitCode: number; json: CheckJson }> {
  const r = await unchanged(host, [
    'check',
    '--answers',
    ANSWERS,
    '--json',
    '--accept',
    'interface',
    ...args,
  ]);
  let json: CheckJson;
  try {
    json = JSON.parse(r.stdout) as CheckJson;
  } catch {
    assert.fail(`check printed no JSON (exit ${r.exitCode}): ${r.stdout}\n${r.stderr}`);
  }
  return { exitCode: r.exitCode, json };
}

/** The findings that are not ok, by id: [verdict, diagnosis]. */
const findings = (json: CheckJson): Record<string, [string, string]> =>
  Object.fromEntries(
    json.checks.filter((c) => c.verdict !== 'ok').map((c) => [c.id, [c.verdict, c.diagnosis]]),
  );

/** Exactly the fresh host's findings, with `id` changed to `expected`. */
function assertOnly(json: CheckJson, id: string, expected: [string, string]): void {
  assert.deepEqual(findings(json), { ...FRESH_HOST, [id]: expected });
}

describe('check on the simulated host', () => {
  let host: SimHost;
  before(async () => {
    host = await createSimHost();
    await prepare(host);
  });
  after(() => {
    host.destroy();
  });

  it('a healthy host passes: exit 0, only treatable findings and the accepted veth warning', async () => {
    const { exitCode, json } = await check(host);
    assert.deepEqual(findings(json), FRESH_HOST);
    assert.equal(json.version, 1);
    assert.equal(json.passes, true);
    assert.equal(exitCode, 0);
    const byId = new Map(json.checks.map((c) => [c.id, c]));
    assert.equal(byId.get('repositories')?.diagnosis, '6 repositories answer');
    assert.equal(byId.get('os')?.diagnosis, 'CentOS Linux 7 (Core), x86_64');
    assert.match(byId.get('address-ranges')?.diagnosis ?? '', /^none of the 40 probed addresses answers/);
  });

  it('a DHCP interface: a warning, exit 1', async () => {
    const ifcfg = '/etc/sysconfig/network-scripts/ifcfg-eth0';
    const original = host.readFile(ifcfg);
    host.writeFile(ifcfg, original.replace(/^BOOTPROTO=.*$/m, 'BOOTPROTO=dhcp'));
    try {
      const { exitCode, json } = await check(host);
      assertOnly(json, 'interface-static', [
        'warning',
        'eth0 gets its address from DHCP; the cloud needs an address that never changes',
      ]);
      assert.equal(exitCode, 1);
    } finally {
      host.writeFile(ifcfg, original);
    }
  });

  it('a wireless interface: fatal, exit 1', async () => {
    // What the kernel says of a wireless NIC in /sys/class/net/<if>/uevent, laid over eth0's.
    const uevent = host.at('/sys/class/net/eth0/uevent');
    const fake = path.join(path.dirname(host.root), 'uevent-wlan');
    writeFileSync(fake, readFileSync(uevent, 'utf8') + 'DEVTYPE=wlan\n');
    execFileSync('mount', ['--bind', fake, uevent]);
    try {
      const { exitCode, json } = await check(host);
      assertOnly(json, 'interface', ['fatal', 'eth0 is a wireless interface: a bridge cannot take it over']);
      assert.equal(exitCode, 1);
    } finally {
      execFileSync('umount', [uevent]);
    }
  });

  it('a second address on the interface: a warning, exit 1', async () => {
    await host.run(['ip', 'addr', 'add', '192.168.56.11/24', 'dev', 'eth0']);
    try {
      const { exitCode, json } = await check(host);
      assertOnly(json, 'interface-address', [
        'warning',
        'eth0 has 2 IPv4 addresses (192.168.56.10/24, 192.168.56.11/24); the bridge keeps only 192.168.56.10/24',
      ]);
      assert.equal(exitCode, 1);
    } finally {
      await host.run(['ip', 'addr', 'del', '192.168.56.11/24', 'dev', 'eth0']);
    }
  });

  it('a process on 8773: fatal naming it, exit 1', async () => {
    const listener: ChildProcess = host.spawn([
      'node',
      '-e',
      "require('net').createServer().listen(8773, '0.0.0.0', () => console.log('listening'))",
    ]);
    try {
      await new Promise<void>((resolve, reject) => {
        listener.stdout?.setEncoding('utf8').on('data', (d: string) => {
          if (d.includes('listening')) resolve();
        });
        listener.on('exit', (code) => {
          reject(new Error(`the listener exited ${String(code)}`));
        });
      });
      const { exitCode, json } = await check(host);
      assertOnly(json, 'ports', ['fatal', 'already in use: tcp 8773 (node)']);
      assert.equal(exitCode, 1);
    } finally {
      if (listener.pid !== undefined) process.kill(-listener.pid, 'SIGKILL');
    }
  });

  it('a public range containing a live address: a warning naming it, exit 1', async () => {
    // Another machine on the LAN at 192.168.56.105: the gateway's side of the link answers for it too.
    const ip = (verb: string) =>
      execFileSync('ip', [
        '-n',
        host.gatewayNetns,
        'addr',
        verb,
        '192.168.56.105/24',
        'dev',
        `vg-${host.id}`,
      ]);
    ip('add');
    try {
      await host.run(['ip', 'neigh', 'flush', 'to', '192.168.56.105']);
      const { exitCode, json } = await check(host);
      assertOnly(json, 'address-ranges', [
        'warning',
        '1 address of cloud.publicIps/privateIps answers now: 192.168.56.105',
      ]);
      assert.equal(exitCode, 1);
    } finally {
      ip('del');
      // the machine left long ago: the host's ARP cache no longer remembers it
      await host.run(['ip', 'neigh', 'flush', 'to', '192.168.56.105']);
    }
  });

  it('an unreachable repository: fatal with its URL and why, exit 1', async () => {
    await prepare(host);
    const answers = yaml.load(host.readFile(ANSWERS)) as { repositories: Record<string, string> };
    answers.repositories.eucalyptus = 'http://192.168.56.1:8080/eucalyptus/4.4/';
    host.writeFile(ANSWERS, yaml.dump(answers), 0o600);
    try {
      const { exitCode, json } = await check(host);
      assertOnly(json, 'repositories', [
        'fatal',
        'unreachable: eucalyptus http://192.168.56.1:8080/eucalyptus/4.4/ (connect ECONNREFUSED 192.168.56.1:8080)',
      ]);
      assert.equal(exitCode, 1);
    } finally {
      await prepare(host);
    }
  });
});

describe('check on simulated hosts built wrong', () => {
  it('no virtualisation flag: fatal, exit 1', async () => {
    const host = await createSimHost({ cpuFlags: ['fpu', 'vme', 'de', 'pse', 'tsc', 'lm', 'sse2'] });
    try {
      await prepare(host);
      const { exitCode, json } = await check(host);
      assertOnly(json, 'cpu-virtualization', [
        'fatal',
        'the CPU shows neither vmx (Intel VT-x) nor svm (AMD-V): the node controller cannot run KVM instances',
      ]);
      assert.equal(exitCode, 1);
      // install runs the same checks first and stops before it changes anything
      const install = await unchanged(host, [
        'install',
        '--answers',
        ANSWERS,
        '--yes',
        '--accept',
        'interface',
      ]);
      assert.equal(install.exitCode, 1, install.stderr);
      assert.match(install.stderr, /^ {2}cpu-virtualization the CPU shows neither vmx/m);
      assert.match(install.stderr, /^error: the preflight checks stop the install before anything changed$/m);
    } finally {
      host.destroy();
    }
  });

  it('2 GB of memory: fatal, exit 1', async () => {
    const host = await createSimHost({ memTotalKb: 2 * 1024 * 1024 });
    try {
      await prepare(host);
      const { exitCode, json } = await check(host);
      assertOnly(json, 'memory', ['fatal', '2.0 GB of memory; eucalyptus-4.4 needs at least 4.0 GB']);
      assert.equal(exitCode, 1);
    } finally {
      host.destroy();
    }
  });
});
