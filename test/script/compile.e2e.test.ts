import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { taskHashWord } from '../../src/core/bash/tasks.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { compileScript } from '../../src/core/bash/standalone.js';

const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8').replace(
  'password: null',
  'password: Sup3rSecretPw',
);
const answers = validateAnswersText(text).answers;
assert.ok(answers);
const plan = buildPlan(answers, getRelease('eucalyptus-4.4'), {});
const script = compileScript(plan, { generatedBy: 'by a test', role: 'ciab' });
const work = mkdtempSync(path.join(tmpdir(), 'ciab-script-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the standalone install script', () => {
  it('passes shellcheck at its default severity (notes included)', () => {
    const file = path.join(mkdtempSync(path.join(work, 'shellcheck-')), 'install.sh');
    writeFileSync(file, script);
    try {
      execFileSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
    } catch (error) {
      assert.fail(`shellcheck:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
    }
  });

  it('runs every task of the plan in order, with the same ids and hashes as the engine', () => {
    const calls = plan.tasks.map((t, i) => `  ciab_task ${i + 1} ${t.id} ${taskHashWord(t)} `);
    const lines = script.split('\n').filter((line) => line.startsWith('  ciab_task '));
    assert.deepEqual(
      lines.map((line) => calls.find((call) => line.startsWith(call)) ?? line),
      calls,
    );
  });

  it('embeds every rendered file once, and no secret in clear text', () => {
    assert.doesNotMatch(script, /Sup3rSecretPw/);
    const staged = new Set(plan.tasks.flatMap((t) => t.files.map((f) => f.staged)));
    for (const name of staged) assert.equal(script.split(`"$CIAB_STAGING/${name}"`).length - 1, 1, name);
  });

  it('is valid bash that defines the task protocol', () => {
    execFileSync('bash', ['-n'], { input: script });
  });

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
