import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { preludeText, taskFunctions, taskHash } from '../../src/core/bash/tasks.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { planToJson } from '../../src/core/plan/json.js';
import { getRelease } from '../../src/core/release/index.js';

function answersFrom(file: string, edit: (text: string) => string = (t) => t): Answers {
  const text = edit(readFileSync(new URL(`../fixtures/answers/${file}`, import.meta.url), 'utf8'));
  const { answers, problems } = validateAnswersText(text);
  assert.ok(answers, JSON.stringify(problems));
  return answers;
}

const release = getRelease('eucalyptus-4.4');

describe('buildPlan', () => {
  it('is pure: the same answers give the same plan', () => {
    const a = buildPlan(answersFrom('example.yaml'), release, { nicHwaddr: '52:54:00:12:34:56' }, 'ciab');
    const b = buildPlan(answersFrom('example.yaml'), release, { nicHwaddr: '52:54:00:12:34:56' }, 'ciab');
    assert.equal(planToJson(a), planToJson(b));
  });

  // Issue 12 A'.5: any other enabled .repo on the host (a dead mirror list) would fail the install's yum.
  it('yum installs only from the repositories the plan writes, the keys written with them', () => {
    const plan = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab');
    const task = (id: string) => plan.tasks.find((t) => t.id === id);
    const written = task('repositories.files')?.files ?? [];
    const sections = written
      .filter((f) => f.path.startsWith('/etc/yum.repos.d/'))
      .flatMap((f) => [...f.content.matchAll(/^\[([^\]]+)\]$/gm)].map((m) => m[1]));
    const yum = (task('packages.install')?.apply ?? '').split('\n').find((l) => /^yum /.test(l)) ?? '';
    assert.match(yum, /^yum -y '--disablerepo=\*' --enablerepo=(\S+) install /);
    const enabled = /--enablerepo=(\S+)/.exec(yum)?.[1]?.split(',') ?? [];
    assert.deepEqual([...enabled].sort(), [...sections].sort());
    for (const key of release.signingKeys)
      assert.ok(
        written.some((f) => f.path === key.path),
        `${key.path} is written before yum runs`,
      );
  });

  it('orders the tasks by phase and gives each a unique id', () => {
    const plan = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab');
    const ids = plan.tasks.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
    const phaseOrder = plan.phases.map((p) => p.id);
    const positions = plan.tasks.map((t) => phaseOrder.indexOf(t.phase));
    assert.deepEqual(
      positions,
      [...positions].sort((x, y) => x - y),
    );
    for (const id of ids) assert.match(id, /^[a-z][A-Za-z]*\.[a-z][A-Za-z]*$/);
  });

  it('follows the 4.4 order: initialise before start, register before configuring storage', () => {
    const ids = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks.map((t) => t.id);
    const before = (a: string, b: string) => {
      assert.ok(ids.indexOf(a) < ids.indexOf(b), `${a} before ${b}`);
    };
    before('packages.install', 'bridge.network');
    before('start.initialize', 'start.cloud');
    before('start.cloud', 'register.ufs');
    before('register.storage', 'cloud.blockstorage');
    before('register.walrus', 'cloud.objectstorage');
    before('cloud.network', 'cloud.ready');
  });

  it('leaves out the service image and console when not asked for', () => {
    const answers = answersFrom('example.yaml', (t) =>
      t
        .replace('extraServices: true', 'extraServices: false')
        .replace('  zone: zone-1', '  zone: zone-1\n  console: false'),
    );
    const ids = buildPlan(answers, release, {}, 'ciab').tasks.map((t) => t.id);
    assert.ok(!ids.some((id) => id.startsWith('serviceImage.') || id.startsWith('console.')));
    const packages = buildPlan(answers, release, {}, 'ciab').tasks.find((t) => t.id === 'packages.install');
    assert.doesNotMatch(packages?.apply ?? '', /eucaconsole|eucalyptus-service-image/);
  });

  it('makes SELinux permissive by default, now and in /etc/selinux/config, without booleans', () => {
    const tasks = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks;
    const selinux = tasks.find((t) => t.id === 'host.selinux');
    assert.ok(selinux, 'a host.selinux task');
    assert.match(
      selinux.apply,
      /sed -i 's\/\^SELINUX=enforcing\$\/SELINUX=permissive\/' \/etc\/selinux\/config/,
    );
    assert.match(selinux.apply, /= Enforcing \]; then setenforce Permissive; fi/);
    assert.match(selinux.undo ?? '', /ciab_restore \/etc\/selinux\/config/);
    assert.ok(!tasks.some((t) => t.id === 'configuration.selinux'));
  });

  it('keeps SELinux enforcing with the booleans when host.selinux is enforcing', () => {
    const tasks = buildPlan(
      answersFrom('example.yaml', (t) =>
        t.replace('  timezone: UTC', '  timezone: UTC\n  selinux: enforcing'),
      ),
      release,
      {},
      'ciab',
    ).tasks;
    const selinux = tasks.find((t) => t.id === 'host.selinux');
    assert.match(selinux?.apply ?? '', /s\/\^SELINUX=permissive\$\/SELINUX=enforcing\//);
    assert.match(selinux?.apply ?? '', /= Permissive \]; then setenforce Enforcing; fi/);
    assert.match(
      tasks.find((t) => t.id === 'configuration.selinux')?.apply ?? '',
      /setsebool -P eucalyptus_storage_controller=1 httpd_can_network_connect=1/,
    );
  });

  it('fixes the console before starting it: WebOb, the nginx pid file, both ports, the start-up log on failure', () => {
    const tasks = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks;
    const ids = tasks.map((t) => t.id);
    const task = (id: string) => tasks.find((t) => t.id === id)!;
    assert.ok(ids.indexOf('console.webob') < ids.indexOf('console.start'));
    assert.ok(ids.indexOf('console.initScript') < ids.indexOf('console.start'));
    // Only when both WebObs are installed (AppScale/ats-deploy: rpm -e --nodeps python-webob).
    assert.match(task('console.webob').check, /rpm -q python-webob .*&& rpm -q python-webob1\.4 /);
    assert.match(task('console.webob').apply, /^rpm -e --nodeps python-webob$/m);
    const init = task('console.initScript');
    assert.match(
      init.apply,
      /sed -i -E 's\|\^\(\[\[:space:\]\]\+\)daemon \/usr\/sbin\/nginx\|\\1daemon --pidfile \$\{NGINXPIDFILE\} \/usr\/sbin\/nginx\|' \/etc\/rc\.d\/init\.d\/eucaconsole/,
    );
    assert.match(init.undo ?? '', /ciab_restore \/etc\/rc\.d\/init\.d\/eucaconsole/);
    const start = task('console.start');
    assert.match(start.check, /ciab_port_open 8888 && ciab_port_open 443$/);
    assert.match(
      start.apply,
      /ciab_port_open 443; then\n {2}tail -n 20 \/var\/log\/eucaconsole_startup\.log >&2/,
    );
    assert.match(start.failureHint ?? '', /\/var\/log\/eucaconsole_startup\.log/);
  });

  it('the nginx fix is idempotent and leaves the rest of the init script alone', () => {
    const init = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab').tasks.find(
      (t) => t.id === 'console.initScript',
    )!;
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-init-'));
    const file = path.join(dir, 'eucaconsole');
    const stock = [
      'start() {',
      '        echo -n "Starting eucaconsole nginx: "',
      '        daemon /usr/sbin/nginx -c /etc/eucaconsole/nginx.conf $NGINX_FLAGS',
      '    daemon --user=$CONSOLEUSER --pidfile=$PIDFILE $PROCESS -d -p $PIDFILE -l $LOGFILE',
      '}',
      '',
    ].join('\n');
    writeFileSync(file, stock);
    const local = (snippet: string) =>
      snippet.replaceAll('/etc/rc.d/init.d/eucaconsole', file).replace(/^ciab_backup .*$/m, '');
    const runs = (snippet: string): boolean => {
      try {
        execFileSync('bash', ['-c', `set -eo pipefail\n${local(snippet)}`]);
        return true;
      } catch {
        return false;
      }
    };
    assert.equal(runs(init.check), false, 'the stock script needs the fix');
    assert.ok(runs(init.apply));
    const fixed = stock.replace('daemon /usr/sbin/nginx', 'daemon --pidfile ${NGINXPIDFILE} /usr/sbin/nginx');
    assert.equal(readFileSync(file, 'utf8'), fixed);
    assert.ok(runs(init.check));
    assert.ok(runs(init.apply));
    assert.equal(readFileSync(file, 'utf8'), fixed, 'a second run changes nothing');
  });

  it('changes the hash of exactly the tasks whose inputs changed', () => {
    const a = buildPlan(answersFrom('example.yaml'), release, {}, 'ciab');
    const b = buildPlan(
      answersFrom('example.yaml', (t) =>
        t.replace('dnsDomain: cloud.example.lan', 'dnsDomain: c2.example.lan'),
      ),
      release,
      {},
      'ciab',
    );
    const changed = a.tasks.filter((t, i) => taskHash(t) !== taskHash(b.tasks[i] ?? t)).map((t) => t.id);
    assert.ok(changed.includes('cloud.dns'));
    assert.ok(!changed.includes('packages.install'));
    assert.ok(!changed.includes('bridge.network'));
  });

  it('never carries a secret in a snippet or in its JSON form', () => {
    const answers = answersFrom('example.yaml', (t) =>
      t.replace('password: null', 'password: Sup3rSecretPw'),
    );
    const plan = buildPlan(answers, release, {}, 'ciab');
    const json = planToJson(plan);
    assert.doesNotMatch(json, /Sup3rSecretPw/);
    for (const task of plan.tasks)
      assert.doesNotMatch(task.check + task.apply + (task.undo ?? ''), /Sup3rSecretPw/);
    const secretFiles = plan.tasks.flatMap((t) => t.files).filter((f) => f.content.includes('Sup3rSecretPw'));
    assert.ok(secretFiles.length > 0);
    for (const file of secretFiles) assert.deepEqual([file.secret, file.mode], [true, '600']);
  });

  it('passes shellcheck: every check, apply and undo with the task library', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-plan-'));
    for (const fixture of ['example.yaml']) {
      const plan = buildPlan(answersFrom(fixture), release, { nicHwaddr: '52:54:00:12:34:56' }, 'ciab');
      const script = ['#!/bin/bash', preludeText(), taskFunctions(plan.tasks, { undo: true })].join('\n');
      const file = path.join(dir, `${fixture}.bash`);
      writeFileSync(file, script);
      try {
        execFileSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
      } catch (error) {
        assert.fail(`shellcheck found problems:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
      }
    }
  });
});

describe('buildPlan roles', () => {
  const ids = (role: 'ciab' | 'frontend' | 'nc') =>
    buildPlan(answersFrom('example.yaml'), release, {}, role).tasks.map((t) => t.id);

  it('gives the frontend everything but the node controller', () => {
    const frontend = ids('frontend');
    assert.ok(frontend.includes('start.cloud'));
    assert.ok(!frontend.includes('register.nodeStart'));
    assert.ok(!frontend.includes('register.node'));
  });

  it('gives a node controller host only the node side', () => {
    const nc = ids('nc');
    assert.ok(nc.includes('register.nodeStart') && nc.includes('bridge.network'));
    assert.ok(
      !nc.some((id) => id.startsWith('start.') || id.startsWith('cloud.') || id.startsWith('credentials.')),
    );
    const packages = buildPlan(answersFrom('example.yaml'), release, {}, 'nc').tasks.find(
      (t) => t.id === 'packages.install',
    );
    assert.match(packages?.apply ?? '', /eucalyptus-node/);
    assert.doesNotMatch(packages?.apply ?? '', /eucalyptus-cloud/);
  });
});
