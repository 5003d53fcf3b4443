import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { preludeText, taskFunctions, taskHash } from '../../src/core/engine/script.js';
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
    const a = buildPlan(answersFrom('example.yaml'), release, { nicHwaddr: '52:54:00:12:34:56' });
    const b = buildPlan(answersFrom('example.yaml'), release, { nicHwaddr: '52:54:00:12:34:56' });
    assert.equal(planToJson(a), planToJson(b));
  });

  it('orders the tasks by phase and gives each a unique id', () => {
    const plan = buildPlan(answersFrom('example.yaml'), release, {});
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
    const ids = buildPlan(answersFrom('example.yaml'), release, {}).tasks.map((t) => t.id);
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
    const ids = buildPlan(answers, release, {}).tasks.map((t) => t.id);
    assert.ok(!ids.some((id) => id.startsWith('serviceImage.') || id.startsWith('console.')));
    const packages = buildPlan(answers, release, {}).tasks.find((t) => t.id === 'packages.install');
    assert.doesNotMatch(packages?.apply ?? '', /eucaconsole|eucalyptus-service-image/);
  });

  it('changes the hash of exactly the tasks whose inputs changed', () => {
    const a = buildPlan(answersFrom('example.yaml'), release, {});
    const b = buildPlan(
      answersFrom('example.yaml', (t) =>
        t.replace('dnsDomain: cloud.example.lan', 'dnsDomain: c2.example.lan'),
      ),
      release,
      {},
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
    const plan = buildPlan(answers, release, {});
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
      const plan = buildPlan(answersFrom(fixture), release, { nicHwaddr: '52:54:00:12:34:56' });
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
