/**
 * The task protocol's exit codes have one definition (src/core/bash/protocol.ts): the task library
 * returns them and the runner reads them. Here bash runs the library's protocol calls and each ends with
 * the code TypeScript names for that case.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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

describe('a dependent task after a kill', () => {
  const state = 'dependents';
  const entry = (id: string): string =>
    readFileSync(path.join(root, state, 'journal', id), 'utf8').match(/^status=(.*)$/m)?.[1] ?? '';
  const restarted = path.join(root, 'restarted');
  // Its check holds already (the service runs, on the old configuration): only the journal can force it.
  const restart = (apply: string): Task => ({ ...task('host.restart', 'true'), apply });

  it('is marked stale before the task it depends on applies, also when it never ran', () => {
    const config = { ...task('host.config', `[ -e ${path.join(root, 'configured')} ]`) };
    const configure = { ...config, apply: `touch ${path.join(root, 'configured')}` };
    const r = spawnSync('bash', ['-c', taskScript(configure, 'run', ['host.restart'])], {
      env: { PATH: process.env.PATH ?? '', CIAB_STATE: path.join(root, state) },
    });
    assert.equal(r.status, TASK_EXIT.applied);
    assert.equal(entry('host.restart'), 'stale');
    // Uninstall undoes nothing of a task that never ran: the mark is no trace of it.
    const undone = path.join(root, 'undone');
    assert.equal(
      exitOf(task('host.restart', 'true', `touch ${undone}`), 'undo', state),
      TASK_EXIT.doneBefore,
    );
    assert.equal(existsSync(undone), false);
    assert.equal(entry('host.restart'), 'stale');
  });

  it('killed in the middle of its forced apply, or failed, is forced again by the next run, not skipped by its check', () => {
    // $$ is the protocol's own bash: the whole run dies with the apply half done.
    assert.equal(exitOf(restart('kill -9 $$'), 'force', state), null);
    assert.equal(entry('host.restart'), 'running');
    assert.match(readFileSync(path.join(root, state, 'journal', 'host.restart'), 'utf8'), /^forced=1$/m);
    assert.equal(exitOf(restart('false'), 'run', state), 1);
    assert.equal(entry('host.restart'), 'failed', 'a failed forced apply');
    assert.equal(exitOf(restart(`touch ${restarted}`), 'run', state), TASK_EXIT.applied);
    assert.equal(entry('host.restart'), 'done');
    assert.doesNotMatch(readFileSync(path.join(root, state, 'journal', 'host.restart'), 'utf8'), /forced/);
    assert.equal(exitOf(restart(`touch ${restarted}`), 'run', state), TASK_EXIT.doneBefore);
  });
});

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
