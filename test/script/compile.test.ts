import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { taskHashWord } from '../../src/core/bash/tasks.js';
import { plan, script } from './example-script.js';

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
});
