/**
 * `install --dry-run` on a simulated CentOS 7 host where the checks cannot find everything out: systemd
 * does not answer (as in a container without systemd as PID 1) and getenforce is missing. What a check
 * cannot tell is said so, never reported as in place; a fatal finding (a CPU without VT-x) makes the dry
 * run exit 1, and it still changes nothing.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { changingCalls } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { ensureBuilt, install, prepare } from './helpers.js';

describe('install --dry-run where the checks cannot tell, on a host with a fatal finding', () => {
  let host: SimHost;
  before(async () => {
    ensureBuilt();
    host = await createSimHost({ cpuFlags: ['fpu', 'vme', 'de', 'pse', 'tsc', 'msr', 'pae', 'lm'] });
    prepare(host);
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([
        // systemd 219's words when it is not PID 1 (no D-Bus to talk to)
        {
          tool: 'systemctl',
          times: 1000,
          exitCode: 1,
          stderr: 'Failed to get D-Bus connection: Operation not permitted',
        },
        // libselinux-utils not installed: bash's own answer
        { tool: 'getenforce', times: 1000, exitCode: 127, stderr: 'bash: getenforce: command not found' },
      ]),
    );
  });
  after(() => {
    host.destroy();
  });

  it('says "could not tell" for firewalld and the SELinux mode, exits 1 on the fatal finding, changes nothing', async () => {
    const r = await install(host, '--dry-run');
    assert.equal(r.exitCode, 1, r.stderr);
    assert.match(r.stdout, /^ {2}could not tell: stop and disable firewalld/m);
    assert.match(r.stdout, /^ {2}could not tell: make SELinux permissive/m);
    assert.doesNotMatch(r.stdout, /in place: .*(firewalld|SELinux)/);
    assert.match(r.stdout, /dry run: \d+ tasks would run, \d+ would be skipped, 2 could not be told/);
    assert.match(
      r.stderr,
      /^error: the preflight found what cannot work \(cpu-virtualization\): the install would stop/m,
    );
    assert.deepEqual(
      changingCalls(host.root).map((c: { tool: string; argv: string[] }) => `${c.tool} ${c.argv.join(' ')}`),
      [],
    );
  });
});
