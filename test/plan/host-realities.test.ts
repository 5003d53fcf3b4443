/**
 * What a real Eucalyptus 4.4 host needs from the plan's order and content (issue 12, A.3-A.5, A'.3, A'.4,
 * A'.7): the DAS manager before its device, NODES only for real node controllers, libvirt's default
 * network gone before any Eucalyptus service starts, bounded registration retries, the clock synchronised
 * before the cloud is initialised, and the imaging worker running before the service image counts as done.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { preludeText } from '../../src/core/bash/tasks.js';
import type { Role } from '../../src/core/role.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { Task } from '../../src/core/plan/types.js';
import { getRelease } from '../../src/core/release/index.js';

const release = getRelease('eucalyptus-4.4');

function answersFrom(file: string): Answers {
  const text = readFileSync(new URL(`../fixtures/answers/${file}`, import.meta.url), 'utf8');
  const { answers, problems } = validateAnswersText(text);
  assert.ok(answers, JSON.stringify(problems));
  return answers;
}

function task(id: string, file = 'example.yaml', role: Role = 'ciab'): Task {
  const found = buildPlan(answersFrom(file), release, {}, role).tasks.find((t) => t.id === id);
  assert.ok(found, `the ${role} plan has the task ${id}`);
  return found;
}

/** Runs bash with the task library and `script`; PATH starts with `bin` (stand-ins written by the test). */
function bashWithPrelude(script: string, bin: string): { code: number | null; out: string; err: string } {
  const r = spawnSync('bash', ['-c', `${preludeText()}\n${script}`], {
    encoding: 'utf8',
    env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe('DAS block storage (A.3)', () => {
  it("sets the zone's block storage manager before its DAS device, as the 4.4 guide does", () => {
    const blockstorage = task('cloud.blockstorage', 'das-storage.yaml');
    const apply = blockstorage.apply;
    const manager = apply.indexOf('das-zone.storage.blockstoragemanager=das');
    const device = apply.indexOf('das-zone.storage.dasdevice=/dev/sdb');
    assert.ok(manager >= 0 && device >= 0, apply);
    assert.ok(manager < device, 'the manager first, then the device');
    assert.deepEqual(release.dasPropertyOrder, ['blockstoragemanager', 'dasdevice']);
    // A run stopped between the two sets the device on the next run.
    assert.match(blockstorage.check, /ciab_property_is das-zone\.storage\.dasdevice \/dev\/sdb/);
  });

  it('sets no DAS device for overlay storage', () => {
    assert.doesNotMatch(task('cloud.blockstorage').apply + task('cloud.blockstorage').check, /dasdevice/);
  });
});

describe('NODES in eucalyptus.conf (A.4)', () => {
  const nodesLine = (role: Role): string => {
    const conf = task('configuration.eucalyptus', 'example.yaml', role).files.find(
      (f) => f.path === '/etc/eucalyptus/eucalyptus.conf',
    );
    assert.ok(conf, `the ${role} plan writes eucalyptus.conf`);
    return /^NODES=.*$/m.exec(conf.content)?.[0] ?? '(no NODES line)';
  };

  it('lists this host on the whole cloud in a box, and no node controller on a frontend', () => {
    assert.equal(nodesLine('ciab'), 'NODES="192.168.56.10"');
    assert.equal(nodesLine('frontend'), 'NODES=""');
  });
});

describe("libvirt's default network (A.5)", () => {
  for (const role of ['ciab', 'nc'] as const) {
    it(`${role}: is removed right after the packages are installed, before any Eucalyptus service starts`, () => {
      const ids = buildPlan(answersFrom('example.yaml'), release, {}, role).tasks.map((t) => t.id);
      const removal = ids.findIndex((id) =>
        task(id, 'example.yaml', role).apply.includes('net-destroy default'),
      );
      // Only the packages phase's own checks may stand between the install and the removal.
      const install = ids.indexOf('packages.install');
      assert.ok(install >= 0 && install < removal, ids.join(' '));
      assert.deepEqual(
        ids.slice(install + 1, removal).filter((id) => !id.startsWith('packages.')),
        [],
        ids.join(' '),
      );
      const firstStart = ids.findIndex((id) =>
        /ciab_units_start .*(eucalyptus|eucanetd)/.test(task(id, 'example.yaml', role).apply),
      );
      assert.ok(removal < firstStart, `${ids[removal]} before ${ids[firstStart]}`);
    });
  }
});

describe("registration retries (A'.3)", () => {
  it('retries every euserv-register-service within the bound the release gives', () => {
    const registrations = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks.filter((t) =>
      t.apply.includes('euserv-register-service'),
    );
    const { tries, intervalSeconds } = release.registration;
    assert.deepEqual([tries, intervalSeconds], [20, 10]);
    for (const t of ['register.ufs', 'register.walrus', 'register.cluster', 'register.storage'])
      assert.match(
        task(t).apply,
        new RegExp(`ciab_retry '?registering [^ ]+ ${tries} ${intervalSeconds} ciab_register_service `),
        t,
      );
    assert.deepEqual(registrations, [], 'no bare euserv-register-service call left');
  });

  it('ciab_retry: says each failure and the wait, and succeeds when the command does', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-retry-'));
    const counter = path.join(dir, 'count');
    writeFileSync(
      path.join(dir, 'flaky'),
      `#!/bin/bash\nn=$(( $(cat ${counter} 2>/dev/null || echo 0) + 1 ))\necho $n > ${counter}\n[ $n -gt 2 ] && { echo registered; exit 0; }\necho "error: not yet ($n)" >&2; exit 1\n`,
      { mode: 0o755 },
    );
    const r = bashWithPrelude("ciab_retry 'registering X' 5 0 flaky", dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /registering X failed \(attempt 1 of 5\): error: not yet \(1\)/);
    assert.match(r.out, /trying registering X again in 0 s/);
    assert.match(r.out, /registered/);
    assert.equal(readFileSync(counter, 'utf8').trim(), '3');
  });

  it('ciab_retry: gives up after the bound with the last error', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-retry-'));
    writeFileSync(path.join(dir, 'refused'), '#!/bin/bash\necho "error: refused" >&2; exit 1\n', {
      mode: 0o755,
    });
    const r = bashWithPrelude("ciab_retry 'registering X' 3 0 refused", dir);
    assert.equal(r.code, 1);
    assert.match(
      r.err,
      /gave up on registering X after 3 attempts, 0 s apart; the last one said: error: refused/,
    );
  });
});

describe("the clock (A'.4)", () => {
  it('waits (bounded) for chronyd to synchronise before clcadmin-initialize-cloud', () => {
    const apply = task('start.initialize').apply;
    const { tries, maxCorrectionSeconds } = release.clockSync;
    const wait = apply.indexOf(`ciab_clock_sync ${tries} ${maxCorrectionSeconds}`);
    assert.ok(wait >= 0, apply);
    assert.ok(wait < apply.indexOf('clcadmin-initialize-cloud'));
    assert.ok(tries > 0, 'a bounded wait (waitsync 0 would wait for ever)');
  });

  it('ciab_clock_sync: passes the bound to chronyc waitsync, and only warns when the clock does not synchronise', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-clock-'));
    const args = path.join(dir, 'args');
    writeFileSync(path.join(dir, 'chronyc'), `#!/bin/bash\necho "$*" > ${args}\nexit 1\n`, { mode: 0o755 });
    const r = bashWithPrelude('set -e; ciab_clock_sync 3 1; echo after', dir);
    assert.equal(r.code, 0, r.err);
    assert.equal(readFileSync(args, 'utf8').trim(), 'waitsync 3 1');
    assert.match(r.err, /warning: the clock is not synchronised after 30 s/);
    assert.match(r.out, /after/);
  });
});

describe("the imaging worker (A'.7)", () => {
  it('waits until the imaging worker instance runs, after its stack is created', () => {
    const ids = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks.map((t) => t.id);
    assert.equal(ids[ids.indexOf('serviceImage.imaging') + 1], 'serviceImage.worker');
    const worker = task('serviceImage.worker');
    assert.match(worker.check, /ciab_imaging_worker_running/);
    assert.match(worker.apply, /ciab_wait .* ciab_imaging_worker_running/);
    assert.match(worker.failureHint ?? '', /addresses/);
    assert.match(worker.failureHint ?? '', /instance slots/);
    assert.match(preludeText(), /--filter tag-value=euca-internal-imaging-workers/);
  });

  it('ciab_imaging_worker_running: under pipefail, output after the INSTANCE line does not fail it (no SIGPIPE race)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-worker-'));
    // Like euca2ools, the listing goes on after the INSTANCE line (TAG lines); a reader that stops at the
    // first match leaves it writing into a closed pipe: it dies of SIGPIPE, and pipefail fails the check.
    writeFileSync(
      path.join(dir, 'euca-describe-instances'),
      '#!/bin/bash\necho RESERVATION\necho INSTANCE\nsleep 0.3\nfor i in $(seq 200); do echo "TAG instance x Name y"; done\n',
      { mode: 0o755 },
    );
    const r = bashWithPrelude('set -eo pipefail\nciab_imaging_worker_running', dir);
    assert.equal(r.code, 0, r.err);
  });

  it('is not waited for on a frontend, which has no instance slot before node controllers join it', () => {
    const ids = buildPlan(answersFrom('example.yaml'), release, {}, 'frontend').tasks.map((t) => t.id);
    assert.ok(ids.includes('serviceImage.imaging') && !ids.includes('serviceImage.worker'));
  });

  it('is not waited for without the service image', () => {
    const answers = { ...answersFrom('example.yaml') };
    answers.cloud = { ...answers.cloud, extraServices: false };
    const ids = buildPlan(answers, release, {}, 'ciab').tasks.map((t) => t.id);
    assert.ok(!ids.includes('serviceImage.worker'));
  });
});

describe('the new prelude functions', () => {
  it('pass shellcheck', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-prelude-'));
    const file = path.join(dir, 'prelude.bash');
    writeFileSync(file, `#!/bin/bash\n${preludeText()}\n`);
    execFileSync('shellcheck', ['-s', 'bash', '-S', 'warning', file], { encoding: 'utf8' });
  });
});
