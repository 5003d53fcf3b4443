/**
 * The standalone install script's refusals on a simulated host: dressed as CentOS 7.9 it still changes
 * nothing for --help or an unknown argument; dressed as another OS (its /etc/os-release replaced) it
 * refuses to run at all. Every refusal leaves every file as it was and makes no state-changing call.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { changingCalls } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { ANSWERS, ensureBuilt, prepare } from '../install/helpers.js';

const SCRIPT = '/root/install.sh';
const WATCHED = ['/etc', '/root', '/var/lib', '/var/log', '/usr/lib/systemd', '/srv'];

/** os-release(5) files of hosts the script must refuse; quoted as the real ones are. */
const OTHER_OS: Record<string, string> = {
  'Debian GNU/Linux 12 (bookworm)':
    'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n',
  'CentOS Stream 8':
    'NAME="CentOS Stream"\nVERSION="8"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="8"\nPRETTY_NAME="CentOS Stream 8"\n',
};

describe('the standalone install script refuses to change what it must not', () => {
  let host: SimHost;
  let centosRelease = '';
  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    prepare(host);
    const written = await host.ciab(['script', '--answers', ANSWERS, '-o', SCRIPT]);
    assert.equal(written.exitCode, 0, written.stderr);
    centosRelease = host.readFile('/etc/os-release');
  });
  after(() => {
    host.destroy();
  });

  /** Runs the script with `args`; asserts that it changed no file and made no state-changing call. */
  async function runChangingNothing(
    ...args: string[]
  ): Promise<{ exitCode: number; stdout: string; stderr: string }> {
    const before = host.snapshot(WATCHED);
    const calls = changingCalls(host.root).length;
    const r = await host.run(['bash', SCRIPT, ...args], { timeoutMs: 120_000 });
    const now = host.snapshot(WATCHED);
    const differ = [...new Set([...before.keys(), ...now.keys()])].filter(
      (p) => before.get(p) !== now.get(p),
    );
    assert.deepEqual(differ, [], `bash install.sh ${args.join(' ')} changed files`);
    assert.equal(changingCalls(host.root).length, calls, 'no state-changing call');
    return r;
  }

  it('--help on CentOS 7: the usage, exit 0', async () => {
    const r = await runChangingNothing('--help');
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^usage: bash install\.sh \[--firstboot\]/);
  });

  it('an unknown argument on CentOS 7: exit 2', async () => {
    const r = await runChangingNothing('--yes');
    assert.equal(r.exitCode, 2, r.stdout + r.stderr);
    assert.match(r.stderr, /^cloud-in-a-box: unknown argument: --yes; nothing was changed$/m);
  });

  for (const [name, osRelease] of Object.entries(OTHER_OS)) {
    it(`on ${name}: refuses, exit 1, with and without --firstboot`, async () => {
      host.writeFile('/etc/os-release', osRelease);
      try {
        for (const args of [[], ['--firstboot']]) {
          const r = await runChangingNothing(...args);
          assert.equal(r.exitCode, 1, r.stdout + r.stderr);
          assert.equal(
            r.stderr.trim(),
            `cloud-in-a-box: eucalyptus-4.4 needs CentOS/RHEL 7 (x86_64); this host runs ${name}: nothing was changed`,
          );
        }
      } finally {
        host.writeFile('/etc/os-release', centosRelease);
      }
    });
  }
});
