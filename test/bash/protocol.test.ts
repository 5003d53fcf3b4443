/**
 * The task protocol's exit codes have one definition (src/core/bash/protocol.ts): the task library
 * returns them and the runner reads them. Here bash runs the library's protocol calls and each ends with
 * the code TypeScript names for that case.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECK_CANNOT_TELL, TASK_EXIT } from '../../src/core/bash/protocol.js';
import type { ScriptAction } from '../../src/core/bash/tasks.js';
import { taskScript } from '../../src/core/bash/tasks.js';
import type { Task } from '../../src/core/plan/types.js';

const root = mkdtempSync(path.join(tmpdir(), 'ciab-protocol-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

const task = (id: string, check: string, undo?: string): Task => ({
  id,
  phase: 'host',
  title: id,
  check,
  apply: 'true',
  ...(undo === undefined ? {} : { undo }),
  files: [],
  inputs: [],
  rerunAfter: [],
});

/** Runs one protocol call for `t` on a state directory of its own (kept between calls with the same `state`). */
function exitOf(t: Task, action: ScriptAction, state: string): number | null {
  const r = spawnSync('bash', ['-c', taskScript(t, action)], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', CIAB_STATE: path.join(root, state) },
  });
  return r.status;
}

describe('the task protocol exit codes', () => {
  it('ciab_run_task ends with TASK_EXIT: applied, then done before; in place when the check holds', () => {
    const marker = path.join(root, 'applied-marker');
    const applies = { ...task('host.applies', `[ -e ${marker} ]`), apply: `touch ${marker}` };
    assert.equal(exitOf(applies, 'run', 'run'), TASK_EXIT.applied);
    assert.equal(exitOf(applies, 'run', 'run'), TASK_EXIT.doneBefore);
    assert.equal(exitOf(task('host.holds', 'true'), 'run', 'run'), TASK_EXIT.inPlace);
  });

  it('ciab_probe_task ends with TASK_EXIT: would run, in place, cannot tell', () => {
    assert.equal(exitOf(task('host.absent', 'false'), 'probe', 'probe'), TASK_EXIT.wouldRun);
    assert.equal(exitOf(task('host.holds', 'true'), 'probe', 'probe'), TASK_EXIT.inPlace);
    assert.equal(
      exitOf(task('host.unsure', 'ciab_cannot_tell "no tool"'), 'probe', 'probe'),
      TASK_EXIT.cannotTell,
    );
    assert.equal(
      exitOf(task('host.exits', `exit ${CHECK_CANNOT_TELL}`), 'probe', 'probe'),
      TASK_EXIT.cannotTell,
    );
  });

  it('ciab_undo_task ends with TASK_EXIT.doneBefore for a task the journal never knew', () => {
    assert.equal(exitOf(task('host.never', 'false', 'true'), 'undo', 'undo'), TASK_EXIT.doneBefore);
  });

  it('the library names no exit code of the protocol as a number: it has them from protocol.ts', () => {
    const library = readFileSync(new URL('../../templates/shell/prelude.bash', import.meta.url), 'utf8');
    const codes = [...Object.values(TASK_EXIT), CHECK_CANNOT_TELL].filter((code) => code !== 0);
    for (const code of codes)
      assert.doesNotMatch(library, new RegExp(`\\b(return|exit|-eq) ${code}\\b|^\\w+=${code}$`, 'm'));
  });
});
