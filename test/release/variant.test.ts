/**
 * A second, deliberately different release made only from the step library and a file table: it plans and
 * renders with no change to the engine, the CLI, the preflight or the kickstart (test/release/variant/).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { renderFiles } from '../../src/core/render/index.js';
import { variantSteps } from './variant/procedure.js';
import { variantRelease } from './variant/release.js';

function answers(): Answers {
  const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
  const { answers: parsed, problems } = validateAnswersText(text);
  assert.ok(parsed, JSON.stringify(problems));
  return parsed;
}

const task = (id: string) => {
  const found = buildPlan(answers(), variantRelease, {}, 'ciab').tasks.find((t) => t.id === id);
  assert.ok(found, `the variant's plan has ${id}`);
  return found;
};

describe('a test-only release built from the step library alone', () => {
  it('plans its own steps, in its order, for each role', () => {
    const ids = variantSteps.map((s) => s.id);
    const ciab: string[] = buildPlan(answers(), variantRelease, {}, 'ciab').tasks.map((t) => t.id);
    assert.deepEqual([...ciab], ids);
    const nc = buildPlan(answers(), variantRelease, {}, 'nc').tasks.map((t) => t.id);
    assert.deepEqual(nc, [
      'host.answers',
      'host.hosts',
      'host.firewall',
      'repositories.files',
      'packages.install',
      'bridge.network',
      'configuration.timesync',
      'configuration.eucalyptus',
      'register.nodeStart',
      'summary.write',
    ]);
    // what 4.4 has and the variant leaves out, and the other way round
    const release44 = buildPlan(answers(), getRelease('eucalyptus-4.4'), {}, 'ciab').tasks.map((t) => t.id);
    assert.ok(release44.includes('register.clusterStart') && !ciab.includes('register.clusterStart'));
    assert.ok(ciab.includes('host.firewall') && !release44.includes('host.firewall'));
  });

  it('starts its cluster controller with the cloud: start.cloud waits for both ports', () => {
    const { ports } = variantRelease;
    const start = task('start.cloud');
    assert.match(start.apply, new RegExp(`ciab_port_open ${ports.cloud}\\b`));
    assert.match(start.apply, new RegExp(`ciab_port_open ${ports.cluster}\\b`));
    assert.match(start.check, new RegExp(`ciab_port_open ${ports.cluster}\\b`));
  });

  it('writes and uploads network.yaml, not network.json', () => {
    const configuration = task('configuration.eucalyptus');
    assert.deepEqual(
      configuration.files.map((f) => f.path),
      ['/etc/eucalyptus/eucalyptus.conf', '/etc/eucalyptus/network.yaml'],
    );
    assert.match(
      task('cloud.network').apply,
      /cloud\.network\.network_configuration=@\/etc\/eucalyptus\/network\.yaml/,
    );
  });

  it("renders network.yaml with the same configuration as 4.4's network.json", () => {
    const content = (files: { path: string; content: string }[], path: string): string => {
      const file = files.find((f) => f.path === path);
      assert.ok(file, path);
      return file.content;
    };
    const variant = yaml.load(
      content(renderFiles(answers(), variantRelease, {}), '/etc/eucalyptus/network.yaml'),
    );
    const json: unknown = JSON.parse(
      content(renderFiles(answers(), getRelease('eucalyptus-4.4'), {}), '/etc/eucalyptus/network.json'),
    );
    assert.deepEqual(variant, json);
    assert.ok(!renderFiles(answers(), variantRelease, {}).some((f) => f.path.endsWith('network.json')));
  });
});
