/**
 * `--target` over SSH, end to end: the built CLI on a workstation namespace on the simulated host's LAN,
 * this machine's OpenSSH client, the host's own sshd (test/simhost/ssh.ts). Host keys are checked (unknown
 * and changed keys refused, exit 2; --accept-new-host-key records a new one), a login without sudo rights
 * or a closed port changes nothing, and an install as a sudo user reaches the same end state as a local
 * install (the NIC's HWADDR read on the target), runs again without change, keeps its log on the target,
 * shows no secret in the target's process list, and `uninstall --target` restores the host.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import type { SshAccess } from '../simhost/ssh.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { createSimHost } from '../simhost/host.js';
import { DETACHED_DIR } from '../../src/core/locations.js';
import type { Needle } from '../security/secrets-harness.js';
import {
  ProcSpy,
  findNeedles,
  needlesOf,
  secretFileHashes,
  sightingsBesidesPasswordTools,
} from '../security/secrets-harness.js';
import {
  ADMIN_PASSWORD,
  ANSWERS,
  assertInstalled,
  assertSameEndState,
  install,
  outcomes,
  prepare,
} from '../install/helpers.js';
import { installOver, reachableHost } from './helpers.js';

const WATCHED = ['/etc', '/root', '/var/lib', '/usr/lib/systemd', '/srv'];

/**
 * The paths whose contents differ between two snapshots, leaving out the emulation's own state and the
 * record of the last detached task (its output and exit status, kept for a CLI that lost its connection,
 * rewritten by every run as a log is).
 */
function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  const paths = new Set([...before.keys(), ...after.keys()]);
  const ours = (p: string) => !p.startsWith('/var/lib/simhost/') && !p.startsWith(`${DETACHED_DIR}/`);
  return [...paths].filter((p) => ours(p) && before.get(p) !== after.get(p)).sort();
}

/** No stack trace: the CLI's own one-line messages only. */
const noStack = (text: string): void => {
  assert.doesNotMatch(text, /^\s+at /m, text);
};

describe('--target over SSH from a workstation on the LAN', () => {
  let host: SimHost;
  let ssh: SshAccess;
  let answers: string;
  let pristine: Map<string, string>;
  let needles: Needle[];
  const seen: string[] = [];

  const ciab = async (args: string[], timeoutMs = 600_000) => {
    const r = await ssh.workstation.ciab(args, { timeoutMs });
    seen.push(r.stdout, r.stderr);
    return r;
  };

  before(async () => {
    let text: string;
    ({ host, ssh, answers, text } = await reachableHost({ trusted: false }));
    const parsed = validateAnswersText(text).answers;
    assert.ok(parsed);
    needles = [...needlesOf('the admin password', ADMIN_PASSWORD), ...secretFileHashes(parsed)];
    pristine = host.snapshot(WATCHED);
  });
  after(() => {
    host.destroy();
  });

  it('an unknown host key is refused with its fingerprint and the hint, exit 2; known_hosts stays empty', async () => {
    ssh.workstation.knownHosts.write('');
    const r = await ciab(['check', '--target', ssh.target(), '--answers', answers]);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, /host key is not in your known_hosts/);
    assert.ok(
      ssh.hostKeys.some((k) => r.stderr.includes(k.fingerprint)),
      `one of ${ssh.hostKeys.map((k) => k.fingerprint).join(', ')} in: ${r.stderr}`,
    );
    assert.match(r.stderr, /--accept-new-host-key/);
    noStack(r.stderr);
    assert.equal(ssh.workstation.knownHosts.read(), '');
  });

  it('a changed host key is refused, even with --accept-new-host-key, naming where the old one is', async () => {
    const changedKey = ssh.changedKnownHostsLines();
    ssh.workstation.knownHosts.write(changedKey);
    const r = await ciab(['check', '--target', ssh.target(), '--answers', answers, '--accept-new-host-key']);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, /host key is not the one recorded in \S+known_hosts:\d+/);
    noStack(r.stderr);
    assert.equal(ssh.workstation.knownHosts.read(), changedKey);
  });

  it('--accept-new-host-key trusts and records a key it did not know; check then reads the target', async () => {
    ssh.workstation.knownHosts.write('');
    const r = await ciab([
      'check',
      '--target',
      ssh.target(),
      '--answers',
      answers,
      '--accept-new-host-key',
      '--accept',
      'interface',
      '--json',
    ]);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const report = JSON.parse(r.stdout) as {
      target: string;
      checks: { id: string; summary: string | null }[];
    };
    assert.equal(report.target, ssh.target());
    assert.ok(
      ssh.hostKeys.some((k) => ssh.workstation.knownHosts.read().includes(k.base64)) ||
        ssh.workstation.knownHosts.read().startsWith('|1|'),
      'the key is recorded',
    );
    // Facts of the target, not of this machine: CentOS 7.9 (this machine is Debian).
    assert.match(JSON.stringify(report.checks.find((c) => c.id === 'os')), /CentOS Linux 7/);
  });

  it("script --target: the standalone script for that host carries its NIC's HWADDR, read there", async () => {
    const output = path.join(ssh.workstation.home, 'install.sh');
    const r = await ciab(['script', '--target', ssh.target(), '--answers', answers, '-o', output]);
    assert.equal(r.exitCode, 0, r.stderr);
    // The host's own ifcfg file names its card; the rendered one keeps that HWADDR (src/core/render/types.ts).
    const mac = /^HWADDR="?([^"\n]+)"?$/m.exec(
      host.readFile('/etc/sysconfig/network-scripts/ifcfg-eth0'),
    )?.[1];
    assert.ok(mac, 'the simulated host names its card');
    // The embedded files: CIAB_FILE_CONTENTS=( WORD ... ), one shell word of base64 a file (quoted when it
    // spans lines).
    const contents = /^CIAB_FILE_CONTENTS=\(([\s\S]*?)^\)/m.exec(readFileSync(output, 'utf8'))?.[1] ?? '';
    const files = [...contents.matchAll(/'([^']*)'|(\S+)/g)].map((m) =>
      Buffer.from(m[1] ?? m[2] ?? '', 'base64').toString('utf8'),
    );
    const nic = files.find((f) => /^DEVICE="eth0"$/m.test(f));
    assert.ok(nic, "the NIC's ifcfg file is in the script");
    assert.match(nic, new RegExp(`^HWADDR="?${mac}"?$`, 'm'));
  });

  it('plan --target --json names the target; its bridge runs detached', async () => {
    const r = await ciab(['plan', '--target', ssh.target(), '--answers', answers, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as {
      target: string;
      phases: { tasks: { id: string; detached: boolean }[] }[];
    };
    assert.equal(plan.target, ssh.target());
    const tasks = plan.phases.flatMap((p) => p.tasks);
    assert.deepEqual(
      tasks.filter((t) => t.detached).map((t) => t.id),
      ['bridge.network'],
    );
  });

  it('a login without sudo rights: exit 2, says so, nothing changed on the host', async () => {
    const r = await ciab(['install', '--target', ssh.target('nosudo'), '--answers', answers, '--yes']);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, /sudo/);
    assert.match(r.stderr, /nothing was changed/);
    noStack(r.stderr);
    assert.deepEqual(changed(pristine, host.snapshot(WATCHED)), []);
  });

  it('a closed port: exit 1, one line that names the target, no stack trace', async () => {
    const r = await ciab(['check', '--target', `root@${ssh.address}:2222`, '--answers', answers]);
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(
      r.stderr,
      new RegExp(`cannot reach root@${ssh.address.replace(/\./g, '\\.')}:2222: .*refused`),
    );
    noStack(r.stderr);
  });

  describe('install as a sudo user, again, uninstall', () => {
    let spy: ProcSpy | undefined;
    let installed: Map<string, string>;

    it('installs: the end state of a local install on a second host, the NIC keeping its HWADDR read on the target', async () => {
      spy = await ProcSpy.start();
      // The same answers installed locally on a second simulated host, side by side.
      const local = await createSimHost();
      after(() => {
        local.destroy();
      });
      prepare(local);
      // What differed before either install (the SSH host's sshd, its keys and users; the MAC) is not the install's.
      const localBefore = local.snapshot(WATCHED);
      const setUp = [...new Set([...pristine.keys(), ...localBefore.keys()])].filter(
        (p) => pristine.get(p) !== localBefore.get(p),
      );
      const [r, here] = await Promise.all([ciab(installOver(ssh, answers, 'deployer')), install(local)]);
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      assert.equal(here.exitCode, 0, here.stderr.slice(-3000));
      // assertInstalled renders the expected files from the host's copy of the same answers.
      await assertInstalled(host, { keptHwaddr: true });
      assertSameEndState(host, local, setUp);
      assert.match(
        r.stderr,
        new RegExp(`log: deployer@${ssh.address.replace(/\./g, '\\.')}:/var/log/cloud-in-a-box/install-`),
      );
      assert.ok(host.exists('/var/log/cloud-in-a-box/latest'), 'the log is on the target');
      // Progress names the host it is about.
      assert.match(
        r.stdout + r.stderr,
        new RegExp(`Install the packages \\(on deployer@${ssh.address.replace(/\./g, '\\.')}\\)`),
      );
      assert.equal(host.exists('/var/lib/cloud-in-a-box/staging'), false, 'nothing staged is left');
      installed = host.snapshot(WATCHED);
    });

    it('runs again: every task skipped, no changing call, no file changed', async () => {
      const callsBefore = readCalls(host.root).length;
      const r = await ciab(installOver(ssh, answers));
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      const ran = outcomes(host);
      assert.ok(ran.length > 30);
      assert.deepEqual(
        ran.filter((t) => t.outcome !== 'done-before'),
        [],
      );
      assert.deepEqual(
        readCalls(host.root)
          .slice(callsBefore)
          .filter((c) => c.changes)
          .map((c) => `${c.tool} ${c.argv.join(' ')}`),
        [],
      );
      assert.deepEqual(changed(installed, host.snapshot(WATCHED)), []);
    });

    it("no secret in the target's process list during the installs, in the CLI's output or in the target's logs", async () => {
      const report = await spy?.stop();
      spy = undefined;
      assert.ok(report);
      assert.deepEqual(sightingsBesidesPasswordTools(report, needles), []);
      assert.ok(
        report.cmdlines.some((c) => c.startsWith('ssh ')),
        `the spy saw ssh run (${report.sweeps} sweeps)`,
      );
      for (const text of seen) assert.equal(text.includes(ADMIN_PASSWORD), false);
      for (const file of host.snapshot(['/var/log/cloud-in-a-box']).keys())
        assert.deepEqual(findNeedles(host.readFile(file), needles), [], file);
    });

    it('uninstall --target restores the host and keeps the logs there', async () => {
      const r = await ciab(['uninstall', '--target', ssh.target(), '--yes'], 300_000);
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      const state = readState(host.root);
      for (const pkg of ['eucalyptus-cloud', 'eucalyptus-nc', 'eucaconsole', 'eucanetd'])
        assert.equal(state.packages?.includes(pkg), false, pkg);
      const keep = (p: string) =>
        (p.startsWith('/etc/') || p.startsWith('/root/')) &&
        !/^\/etc\/(passwd|group|shadow|gshadow)$/.test(p) &&
        p !== ANSWERS;
      const original = new Map([...pristine].filter(([p]) => keep(p)));
      const restored = new Map([...host.snapshot(['/etc', '/root'])].filter(([p]) => keep(p)));
      assert.deepEqual(changed(original, restored), []);
      assert.ok(host.exists('/var/log/cloud-in-a-box/latest'), 'the logs stay');
    });
  });
});
