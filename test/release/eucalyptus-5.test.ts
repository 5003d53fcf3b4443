/**
 * The eucalyptus-5 profile: what its plan does differently from 4.4's, each difference as its sources say
 * (src/core/release/eucalyptus-5.ts, docs/SOURCES.md "Eucalyptus 5").
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { compileScript } from '../../src/core/bash/standalone.js';
import { deriveModel } from '../../src/core/answers/model.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { evaluate } from '../../src/core/preflight/evaluate.js';
import { GiB, healthy, probesOk } from '../preflight/fixture.js';
import type { Plan } from '../../src/core/plan/types.js';
import { getRelease } from '../../src/core/release/index.js';
import type { Role } from '../../src/core/role.js';

const release = getRelease('eucalyptus-5');

function answers(edit: (text: string) => string = (t) => t): Answers {
  const text = readFileSync(new URL('../fixtures/answers/eucalyptus-5.yaml', import.meta.url), 'utf8');
  const { answers: parsed, problems } = validateAnswersText(edit(text));
  assert.ok(parsed, JSON.stringify(problems));
  return parsed;
}

const plan = (role: Role = 'ciab', a: Answers = answers()): Plan => buildPlan(a, release, {}, role);
const task = (id: string, p: Plan = plan()) => {
  const found = p.tasks.find((t) => t.id === id);
  assert.ok(found, `the plan has ${id}`);
  return found;
};
/** Every snippet of the plan: what the host runs. */
const snippets = (p: Plan): string[] =>
  p.tasks.flatMap((t) => [t.check, t.apply, ...(t.undo === undefined ? [] : [t.undo])]);

describe('eucalyptus-5', () => {
  it('is a release the answers accept, on CentOS 7.9', () => {
    assert.equal(answers().release, 'eucalyptus-5');
    assert.equal(release.os.majorVersion, 7);
    assert.match(release.os.label, /7\.9/);
  });

  it('never enables or starts eucalyptus-cluster: the cluster controller runs inside eucalyptus-cloud', () => {
    for (const role of ['ciab', 'frontend', 'nc'] as const) {
      const p = plan(role);
      // (the package eucalyptus-cluster, a Provides of 5's eucalyptus-cc, is still installed)
      for (const snippet of snippets(p))
        assert.doesNotMatch(
          snippet,
          /eucalyptus-(cluster|cc)\.service|(ciab_units_\w+|systemctl) [^\n]*eucalyptus-(cluster|cc)/,
        );
      assert.ok(!p.tasks.some((t) => t.id === 'register.clusterStart'));
    }
    // 4.4 starts it on its own
    assert.ok(
      buildPlan(answers(), getRelease('eucalyptus-4.4'), {}, 'ciab').tasks.some(
        (t) => t.id === 'register.clusterStart',
      ),
    );
    // the cluster is registered with the cloud running, after its start
    const ids = plan().tasks.map((t) => t.id);
    assert.ok(ids.indexOf('start.cloud') < ids.indexOf('register.cluster'));
    assert.match(task('start.cloud').apply, /ciab_units_start eucalyptus-cloud\.service\n/);
  });

  it('writes network.yaml and uploads it with euctl cloud.network.network_configuration=@', () => {
    assert.deepEqual(
      task('configuration.eucalyptus').files.map((f) => f.path),
      ['/etc/eucalyptus/eucalyptus.conf', '/etc/eucalyptus/network.yaml'],
    );
    assert.match(
      task('cloud.network').apply,
      /euctl cloud\.network\.network_configuration=@\/etc\/eucalyptus\/network\.yaml/,
    );
    for (const snippet of snippets(plan())) assert.doesNotMatch(snippet, /network\.json/);
  });

  it('names the region as the playbooks do', () => {
    const region = task('cloud.region');
    assert.match(region.apply, /euctl region\.region_name=cloud-1/);
    assert.match(region.check, /ciab_property_is region\.region_name cloud-1/);
  });

  it('sets the DAS device before the manager, as the playbooks do (4.4 the other way round)', () => {
    const das = answers((t) =>
      t
        .replace('blockStorage: overlay', 'blockStorage: das')
        .replace('dasDevice: null', 'dasDevice: /dev/sdb'),
    );
    const apply = task('cloud.blockstorage', plan('ciab', das)).apply;
    assert.ok(
      apply.indexOf('zone-1.storage.dasdevice=') < apply.indexOf('zone-1.storage.blockstoragemanager='),
    );
    const apply44 = buildPlan(das, getRelease('eucalyptus-4.4'), {}, 'ciab').tasks.find(
      (t) => t.id === 'cloud.blockstorage',
    )?.apply;
    assert.ok(apply44 !== undefined);
    assert.ok(apply44.indexOf('blockstoragemanager=') < apply44.indexOf('dasdevice='));
  });

  it('installs qemu-kvm-ev from the virtualisation SIG on node controllers, Eucalyptus 5.0.0 or later', () => {
    assert.match(task('packages.install', plan('nc')).apply, /install eucalyptus-node qemu-kvm-ev/);
    assert.match(task('packages.install', plan('nc')).apply, /--enablerepo=[^ ]*centos-qemu-ev/);
    assert.doesNotMatch(task('packages.install', plan('frontend')).apply, /qemu-kvm-ev/);
    assert.match(task('packages.version').check, /ciab_version_at_least eucalyptus 5\.0\.0/);
  });

  it("check: warns below the guide's 16 GB of memory (4.4 does not at 8 GB); fatal only below the install's floor", () => {
    const memory = (gib: number, r = release) => {
      const facts = { ...healthy(), memory: { totalBytes: gib * GiB, values: {} } };
      const results = evaluate(
        { facts, model: deriveModel(answers()), release: r, probes: probesOk() },
        { accept: [], force: [] },
      );
      const result = results.find((x) => x.id === 'memory');
      assert.ok(result);
      return result;
    };
    assert.equal(memory(16).verdict, 'ok');
    const eight = memory(8);
    assert.equal(eight.verdict, 'warning');
    assert.match(eight.diagnosis, /16\.0 GB is recommended/);
    assert.equal(memory(8, getRelease('eucalyptus-4.4')).verdict, 'ok');
    assert.equal(memory(2).verdict, 'fatal');
    assert.equal(release.requirements.recommendedDiskGiB, 100);
  });

  // (ciab only, as test/script for 4.4: a frontend's or a node controller's script draws SC2317 notes on
  // library functions its tasks never call, 4.4's as much as 5's)
  it('compiles to a standalone script (`script`, the first boot) that passes shellcheck', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ciab-5-script-'));
    try {
      const file = path.join(dir, 'install.sh');
      writeFileSync(file, compileScript(plan(), { generatedBy: 'by a test', role: 'ciab' }));
      execFileSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses, before anything changes, a host where another Eucalyptus release is installed', () => {
    const p = plan();
    const first = p.tasks[0];
    assert.ok(first);
    assert.equal(first.id, 'host.release');
    assert.equal(first.undo, undefined);
    const check = (installed: string): number => {
      const script = [
        `ciab_package_version() { printf '%s' ${JSON.stringify(installed)}; }`,
        `ciab_fail() { printf '%s\\n' "$*" >&2; return 1; }`,
        first.check,
      ].join('\n');
      try {
        execFileSync('bash', ['-euo', 'pipefail', '-c', script], { stdio: 'pipe' });
        return 0;
      } catch (error) {
        return (error as { status: number }).status;
      }
    };
    assert.equal(check(''), 0, 'nothing installed');
    assert.equal(check('5.1.0'), 0, 'Eucalyptus 5 installed');
    assert.equal(check('5'), 0);
    assert.notEqual(check('4.4.6'), 0, 'Eucalyptus 4.4 installed');
    assert.notEqual(check('50.0'), 0);
    assert.match(first.apply, /does not upgrade another release in place/);
  });
});
