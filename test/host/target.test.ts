import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseOsRelease, parseRedhatRelease } from '../../src/core/facts/os-release.js';
import type { HostFacts } from '../../src/core/facts/types.js';
import { gatherHostFacts } from '../../src/host/gather.js';
import { targetProblems } from '../../src/host/target.js';
import { getRelease } from '../../src/core/release/index.js';
import { fixture } from './fixture.js';

const release = getRelease('eucalyptus-4.4');

async function hostWith(over: Partial<HostFacts>): Promise<HostFacts> {
  // Start from the facts of an empty, unreadable host: every probe fails, nothing crashes.
  const failing = (): Promise<never> => Promise.reject(new Error('not recorded'));
  const base = await gatherHostFacts({
    deps: {
      readFile: failing,
      exists: failing,
      readDir: failing,
      statfs: failing,
      identity: () => ({ uid: 0, arch: 'x86_64' }),
      run: {
        showAddresses: failing,
        showRoutes: failing,
        showNeighbours: failing,
        listListeningSockets: failing,
        listInstalledPackages: failing,
        showUnitStates: failing,
        getEnforce: failing,
        showFqdn: failing,
      },
    },
  });
  return { ...base, ...over };
}

const centos7 = {
  osRelease: parseOsRelease(fixture('os/os-release-centos7')),
  redhatRelease: parseRedhatRelease(fixture('os/redhat-release-centos79')),
  arch: 'x86_64',
};

describe('targetProblems', () => {
  it('accepts CentOS 7.9 on x86_64 as root', async () => {
    assert.deepEqual(targetProblems(release, await hostWith({ os: centos7, uid: 0 })), []);
  });

  it('refuses Debian, another architecture, and a non-root user', async () => {
    const debian = {
      osRelease: parseOsRelease(fixture('os/os-release-debian12')),
      redhatRelease: undefined,
      arch: 'x86_64',
    };
    assert.deepEqual(targetProblems(release, await hostWith({ os: debian, uid: 1000 })), [
      'eucalyptus-4.4 needs CentOS/RHEL 7 (x86_64); this host runs Debian GNU/Linux 12 (bookworm)',
      'the install must run as root',
    ]);
    assert.match(
      targetProblems(release, await hostWith({ os: { ...centos7, arch: 'aarch64' } }))[0] ?? '',
      /aarch64/,
    );
  });

  it('refuses a host whose OS could not be read', async () => {
    const facts = await hostWith({});
    assert.ok(facts.notes.length > 5);
    assert.match(targetProblems(release, facts)[0] ?? '', /an unknown OS/);
  });
});
