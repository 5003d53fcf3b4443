/**
 * The built CLI on one simulated CentOS 7 host per release (4.4, 5), in order: a dry run changes nothing (test 8), a fresh
 * install reaches the cloud's end state (1), a second run skips everything and changes nothing (2),
 * the other release's answers are refused on the installed host, which stays unchanged (11), uninstall
 * restores the host (6), no secret appears in any output or log (7), and a local user who
 * watched every process throughout saw no secret and no hash of one (9).
 */
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { changingCalls, readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import type { ReleaseId } from '../../src/core/release/types.js';
import { releaseIds } from '../../src/core/release/types.js';
import type { Needle, SpyReport } from '../security/secrets-harness.js';
import {
  ProcSpy,
  findNeedles,
  needlesOf,
  secretFileHashes,
  sightings,
  sightingsBesidesPasswordTools,
} from '../security/secrets-harness.js';
import {
  ADMIN_PASSWORD,
  ANSWERS,
  assertInstalled,
  ensureBuilt,
  install,
  outcomes,
  prepare,
  prepareAnswers,
  SERVED_VERSION,
  serveVersion,
} from './helpers.js';

/** Where test 11 writes the other release's answers, beside the installed release's. */
const ANSWERS_OTHER = '/root/answers-other.yaml';

/** The release a host with RELEASE installed is asked to install in test 11. */
const otherRelease = (release: ReleaseId): ReleaseId => {
  const other = releaseIds.find((id) => id !== release);
  assert.ok(other);
  return other;
};

/** What the first task of the other release says on a host with RELEASE installed (SERVED_VERSION). */
const REFUSAL: Readonly<Record<ReleaseId, RegExp>> = {
  'eucalyptus-4.4':
    /eucalyptus 4\.4\.6 is installed: Eucalyptus 5 on CentOS 7\.9 does not upgrade another release in place/,
  'eucalyptus-5':
    /eucalyptus 5\.1\.0 is installed: Eucalyptus 4\.4 on CentOS 7 does not upgrade another release in place/,
};

const WATCHED = ['/etc', '/root', '/var/lib', '/usr/lib/systemd', '/srv'];

/**
 * Compares two snapshots by the paths that differ (a readable failure), leaving out the emulation's own
 * state under /var/lib/simhost, which is not the host's.
 */
function assertSameFiles(actual: Map<string, string>, expected: Map<string, string>): void {
  const paths = new Set([...actual.keys(), ...expected.keys()]);
  const differ = [...paths].filter(
    (p) => !p.startsWith('/var/lib/simhost/') && actual.get(p) !== expected.get(p),
  );
  assert.deepEqual(
    differ.map((p) => `${p}: ${expected.has(p) ? (actual.has(p) ? 'changed' : 'removed') : 'added'}`),
    [],
  );
}

/** The same story for each release: its answers, on a host whose mirrors serve it. */
for (const release of releaseIds)
  describe(`${release} on a simulated CentOS 7 host: dry run, install, re-run, uninstall`, () => {
    let host: SimHost;
    let pristine: Map<string, string>;
    let installed: Map<string, string>;
    let needles: Needle[];
    let spy: ProcSpy | undefined;
    /** What a person could look at afterwards: every output of every command and every run log. */
    const seen: string[] = [];

    before(async () => {
      ensureBuilt();
      host = await createSimHost();
      const answers = validateAnswersText(prepare(host, { release })).answers;
      assert.ok(answers);
      needles = [...needlesOf('the admin password', ADMIN_PASSWORD), ...secretFileHashes(answers)];
      pristine = host.snapshot(WATCHED);
      spy = await ProcSpy.start();
    });
    after(async () => {
      await spy?.stop();
      host.destroy();
    });

    it('8. --dry-run on a fresh host changes no file and makes no state-changing call', async () => {
      const r = await install(host, '--dry-run');
      seen.push(r.stdout, r.stderr);
      assert.equal(r.exitCode, 0, r.stderr);
      assert.match(r.stdout + r.stderr, /dry run: \d+ tasks would run/);
      assertSameFiles(host.snapshot(WATCHED), pristine);
      assert.deepEqual(
        changingCalls(host.root).map((c) => `${c.tool} ${c.argv.join(' ')}`),
        [],
      );
      assert.equal(host.exists('/var/log/cloud-in-a-box'), false, 'a dry run keeps no log');
    });

    it('1. a fresh install reaches the end state', async () => {
      const r = await install(host);
      seen.push(r.stdout, r.stderr);
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      await assertInstalled(host);
      installed = host.snapshot(WATCHED);
    });

    it('2. running it again skips every task and changes nothing', async () => {
      const callsBefore = readCalls(host.root).length;
      const r = await install(host);
      seen.push(r.stdout, r.stderr);
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      const ran = outcomes(host);
      assert.ok(ran.length > 30);
      assert.deepEqual(
        ran.filter((t) => t.outcome !== 'done-before'),
        [],
      );
      const changing = readCalls(host.root)
        .slice(callsBefore)
        .filter((c) => c.changes);
      assert.deepEqual(
        changing.map((c) => `${c.tool} ${c.argv.join(' ')}`),
        [],
      );
      assertSameFiles(host.snapshot(WATCHED), installed);
    });

    it(`11. the same answers switched to ${otherRelease(release)} are refused by its first task: no in-place upgrade, the host unchanged`, async () => {
      const other = otherRelease(release);
      try {
        const switched = prepareAnswers(host, { release: other }, ANSWERS_OTHER);
        // The mirrors serve the other release, as they would to someone who installs it.
        serveVersion(host, SERVED_VERSION[other]);
        const before = host.snapshot(WATCHED);
        const callsBefore = readCalls(host.root).length;
        const r = await host.ciab(['install', '--answers', ANSWERS_OTHER, '--yes', '--accept', 'interface'], {
          timeoutMs: 600_000,
        });
        seen.push(r.stdout, r.stderr);
        assert.equal(r.exitCode, 1, r.stderr.slice(-3000));
        assert.match(r.stderr, REFUSAL[release]);
        assert.equal(validateAnswersText(switched).answers?.release, other);
        assert.deepEqual(
          readCalls(host.root)
            .slice(callsBefore)
            .filter((c) => c.changes)
            .map((c) => `${c.tool} ${c.argv.join(' ')}`),
          [],
        );
        // The installer's own state (the run's journal entry of the refusal, its staging) aside.
        const ours = (p: string) => p.startsWith('/var/lib/cloud-in-a-box/') || p === ANSWERS_OTHER;
        assertSameFiles(
          new Map([...host.snapshot(WATCHED)].filter(([p]) => !ours(p))),
          new Map([...before].filter(([p]) => !ours(p))),
        );
      } finally {
        // the mirrors serve the installed release again, for the uninstall; the test's own answers file goes
        serveVersion(host, SERVED_VERSION[release]);
        rmSync(host.at(ANSWERS_OTHER), { force: true });
      }
    });

    it('6. uninstall --yes restores every backed-up file, stops the units, removes the packages and the bridge', async () => {
      const r = await host.ciab(['uninstall', '--yes'], { timeoutMs: 300_000 });
      seen.push(r.stdout, r.stderr);
      assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
      const state = readState(host.root);
      for (const unit of [
        'eucalyptus-cloud',
        'eucalyptus-cluster',
        'eucalyptus-node',
        'eucanetd',
        'eucaconsole',
      ])
        assert.notEqual(state.units?.[`${unit}.service`]?.active, true, unit);
      for (const pkg of ['eucalyptus-cloud', 'eucalyptus-nc', 'eucaconsole', 'eucanetd'])
        assert.equal(state.packages?.includes(pkg), false, pkg);
      const restored = host.snapshot(['/etc', '/root']);
      const original = new Map(
        [...pristine].filter(([k]) => k.startsWith('/etc/') || k.startsWith('/root/')),
      );
      original.delete(ANSWERS); // the answers the test wrote stay where the test put them
      restored.delete(ANSWERS);
      // Removing an RPM leaves the system users its scriptlets created, on a real host too.
      for (const accounts of ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow']) {
        original.delete(accounts);
        restored.delete(accounts);
      }
      assertSameFiles(restored, original);
      assert.match(
        (await host.run(['ip', '-4', '-o', 'addr', 'show', 'eth0'])).stdout,
        /192\.168\.56\.10\/24/,
      );
      assert.notEqual((await host.run(['ip', 'link', 'show', 'br0'])).exitCode, 0, 'no bridge left');
      assert.equal((await host.run(['ping', '-c', '1', '-W', '2', '192.168.56.1'])).exitCode, 0);
      assert.ok(host.exists('/var/log/cloud-in-a-box/latest'), 'the logs stay');
    });

    it('7. the admin password appears in no output and no log', () => {
      const logs = [...host.snapshot(['/var/log/cloud-in-a-box']).keys()].map((f) => host.readFile(f));
      assert.ok(logs.length >= 3, 'install, re-run and uninstall each kept a log');
      assert.ok(seen.length >= 8);
      for (const text of [...seen, ...logs]) assert.equal(text.includes(ADMIN_PASSWORD), false);
    });

    let report: SpyReport | undefined;
    it('9. a local user sampling /proc/*/cmdline and environ throughout saw no secret and no hash of one; no log holds a hash', async () => {
      report = await spy?.stop();
      spy = undefined;
      assert.ok(report);
      assert.deepEqual(sightingsBesidesPasswordTools(report, needles), []);
      assert.ok(
        report.cmdlines.some((c) => c.startsWith('bash ')),
        `the spy saw the tasks run (${report.sweeps} sweeps)`,
      );
      for (const file of host.snapshot(['/var/log/cloud-in-a-box']).keys())
        assert.deepEqual(findNeedles(host.readFile(file), needles), [], file);
    });

    it('10. ... not even in the command line of euare-useraddloginprofile or euare-usermodloginprofile', () => {
      assert.ok(report);
      assert.deepEqual(sightings(report, needles), []);
    });
  });
