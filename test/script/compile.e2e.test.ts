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
const plan = buildPlan(answers, getRelease('eucalyptus-4.4'), {}, 'ciab');
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

  /**
   * The script's definitions run in bash (everything but its last line, `ciab_main "$@"`), with STATE and
   * STAGING under a temp directory, followed by `commands`; what the protocol would change on a host is
   * replaced by functions that print what they were asked.
   */
  function withDefinitions(commands: string): string {
    const dir = mkdtempSync(path.join(work, 'definitions-'));
    const body = script.slice(0, script.lastIndexOf('ciab_main "$@"'));
    assert.notEqual(body, script.slice(0, -1), 'the script ends with ciab_main "$@"');
    const stubs = [
      'ciab_status() { :; }',
      'ciab_say() { :; }',
      'ciab_run_task() { printf \'run %s\\n\' "$*"; }',
    ].join('\n');
    return execFileSync('bash', ['-c', `${body}\n${stubs}\n${commands}`], {
      encoding: 'utf8',
      env: {
        PATH: process.env.PATH ?? '',
        CIAB_STATE: path.join(dir, 'state'),
        CIAB_STAGING: path.join(dir, 'staging'),
      },
    });
  }

  it("runs every task of the plan in order through the protocol, with the engine's ids, hashes and dependents", () => {
    // The engine's hash words (taskHashWord) evaluated in the same shell, after the same staging: a
    // secret file's keyed digest included (the state directory is ciab_main's to make).
    const engine = plan.tasks.map((t) => `printf 'engine %s\\n' ${taskHashWord(t)}`).join('\n');
    const out = withDefinitions(`install -d "$CIAB_STATE"\nciab_stage_files\nciab_tasks\n${engine}`)
      .trimEnd()
      .split('\n');
    const hashes = out.filter((l) => l.startsWith('engine ')).map((l) => l.slice('engine '.length));
    assert.equal(hashes.length, plan.tasks.length);
    assert.ok(
      hashes.some((h) => /^[0-9a-f]{32}-[0-9a-f]{32}$/.test(h)),
      'a keyed hash among them',
    );
    // Every task applied (the stub succeeds), so a task that reruns after an earlier one is forced.
    const expected = plan.tasks.map((t, i) =>
      [
        'run',
        t.id,
        hashes[i],
        t.rerunAfter.length > 0 ? 1 : 0,
        ...plan.tasks.filter((d) => d.rerunAfter.includes(t.id)).map((d) => d.id),
      ].join(' '),
    );
    assert.ok(
      expected.some((line) => line.split(' ')[3] === '1'),
      'a forced task among them',
    );
    assert.deepEqual(
      out.filter((l) => l.startsWith('run ')),
      expected,
    );
  });

  it('stages every rendered file, byte for byte, and embeds no secret in clear text', () => {
    assert.doesNotMatch(script, /Sup3rSecretPw/);
    const files = new Map(plan.tasks.flatMap((t) => t.files).map((f) => [f.staged, f.content]));
    const listing = withDefinitions(
      'ciab_stage_files\nfor f in "$CIAB_STAGING"/*; do printf \'%s %s\\n\' "${f##*/}" "$(base64 -w0 <"$f")"; done',
    );
    const staged = new Map(
      listing
        .trimEnd()
        .split('\n')
        .map((line) => line.split(' ') as [string, string]),
    );
    assert.deepEqual(
      [...staged].map(([name, content]) => [name, Buffer.from(content, 'base64').toString('utf8')]).sort(),
      [...files].sort(),
    );
  });

  it('carries the task library and its driver as they ship, values only in the assignments before them', () => {
    for (const name of ['prelude.bash', 'standalone.bash']) {
      const shipped = readFileSync(new URL(`../../templates/shell/${name}`, import.meta.url), 'utf8');
      assert.ok(script.includes(shipped), name);
    }
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
