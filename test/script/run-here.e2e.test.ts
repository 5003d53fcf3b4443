/**
 * The standalone script run on this machine (Debian) as the unprivileged user nobody (setpriv: needs root):
 * it refuses before changing anything, knows --help, and refuses unknown arguments.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { script } from './example-script.js';

const work = mkdtempSync(path.join(tmpdir(), 'ciab-script-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the standalone install script, run here', () => {
  /**
   * The script run on this machine (Debian, not the release's OS), as the unprivileged user nobody:
   * what it must do here is refuse before anything, and should a change make it go further, nobody
   * cannot change this machine (root would). CIAB_STATE points at a directory that must stay absent.
   */
  function runHere(...args: string[]): {
    code: number | null;
    stdout: string;
    stderr: string;
    state: string;
  } {
    chmodSync(work, 0o755);
    const dir = mkdtempSync(path.join(work, 'run-'));
    chmodSync(dir, 0o777);
    const file = path.join(dir, 'install.sh');
    writeFileSync(file, script, { mode: 0o644 });
    const state = path.join(dir, 'state');
    const r = spawnSync(
      'setpriv',
      ['--reuid=65534', '--regid=65534', '--clear-groups', 'bash', file, ...args],
      { cwd: dir, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', CIAB_STATE: state } },
    );
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, state };
  }

  it('on a host that is not CentOS/RHEL 7 (this Debian machine) refuses before changing anything: exit 1', () => {
    assert.doesNotMatch(readFileSync('/etc/os-release', 'utf8'), /^ID="?(centos|rhel)"?$/m, 'not a target');
    for (const args of [[], ['--firstboot']]) {
      const r = runHere(...args);
      assert.equal(r.code, 1, r.stderr);
      assert.match(
        r.stderr,
        /^cloud-in-a-box: eucalyptus-4\.4 needs CentOS\/RHEL 7 \(x86_64\); this host runs Debian GNU\/Linux .*: nothing was changed$/m,
      );
      assert.equal(r.stdout, '');
      assert.equal(existsSync(r.state), false, 'no state directory');
    }
  });

  it('knows --help: the usage, exit 0, nothing else', () => {
    for (const flag of ['--help', '-h']) {
      const r = runHere(flag);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^usage: bash install\.sh \[--firstboot\]\n/);
      assert.match(r.stdout, /--firstboot {2}what the first-boot unit runs/);
      assert.match(r.stdout, /on any other host it changes nothing/);
      assert.equal(r.stderr, '');
      assert.equal(existsSync(r.state), false, 'no state directory');
    }
  });

  it('refuses an unknown argument with exit 2, before looking at the host', () => {
    for (const args of [['--dry-run'], ['--firstboot', 'now'], ['install']]) {
      const r = runHere(...args);
      assert.equal(r.code, 2, r.stderr);
      assert.match(
        r.stderr,
        new RegExp(`^cloud-in-a-box: unknown argument: ${args.at(-1) ?? ''}; nothing was changed$`, 'm'),
      );
      assert.match(r.stderr, /^usage: bash install\.sh \[--firstboot\]/m);
      assert.equal(existsSync(r.state), false, 'no state directory');
    }
  });
});
