/**
 * A host knows what it is: a node controller installed from the `nc` kickstart keeps its role in
 * /etc/cloud-in-a-box/role, and `cloud-in-a-box install` run on it (what the README and the first boot's
 * status line tell a person to do) resumes the node controller's plan, not a whole cloud's. Asking it for
 * another role is refused before anything changes, by `install` and by a standalone script alike; `plan`
 * prints, and `uninstall` undoes, the node controller plan.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { FIRSTBOOT_UNIT_FILE, kickstartParts } from '../../src/core/kickstart/index.js';
import { ANSWERS_FILE, ROLE_FILE } from '../../src/core/locations.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { ANSWERS, ensureBuilt, journal, outcomes, prepare } from './helpers.js';

const WATCHED = ['/etc', '/root', '/var/lib', '/var/log', '/usr/lib/systemd', '/srv'];
/** as the README says to resume a kickstarted host */
const RESUME = ['install', '--answers', ANSWERS_FILE, '--yes', '--accept', 'interface'];

/** The host's files, without the emulation's own records (the preflight's calls land there). */
const files = (host: SimHost): Map<string, string> =>
  new Map([...host.snapshot(WATCHED)].filter(([file]) => !file.startsWith('/var/lib/simhost/')));

describe('a node controller from the nc kickstart, resumed with `cloud-in-a-box install`', () => {
  let host: SimHost;
  let ncTasks: string[];
  let ciabTasks: string[];
  /** what uninstall undoes on a node controller, in its order */
  let ncUndone: string[];

  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    // small instance ranges: a shorter preflight ping sweep
    prepare(host, {
      publicIps: '192.168.56.100-192.168.56.103',
      privateIps: '192.168.56.110-192.168.56.113',
    });
    // What the nc kickstart's %post leaves on the host: the answers, the role, the first-boot script and unit.
    const { model } = validateAnswersText(
      host.readFile(ANSWERS).replace('rootPassword: null', 'rootPassword: Root-Pw-4-Node'),
    );
    assert.ok(model);
    const answers = model.answers;
    const parts = kickstartParts(model, getRelease(answers.release), { profile: 'nc' });
    assert.equal(parts.files.get(ROLE_FILE), 'nc\n', '%post writes the role');
    for (const [file, content] of parts.files)
      host.writeFile(file, content, file === FIRSTBOOT_UNIT_FILE || file === ROLE_FILE ? 0o644 : 0o600);
    const release = getRelease(answers.release);
    const ncPlan = buildPlan(parts.answers, release, {}, 'nc');
    ncTasks = ncPlan.tasks.map((t) => t.id);
    ncUndone = ncPlan.tasks
      .filter((t) => t.undo !== undefined)
      .map((t) => t.id)
      .reverse();
    ciabTasks = buildPlan(parts.answers, release, {}, 'ciab').tasks.map((t) => t.id);
    assert.ok(ncTasks.length < ciabTasks.length);
  });
  after(() => {
    host.destroy();
  });

  it('`install --role ciab` on it is refused, naming the recorded role and the file, and changes nothing', async () => {
    const before = files(host);
    const r = await host.ciab([...RESUME, '--role', 'ciab']);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(
      r.stderr,
      /error: this host was installed as nc \(\/etc\/cloud-in-a-box\/role says so\); refusing to make it ciab: nothing was changed/,
    );
    assert.deepEqual(files(host), before);
    assert.equal(journal(host).size, 0);
  });

  it('`plan` on it prints the node controller plan', async () => {
    const r = await host.ciab(['plan', '--answers', ANSWERS_FILE, '--json']);
    assert.equal(r.exitCode, 0, r.stderr);
    const plan = JSON.parse(r.stdout) as { phases: { tasks: { id: string }[] }[] };
    assert.deepEqual(
      plan.phases.flatMap((p) => p.tasks.map((t) => t.id)),
      ncTasks,
    );
  });

  it('`install` runs the node controller plan only', async () => {
    const r = await host.ciab(RESUME, { timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
    const ran = outcomes(host).map((o) => o.id);
    assert.deepEqual(ran, ncTasks, 'the nc plan, task by task');
    const cloudOnly = ciabTasks.filter((id) => !ncTasks.includes(id));
    assert.ok(cloudOnly.length > 10, `${cloudOnly.length} tasks of a whole cloud that a node has not`);
    assert.deepEqual(
      ran.filter((id) => cloudOnly.includes(id)),
      [],
      'none of the cloud-side tasks ran',
    );
    assert.deepEqual([...journal(host).keys()].sort(), [...ncTasks].sort());
    const state = readState(host.root);
    assert.ok(state.packages?.includes('eucalyptus-nc'));
    for (const pkg of ['eucalyptus-cloud', 'eucalyptus-cc', 'eucalyptus-sc', 'eucaconsole'])
      assert.equal(state.packages?.includes(pkg), false, `no ${pkg} on a node controller`);
    assert.equal(host.readFile(ROLE_FILE), 'nc\n');
  });

  it('afterwards `install --role ciab` is refused again, and changes nothing', async () => {
    const before = files(host);
    const r = await host.ciab([...RESUME, '--role', 'ciab']);
    assert.equal(r.exitCode, 2, r.stderr);
    assert.match(r.stderr, /installed as nc \(\/etc\/cloud-in-a-box\/role says so\)/);
    assert.deepEqual(files(host), before);
  });

  it('a standalone script written for a whole cloud refuses it too, before it changes anything', async () => {
    const written = await host.ciab(['script', '--answers', ANSWERS, '-o', '/root/ciab.sh']);
    assert.equal(written.exitCode, 0, written.stderr);
    const before = files(host);
    const r = await host.run(['bash', '/root/ciab.sh']);
    assert.equal(r.exitCode, 2, r.stdout + r.stderr);
    assert.match(
      r.stderr,
      /cloud-in-a-box: this host was installed as "nc" \(\/etc\/cloud-in-a-box\/role says so\); this script installs ciab: nothing was changed/,
    );
    assert.deepEqual(files(host), before);
  });

  it('`uninstall` undoes the node controller plan, and removes the role file with the answers', async () => {
    const r = await host.ciab(['uninstall', '--yes'], { timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
    const log = host.readFile('/var/log/cloud-in-a-box/latest');
    const undone = [...log.matchAll(/^.*\bundo (\S+): \S+ \(exit \d+\)$/gm)].map((m) => m[1]);
    assert.deepEqual(undone, ncUndone);
    assert.equal(host.exists(ROLE_FILE), false);
    assert.equal(host.exists(ANSWERS_FILE), false);
  });
});
