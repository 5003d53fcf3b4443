/**
 * The answer-dependent probes with their host boundary (DNS, ping, HTTP) injected: the sweep pings only
 * on the host's own subnet and only within its bound, repositories are probed at repodata/repomd.xml, and a
 * probe that hangs becomes a note, not a hang.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { deriveModel } from '../../src/core/answers/model.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswers } from '../../src/core/answers/validate.js';
import { getRelease } from '../../src/core/release/index.js';
import { probeAnswers } from '../../src/host/answer-probes.js';
import { parseIpNeighText } from '../../src/core/facts/ip-neigh.js';
import type { AnswerProbeDeps } from '../../src/host/answer-probes.js';
import type { HostFacts, IpNeighbour } from '../../src/core/facts/types.js';

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
      // answered ARP once; drops ping, answers ARP again when pinged
      neighbour('192.168.56.130', 'STALE'),
      // answered ARP once, long gone
      neighbour('192.168.56.131', 'STALE'),
      // answering ARP right now
      neighbour('192.168.56.132', 'REACHABLE'),
      // outside the ranges
      neighbour('192.168.56.1', 'REACHABLE'),
      // beyond the 64-address bound of a big range, seen before: pinged too
      neighbour('192.168.57.200', 'STALE'),
    ],
  } as unknown as HostFacts;
}

function neighbour(address: string, state: string): IpNeighbour {
  return { address, dev: 'eth0', lladdr: 'aa:bb:cc:dd:ee:ff', states: [state], router: false };
}

function deps(pinged: string[], fetched: string[]): AnswerProbeDeps {
  return {
    lookup: (name) => Promise.resolve(name === 'ciab.example.lan' ? ['192.168.56.10'] : []),
    ping: (address) => {
      pinged.push(address);
      return Promise.resolve(address === '192.168.56.105');
    },
    // after the pings: .130 answered the ARP that the ping caused; .131 did not
    neighbours: () =>
      Promise.resolve([
        neighbour('192.168.56.130', 'REACHABLE'),
        neighbour('192.168.56.131', 'FAILED'),
        neighbour('192.168.56.132', 'REACHABLE'),
      ]),
    fetchOk: (url) => {
      fetched.push(url);
      return Promise.resolve(
        url.includes('epel') || url.includes('mirrorlist.centos.org')
          ? { ok: false, error: 'HTTP 404' }
          : { ok: true },
      );
    },
    // The stock CentOS-Base.repo (replaced by the install), a dead third-party mirror list, a disabled one.
    repoFiles: () =>
      Promise.resolve([
        {
          name: 'CentOS-Base.repo',
          text: '[base]\nmirrorlist=http://mirrorlist.centos.org/?release=$releasever&arch=$basearch&repo=os&infra=$infra\n',
        },
        {
          name: 'CentOS-SCLo-scl.repo',
          text: '[centos-sclo-sclo]\nname=SCLo\nmirrorlist=http://mirrorlist.centos.org?arch=$basearch&release=7&repo=sclo-sclo\nenabled=1\n\n[centos-sclo-sclo-testing]\nbaseurl=http://buildlogs.centos.org/centos/7/sclo/$basearch/sclo/\nenabled=0\n',
        },
        { name: 'local.repo', text: '[local]\nbaseurl=file:///srv/local/\n        http://other/\n' },
      ]),
  };
}

describe('answer probes', () => {
  it('on the subnet: pings the range addresses, reports ping answers and ARP answers now', async () => {
    const pinged: string[] = [];
    const fetched: string[] = [];
    const probes = await probeAnswers(deriveModel(answers), release, facts('192.168.56.10'), {
      deps: deps(pinged, fetched),
    });
    assert.deepEqual(probes.hostnameAddresses, ['192.168.56.10']);
    assert.equal(pinged.length, 40, 'the two example ranges hold 40 addresses');
    assert.equal(probes.probedAddresses, 40);
    assert.deepEqual(probes.liveAddresses, ['192.168.56.105', '192.168.56.130', '192.168.56.132']);
    assert.equal(fetched.filter((u) => u.endsWith('/repodata/repomd.xml')).length, 6 + 1, 'ours and local');
    assert.deepEqual(
      probes.repositories?.filter((r) => !r.reachable).map((r) => `${r.id}: ${r.error ?? ''}`),
      ['epel: HTTP 404'],
    );
  });

  // Issue 12 A'.5: a .repo the host already had, whose mirror list died with CentOS 7, fails every yum call.
  it("probes the host's other enabled repositories, not the files the install replaces", async () => {
    const fetched: string[] = [];
    const probes = await probeAnswers(deriveModel(answers), release, facts('10.9.9.9'), {
      deps: deps([], fetched),
    });
    assert.deepEqual(probes.otherRepositories, [
      {
        id: 'centos-sclo-sclo',
        url: 'http://mirrorlist.centos.org?arch=x86_64&release=7&repo=sclo-sclo',
        reachable: false,
        error: 'HTTP 404',
        file: '/etc/yum.repos.d/CentOS-SCLo-scl.repo',
      },
      { id: 'local', url: 'file:///srv/local/', reachable: true, file: '/etc/yum.repos.d/local.repo' },
    ]);
    assert.ok(fetched.includes('file:///srv/local/repodata/repomd.xml'));
  });

  it('with an offline repository, probes it alone among the repositories the install uses', async () => {
    const offline = { ...answers, repositories: { offline: 'file:///var/lib/cloud-in-a-box/offline-repo/' } };
    const probes = await probeAnswers(deriveModel(offline), release, facts('10.9.9.9'), {
      deps: deps([], []),
    });
    assert.deepEqual(probes.repositories, [
      { id: 'cloud-in-a-box-offline', url: 'file:///var/lib/cloud-in-a-box/offline-repo/', reachable: true },
    ]);
  });

  it('pings at most 64 addresses of a big range, plus those the neighbour table saw before', async () => {
    const big = { ...answers, cloud: { ...answers.cloud, publicIps: ['192.168.57.0-192.168.57.255'] } };
    const pinged: string[] = [];
    const probes = await probeAnswers(deriveModel(big), release, facts('192.168.56.10'), {
      deps: deps(pinged, []),
    });
    // the first 64 of the public range, then the STALE ones: .130 and .131 (private range), 57.200
    assert.equal(probes.probedAddresses, 64 + 3);
    assert.deepEqual(pinged.slice(0, 2), ['192.168.57.0', '192.168.57.1']);
    assert.deepEqual(pinged.slice(63), [
      '192.168.57.63',
      '192.168.56.130',
      '192.168.56.131',
      '192.168.57.200',
    ]);
  });

  it('off the subnet: sends no ping at all, only what answers ARP now (REACHABLE) counts', async () => {
    const pinged: string[] = [];
    const probes = await probeAnswers(deriveModel(answers), release, facts('10.9.9.9'), {
      deps: deps(pinged, []),
    });
    assert.deepEqual(pinged, []);
    assert.equal(probes.probedAddresses, 0);
    assert.deepEqual(probes.liveAddresses, ['192.168.56.132']);
  });

  it('IPv6 entries of the neighbour table (before and after the pings) are not part of the IPv4 sweep', async () => {
    // `ip neigh` as iproute 4.11 prints it with IPv6 neighbours beside the IPv4 ones
    const table = parseIpNeighText(
      [
        '192.168.56.132 dev eth0 lladdr aa:bb:cc:dd:ee:ff REACHABLE',
        'fd00::1 dev eth0  FAILED',
        'fe80::5054:ff:fe12:3456 dev eth0 lladdr 52:54:00:12:34:56 router STALE',
        'fd00::132 dev eth0 lladdr aa:bb:cc:dd:ee:ff REACHABLE',
      ].join('\n'),
    );
    const withIPv6 = { ...facts('192.168.56.10'), neighbours: table };
    const pinged: string[] = [];
    const probes = await probeAnswers(deriveModel(answers), release, withIPv6, {
      deps: { ...deps(pinged, []), neighbours: () => Promise.resolve(table) },
    });
    assert.deepEqual(probes.notes, []);
    assert.equal(probes.probedAddresses, 40);
    assert.ok(
      pinged.every((a) => !a.includes(':')),
      pinged.join(' '),
    );
    assert.deepEqual(probes.liveAddresses, ['192.168.56.105', '192.168.56.132']);
  });

  it('a hung probe becomes a note within the deadline', async () => {
    const started = Date.now();
    const probes = await probeAnswers(deriveModel(answers), release, facts('10.9.9.9'), {
      timeoutMs: 300,
      deps: { ...deps([], []), lookup: () => new Promise(() => undefined) },
    });
    assert.ok(Date.now() - started < 2000);
    assert.deepEqual(probes.hostnameAddresses, []);
    assert.match(probes.notes.join('\n'), /host name lookup: timed out after 300 ms/);
  });
});
