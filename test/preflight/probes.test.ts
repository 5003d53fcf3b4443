/**
 * The answer-dependent probes with their host boundary (DNS, ping, HTTP) injected: the sweep pings only
 * on the host's own subnet and only within its bound, repositories are probed at repodata/repomd.xml, and a
 * probe that hangs becomes a note, not a hang.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswers } from '../../src/core/answers/validate.js';
import { getRelease } from '../../src/core/release/index.js';
import { probeAnswers } from '../../src/host/answer-probes.js';
import type { AnswerProbeDeps } from '../../src/host/answer-probes.js';
import type { HostFacts } from '../../src/host/facts/types.js';

const answers = validateAnswers(
  yaml.load(readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8')),
).answers as Answers;
const release = getRelease('eucalyptus-4.4');

function facts(address: string): HostFacts {
  return {
    interfaces: [
      {
        index: 2,
        name: 'eth0',
        flags: [],
        up: true,
        lowerUp: true,
        operState: 'UP',
        addresses: [
          { family: 'inet', address, prefix: 24, scope: 'global', dynamic: false, secondary: false },
        ],
        wireless: false,
        physical: true,
        kind: 'wired',
      },
    ],
    neighbours: [
      {
        address: '192.168.56.130',
        dev: 'eth0',
        lladdr: 'aa:bb:cc:dd:ee:ff',
        states: ['STALE'],
        router: false,
      },
    ],
  } as unknown as HostFacts;
}

function deps(pinged: string[], fetched: string[]): AnswerProbeDeps {
  return {
    lookup: (name) => Promise.resolve(name === 'ciab.example.lan' ? ['192.168.56.10'] : []),
    ping: (address) => {
      pinged.push(address);
      return Promise.resolve(address === '192.168.56.105');
    },
    fetchOk: (url) => {
      fetched.push(url);
      return Promise.resolve(url.includes('epel') ? { ok: false, error: 'HTTP 404' } : { ok: true });
    },
  };
}

describe('answer probes', () => {
  it('on the subnet: pings at most 64 range addresses, reports ARP and ping answers', async () => {
    const pinged: string[] = [];
    const fetched: string[] = [];
    const probes = await probeAnswers(answers, release, facts('192.168.56.10'), {
      deps: deps(pinged, fetched),
    });
    assert.deepEqual(probes.hostnameAddresses, ['192.168.56.10']);
    assert.equal(pinged.length, 40, 'the two example ranges hold 40 addresses');
    assert.equal(probes.probedAddresses, 40);
    assert.deepEqual(probes.liveAddresses, ['192.168.56.105', '192.168.56.130']);
    assert.equal(fetched.length, 6);
    assert.ok(fetched.every((u) => u.endsWith('/repodata/repomd.xml')));
    assert.deepEqual(
      probes.repositories?.filter((r) => !r.reachable).map((r) => `${r.id}: ${r.error ?? ''}`),
      ['epel: HTTP 404'],
    );
  });

  it('off the subnet: sends no ping at all, only the neighbour table counts', async () => {
    const pinged: string[] = [];
    const probes = await probeAnswers(answers, release, facts('10.9.9.9'), { deps: deps(pinged, []) });
    assert.deepEqual(pinged, []);
    assert.equal(probes.probedAddresses, 0);
    assert.deepEqual(probes.liveAddresses, ['192.168.56.130']);
  });

  it('a hung probe becomes a note within the deadline', async () => {
    const started = Date.now();
    const probes = await probeAnswers(answers, release, facts('10.9.9.9'), {
      timeoutMs: 300,
      deps: { ...deps([], []), lookup: () => new Promise(() => undefined) },
    });
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(probes.hostnameAddresses, []);
    assert.match(probes.notes.join('\n'), /host name lookup: timed out after 300 ms/);
  });
});
