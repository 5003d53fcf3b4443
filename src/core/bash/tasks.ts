/**
 * Bash for one task: the shared task library (templates/shell/prelude.bash), the task's check, apply
 * and undo as functions, and the protocol call. The standalone install script is the same pieces for
 * every task at once.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packageFile } from '../package-files.js';
import { protocolAssignments } from './protocol.js';
import { SECRET_KEY_NAME, STATE_DIR } from '../locations.js';
import type { Task } from '../plan/types.js';
import { shellWord } from '../quote.js';

const shellFiles = new Map<string, string>();

/** A file of templates/shell/ (bash that ships with the package), read once. */
export function shellFile(name: 'prelude.bash' | 'standalone.bash' | 'remote-runner.bash'): string {
  let text = shellFiles.get(name);
  if (text === undefined) {
    text = readFileSync(packageFile('templates', 'shell', name), 'utf8');
    shellFiles.set(name, text);
  }
  return text;
}

/**
 * The task library, after what it takes from TypeScript as quoted assignments: the protocol's exit codes
 * (./protocol.ts) and the installer's state directory and key file name (../locations.ts).
 */
export function preludeText(): string {
  return [
    protocolAssignments(),
    `CIAB_STATE_DIR=${shellWord(STATE_DIR)}`,
    `CIAB_SECRET_KEY_NAME=${shellWord(SECRET_KEY_NAME)}`,
    shellFile('prelude.bash'),
  ].join('\n');
}

const functionName = (id: string): string => id.replaceAll('.', '_');

type Step = 'check' | 'apply' | 'undo';

/**
 * The tasks' snippets as bash functions (`check_<id>`, `apply_<id>`, `undo_<id>`, dots as underscores),
 * and `ciab_step STEP ID`, through which the protocol calls them: a `case` that names every function it
 * calls, so that a reader (and shellcheck) sees each one called rather than built from a string. Each
 * function runs in a subshell with errexit and pipefail, so the first failing command fails it (the
 * protocol calls them as plain commands). `undo: false` leaves the undo steps out (the standalone
 * script never undoes: `cloud-in-a-box uninstall` does).
 */
export function taskFunctions(tasks: readonly Task[], { undo }: { undo: boolean }): string {
  const body = (snippet: string): string => `(\n  set -eo pipefail\n${indent(snippet)}\n)`;
  const steps = tasks.flatMap((task) =>
    (
      [
        ['check', task.check],
        ['apply', task.apply],
        ['undo', undo ? task.undo : undefined],
      ] as const
    ).flatMap(([step, snippet]): { step: Step; id: string; fn: string; snippet: string }[] =>
      snippet === undefined ? [] : [{ step, id: task.id, fn: `${step}_${functionName(task.id)}`, snippet }],
    ),
  );
  return [
    ...steps.map((s) => `${s.fn}() ${body(s.snippet)}`),
    '',
    "# ciab_step STEP ID: runs the task's STEP function (check, apply or undo).",
    'ciab_step() {',
    '  case $1:$2 in',
    ...steps.map((s) => `  ${s.step}:${s.id}) ${s.fn} ;;`),
    '  *) ciab_fail "no $1 step for the task $2" ;;',
    '  esac',
    '}',
  ].join('\n');
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
  const secrets = taskSecrets(task).map(shellWord);
  return secrets.length === 0
    ? taskHash(task)
    : `"$(ciab_keyed_hash ${taskHash(task)} ${secrets.join(' ')})"`;
}

/** The staged names of the task's secret files, whose contents its journal hash takes in on the host. */
export const taskSecrets = (task: Task): string[] =>
  task.files.filter((f) => f.sha256 === null).map((f) => f.staged);

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
  return `${preludeText()}\n${taskFunctions([task], { undo: true })}\n${call}\n`;
}
