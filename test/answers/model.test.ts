/**
 * The answers model: validation parses network.address and the instance ranges once, and every consumer
 * reads the parsed values. Each derived value is checked, and answers that fail validation never get one.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import type { AnswersModel, HostNetwork } from '../../src/core/answers/model.js';
import { deriveModel, hostNetworkSources } from '../../src/core/answers/model.js';
import { UnvalidatedAnswersError } from '../../src/core/answers/unvalidated.js';
import { validateAnswers, validateAnswersText } from '../../src/core/answers/validate.js';
import { toNumber } from '../../src/core/net.js';

const fixture = (name: string): string =>
  readFileSync(new URL(`../fixtures/answers/${name}`, import.meta.url), 'utf8');

function modelOf(name: string): AnswersModel {
  const { answers, model, problems } = validateAnswersText(fixture(name));
  assert.ok(model, JSON.stringify(problems));
  assert.equal(model.answers, answers, 'the model holds the validated answers themselves');
  return model;
}

const range = (first: string, last: string) => ({ first: toNumber(first), last: toNumber(last) });

describe('the answers model', () => {
  it('example.yaml (a /24): every derived value', () => {
    const { net, ranges } = modelOf('example.yaml');
    const expected: HostNetwork = {
      address: '192.168.56.10',
      prefix: 24,
      cidr: '192.168.56.10/24',
      network: '192.168.56.0',
      netmask: '255.255.255.0',
      broadcast: '192.168.56.255',
      subnet: {
        address: '192.168.56.10',
        prefix: 24,
        network: '192.168.56.0',
        netmask: '255.255.255.0',
        broadcast: '192.168.56.255',
      },
      gateway: '192.168.56.1',
    };
    assert.deepEqual(net, expected);
    assert.deepEqual(ranges, {
      publicIps: [range('192.168.56.100', '192.168.56.119')],
      privateIps: [range('192.168.56.120', '192.168.56.139')],
    });
  });

  it('small-slash28.yaml and lab-slash16.yaml: prefix math at both ends', () => {
    const small = modelOf('small-slash28.yaml').net;
    assert.deepEqual(
      [small.address, small.prefix, small.network, small.netmask, small.broadcast, small.gateway],
      ['203.0.113.34', 28, '203.0.113.32', '255.255.255.240', '203.0.113.47', '203.0.113.33'],
    );
    const lab = modelOf('lab-slash16.yaml').net;
    assert.deepEqual(
      [lab.address, lab.prefix, lab.cidr, lab.network, lab.netmask, lab.broadcast, lab.gateway],
      ['10.20.0.5', 16, '10.20.0.5/16', '10.20.0.0', '255.255.0.0', '10.20.255.255', '10.20.0.1'],
    );
  });

  it('single addresses and several entries: one range each, in the answers order', () => {
    const raw = yaml.load(fixture('example.yaml')) as { cloud: Record<string, unknown> };
    raw.cloud.publicIps = ['192.168.56.100-192.168.56.109', '192.168.56.115'];
    const { model, problems } = validateAnswers(raw);
    assert.ok(model, JSON.stringify(problems));
    assert.deepEqual(model.ranges.publicIps, [
      range('192.168.56.100', '192.168.56.109'),
      range('192.168.56.115', '192.168.56.115'),
    ]);
  });

  it("the instances' DNS default is the parsed host address", () => {
    const raw = yaml.load(fixture('example.yaml')) as { cloud: Record<string, unknown> };
    delete raw.cloud.instanceDns;
    const { model } = validateAnswers(raw);
    assert.deepEqual(model?.answers.cloud.instanceDns, ['192.168.56.10']);
  });

  it('invalid answers never get a model: a bad address, a bad range, a cross-field error', () => {
    const edits: [
      string,
      (raw: { network: Record<string, unknown>; cloud: Record<string, unknown> }) => void,
    ][] = [
      ['no prefix', (raw) => (raw.network.address = '192.168.56.10')],
      ['prefix over 32', (raw) => (raw.network.address = '192.168.56.10/33')],
      ['a range backwards', (raw) => (raw.cloud.publicIps = ['192.168.56.119-192.168.56.100'])],
      ['gateway outside the subnet', (raw) => (raw.network.gateway = '10.0.0.1')],
    ];
    for (const [what, edit] of edits) {
      const raw = yaml.load(fixture('example.yaml')) as Parameters<(typeof edits)[number][1]>[0];
      edit(raw);
      const result = validateAnswers(raw);
      assert.equal(result.model, undefined, what);
      assert.equal(result.answers, undefined, what);
      assert.ok(
        result.problems.some((p) => p.severity === 'error'),
        what,
      );
    }
  });

  it('answers that skipped validation: deriveModel refuses them, naming the answer', () => {
    const { answers } = modelOf('example.yaml');
    assert.throws(
      () => deriveModel({ ...answers, network: { ...answers.network, address: '192.168.56.10' } }),
      (e: unknown) =>
        e instanceof UnvalidatedAnswersError && /^network\.address "192\.168\.56\.10"/.test(e.message),
    );
    assert.throws(
      () => deriveModel({ ...answers, cloud: { ...answers.cloud, privateIps: ['nonsense'] } }),
      (e: unknown) => e instanceof UnvalidatedAnswersError && /^cloud\.privateIps "nonsense"/.test(e.message),
    );
  });

  it('each parsed value names the answer it comes from', () => {
    const { net } = modelOf('example.yaml');
    assert.deepEqual(Object.keys(hostNetworkSources).sort(), Object.keys(net).sort());
    assert.equal(hostNetworkSources.gateway, 'network.gateway');
    for (const key of ['address', 'prefix', 'cidr', 'network', 'netmask', 'broadcast', 'subnet'] as const)
      assert.equal(hostNetworkSources[key], 'network.address', key);
  });
});
