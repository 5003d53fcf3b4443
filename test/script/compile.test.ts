import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { taskHashWord } from '../../src/core/engine/script.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { getRelease } from '../../src/core/release/index.js';
import { compileScript } from '../../src/core/script/compile.js';

const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8').replace(
  'password: null',
  'password: Sup3rSecretPw',
);
const answers = validateAnswersText(text).answers;
assert.ok(answers);
const plan = buildPlan(answers, getRelease('eucalyptus-4.4'), {});
const script = compileScript(plan, { generatedBy: 'by a test' });

describe('the standalone install script', () => {
  it('passes shellcheck', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ciab-script-')), 'install.sh');
    writeFileSync(file, script);
    try {
      execFileSync('shellcheck', ['-s', 'bash', '-S', 'warning', file], { encoding: 'utf8' });
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
});
