/**
 * Bash for one task: the shared task library (templates/shell/prelude.bash), the task's check, apply
 * and undo as functions, and the protocol call. The standalone install script is the same pieces for
 * every task at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-files.js';
import type { Task } from '../plan/types.js';
import { shellWord } from '../quote.js';

let prelude: string | undefined;

/** The task library, read once from the package. */
export function preludeText(): string {
  prelude ??= readFileSync(packageFile('templates', 'shell', 'prelude.bash'), 'utf8');
  return prelude;
}

const functionName = (id: string): string => id.replaceAll('.', '_');

/**
 * The task's snippets as bash functions. Each runs in a subshell with errexit and pipefail, so the
 * first failing command fails the function (the protocol calls them as plain commands).
 */
export function taskFunctions(task: Task): string {
  const fn = functionName(task.id);
  const body = (snippet: string): string => `(\n  set -eo pipefail\n${indent(snippet)}\n)`;
  const parts = [`check_${fn}() ${body(task.check)}`, `apply_${fn}() ${body(task.apply)}`];
  if (task.undo !== undefined) parts.push(`undo_${fn}() ${body(task.undo)}`);
  return parts.join('\n');
}

const indent = (text: string): string =>
  text
    .split('\n')
    .map((line) => (line === '' ? line : `  ${line}`))
    .join('\n');

/**
 * What makes a task's journal entry stale: any change to what it runs or installs. A secret file counts by
 * path, mode and owner only (its sha256 is null): its content counts through the keyed digest of
 * taskHashWord, computed on the host.
 */
export function taskHash(task: Task): string {
  const inputs = {
    check: task.check,
    apply: task.apply,
    files: task.files.map((f) => [f.path, f.mode, f.owner, f.sha256]),
  };
  return createHash('sha256').update(JSON.stringify(inputs)).digest('hex').slice(0, 32);
}

/**
 * The task hash as the protocol gets it, a bash word: for a task that installs secret files, the hash with
 * a keyed digest of their staged contents (ciab_keyed_hash in templates/shell/prelude.bash), evaluated on
 * the host after staging, so that a changed secret runs the task again.
 */
export function taskHashWord(task: Task): string {
  const secrets = task.files.filter((f) => f.sha256 === null).map((f) => shellWord(f.staged));
  return secrets.length === 0
    ? taskHash(task)
    : `"$(ciab_keyed_hash ${taskHash(task)} ${secrets.join(' ')})"`;
}

export type ScriptAction = 'run' | 'force' | 'probe' | 'undo';

/**
 * `dependents`: the tasks whose rerunAfter names this one; the protocol marks them stale before this task
 * applies, so that they apply again even when this run is killed before it reaches them.
 */
export function taskScript(task: Task, action: ScriptAction, dependents: readonly string[] = []): string {
  const marks = dependents.map((id) => ` ${shellWord(id)}`).join('');
  const call = {
    run: `ciab_run_task ${task.id} ${taskHashWord(task)} 0${marks}`,
    force: `ciab_run_task ${task.id} ${taskHashWord(task)} 1${marks}`,
    probe: `ciab_probe_task ${task.id} ${taskHashWord(task)}`,
    undo: `ciab_undo_task ${task.id}`,
  }[action];
  return `${preludeText()}\n${taskFunctions(task)}\n${call}\n`;
}
