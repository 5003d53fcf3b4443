/**
 * status's pure half: the cloud's tables and the install record parsed, the verdict of each state (the
 * simulated host's test runs the whole command: test/after/status.e2e.test.ts), and which units and ports
 * each role's plan expects.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import type { Role } from '../../src/core/role.js';
import type { StatusInputs } from '../../src/core/status/assess.js';
import { assessStatus } from '../../src/core/status/assess.js';
import { parseNodeControllers, parseServices } from '../../src/core/status/cloud-tables.js';
import { failureLines, parseInstallRecord } from '../../src/core/status/install-record.js';

const release = getRelease('eucalyptus-4.4');
const { answers } = validateAnswersText(
  readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8'),
);
assert.ok(answers);
const planOf = (role: Role) => buildPlan(answers, release, {}, role);

describe('the cloud tables', () => {
  it('euserv-describe-services: one service per SERVICE line, whatever the padding', () => {
    const text =
      'SERVICE  cluster        zone-1       cc-192.168.56.10  enabled  \n' +
      'SERVICE  eucalyptus     eucalyptus   192.168.56.10     enabled  \n' +
      'something else\n';
    assert.deepEqual(parseServices(text), [
      { type: 'cluster', zone: 'zone-1', name: 'cc-192.168.56.10', state: 'enabled' },
      { type: 'eucalyptus', zone: 'eucalyptus', name: '192.168.56.10', state: 'enabled' },
    ]);
  });

  it('euserv-describe-node-controllers: each NODE with the INSTANCE lines after it', () => {
    const text =
      'NODE  one  10.111.1.53  enabled    \nINSTANCE  i-162a8f09      \nINSTANCE  i-2b6cdd10      \n' +
      'NODE  one  10.111.5.132  notready  \n';
    assert.deepEqual(parseNodeControllers(text), [
      { zone: 'one', address: '10.111.1.53', state: 'enabled', instances: ['i-162a8f09', 'i-2b6cdd10'] },
      { zone: 'one', address: '10.111.5.132', state: 'notready', instances: [] },
    ]);
  });
});

describe('the install record', () => {
  it('parses the lock, the latest log and every journal entry', () => {
    const record = parseInstallRecord(
      '@@ciab-lock free\n@@ciab-log /var/log/cloud-in-a-box/install-x.log\n' +
        '@@ciab-entry\nid=host.answers\nhash=ab\nstatus=done\nstarted=t1\nfinished=t2\n' +
        '@@ciab-entry\nid=register.ufs\nhash=cd\nstatus=failed\nstarted=t3\nfinished=t4\n',
    );
    assert.deepEqual(record, {
      runLock: 'free',
      latestLog: '/var/log/cloud-in-a-box/install-x.log',
      journal: [
        { id: 'host.answers', status: 'done', started: 't1', finished: 't2' },
        { id: 'register.ufs', status: 'failed', started: 't3', finished: 't4' },
      ],
    });
    assert.deepEqual(parseInstallRecord('@@ciab-lock none\n@@ciab-log \n'), {
      runLock: 'none',
      latestLog: undefined,
      journal: [],
    });
  });

  it("takes a failed task's last output from the log: its own lines of its last run", () => {
    const log = [
      '--- run a.b: first',
      '| old output',
      'task a.b: failed (exit 1, 3 ms)',
      '--- run a.b: first',
      '| line 1',
      'exit 1 after 3 ms',
      '| line 2',
      'task a.b: failed (exit 1, 3 ms)',
    ].join('\n');
    assert.deepEqual(failureLines(log, 'a.b'), ['line 1', 'line 2']);
    assert.deepEqual(failureLines(log, 'c.d'), []);
  });
});

const upInputs = (role: Role): StatusInputs => {
  const plan = planOf(role);
  const runs = plan.tasks.flatMap((t) => (t.runs === undefined ? [] : [t.runs]));
  return {
    role,
    plan,
    record: {
      runLock: 'free',
      latestLog: '/var/log/cloud-in-a-box/install-x.log',
      journal: plan.tasks.map((t) => ({ id: t.id, status: 'done', started: 't', finished: 't' })),
    },
    failureOutput: [],
    units: runs
      .flatMap((r) => r.units)
      .map((unit) => ({ unit, loadState: 'loaded', activeState: 'active', unitFileState: 'enabled' })),
    sockets: runs
      .flatMap((r) => r.ports)
      .map((port) => ({ protocol: 'tcp' as const, address: '0.0.0.0', port, processes: [] })),
    services: { ok: true, items: [{ type: 'cluster', zone: 'zone-1', name: 'cc', state: 'enabled' }] },
    nodeControllers: {
      ok: true,
      items: [{ zone: 'zone-1', address: '192.168.56.10', state: 'enabled', instances: [] }],
    },
    endpoints: undefined,
  };
};

describe('the verdict', () => {
  it('the units and ports each role expects come from the tasks that start them', () => {
    const units = (role: Role) =>
      assessStatus(upInputs(role))
        .units.map((u) => u.unit)
        .sort();
    assert.deepEqual(units('nc'), ['eucalyptus-node.service', 'eucanetd.service', 'libvirtd.service']);
    assert.deepEqual(units('frontend'), [
      'eucaconsole.service',
      'eucalyptus-cloud.service',
      'eucalyptus-cluster.service',
      'tgtd.service',
    ]);
    assert.deepEqual(
      assessStatus(upInputs('nc')).ports.map((p) => p.port),
      [8775],
    );
  });

  it('complete and up: ok; anything down, unanswered or not enabled: not ok', () => {
    assert.equal(assessStatus(upInputs('ciab')).ok, true);
    const down = upInputs('ciab');
    down.units = down.units?.map((u) => (u.unit === 'tgtd.service' ? { ...u, activeState: 'failed' } : u));
    assert.equal(assessStatus(down).ok, false);
    const closed = upInputs('ciab');
    closed.sockets = closed.sockets?.filter((s) => s.port !== 8773);
    assert.equal(assessStatus(closed).ok, false);
    const unanswered = upInputs('ciab');
    unanswered.services = { ok: false, lines: ['Connection refused'] };
    assert.equal(assessStatus(unanswered).ok, false);
    const broken = upInputs('ciab');
    broken.services = { ok: true, items: [{ type: 'storage', zone: 'zone-1', name: 'sc', state: 'broken' }] };
    assert.equal(assessStatus(broken).ok, false);
    const node = upInputs('ciab');
    node.nodeControllers = {
      ok: true,
      items: [{ zone: 'zone-1', address: '192.168.56.10', state: 'notready', instances: [] }],
    };
    assert.equal(assessStatus(node).ok, false);
    const unknown = upInputs('ciab');
    unknown.sockets = undefined;
    assert.equal(assessStatus(unknown).ok, false, 'ports it could not see are not taken as up');
  });

  it('the install state: running while the lock is held, failed, interrupted, not installed', () => {
    const running = upInputs('ciab');
    running.record = { ...running.record, runLock: 'held' };
    assert.equal(assessStatus(running).install.state, 'running');
    assert.equal(assessStatus(running).ok, false);

    const failed = upInputs('ciab');
    failed.record = {
      ...failed.record,
      journal: [
        { id: 'host.answers', status: 'done', started: 't', finished: 't' },
        { id: 'register.ufs', status: 'failed', started: 't', finished: '2026-12-03T10:00:00Z' },
      ],
    };
    failed.failureOutput = ['it broke'];
    const f = assessStatus(failed).install;
    assert.equal(f.state, 'failed');
    assert.equal(f.done, 1);
    assert.ok(f.failure);
    assert.deepEqual(f.failure.output, ['it broke']);
    assert.match(f.failure.title, /register/);

    const interrupted = upInputs('ciab');
    interrupted.record = {
      ...interrupted.record,
      journal: [
        { id: 'host.answers', status: 'done', started: 't', finished: 't' },
        { id: 'packages.install', status: 'running', started: 't', finished: '' },
      ],
    };
    const i = assessStatus(interrupted).install;
    assert.equal(i.state, 'interrupted');
    assert.equal(i.current?.id, 'packages.install');

    const partial = upInputs('ciab');
    partial.record = { ...partial.record, journal: partial.record.journal.slice(0, 5) };
    assert.equal(assessStatus(partial).install.state, 'interrupted', 'killed between two tasks');

    const fresh = upInputs('ciab');
    fresh.record = { runLock: 'none', latestLog: undefined, journal: [] };
    assert.equal(assessStatus(fresh).install.state, 'not-installed');
  });
});
