/**
 * One run of a plan on the target host (this machine, or one over SSH): stages the rendered files, runs
 * each task through the task protocol (journal, check, apply, check), logs everything there, and
 * remembers which tasks applied so that the tasks that depend on them apply again. Everything it does on
 * the host is a bash script through the host's runBash, so a run over SSH is the same run. The CLI drives
 * it task by task and shows the progress.
 */
import path from 'node:path';
import type { Plan, Task } from '../../core/plan/types.js';
import { LOG_DIR, SECRET_KEY_NAME, STATE_DIR } from '../../core/locations.js';
import { shellWord } from '../../core/quote.js';
import type { TargetHost } from '../target-host.js';
import { logName, RunLog } from './log.js';
import type { ScriptAction } from '../../core/bash/tasks.js';
import { preludeText, taskScript } from '../../core/bash/tasks.js';
import { TASK_EXIT } from '../../core/bash/protocol.js';

export type TaskOutcome =
  | 'applied'
  /** the journal says done with the same inputs: nothing ran */
  | 'done-before'
  /** the check held: already in place */
  | 'in-place'
  | 'failed';

/** `cannot-tell`: the check could not find out (a tool missing or not answering): never taken as done. */
export type ProbeOutcome = 'done-before' | 'in-place' | 'would-run' | 'cannot-tell';

export interface TaskResult {
  outcome: TaskOutcome;
  exitCode: number;
  /** the last lines of output, masked */
  tail: string[];
  durationMs: number;
}

export interface SessionDeps {
  /** the host the plan runs on */
  host: Pick<TargetHost, 'runBash' | 'openLog'>;
  now: () => Date;
}

export interface SessionOptions {
  kind: 'install' | 'uninstall' | 'dry-run';
  /** values never to write anywhere */
  secrets: readonly string[];
  signal?: AbortSignal;
  stateDir?: string;
  /** null: keep no log file (a dry run changes nothing on the host) */
  logDir?: string | null;
  /**
   * where the rendered files are staged: `state` (the default), STATE_DIR/staging; `temporary`, a new
   * private directory in /tmp (a dry run, which leaves the state directory as it is)
   */
  staging?: 'state' | 'temporary';
}

const TAIL_LINES = 15;

export class Session {
  readonly log: RunLog;
  private readonly applied = new Set<string>();
  private stagingDir: string;
  private readonly stateDir: string;

  constructor(
    readonly plan: Plan,
    private readonly deps: SessionDeps,
    private readonly options: SessionOptions,
  ) {
    this.stateDir = options.stateDir ?? STATE_DIR;
    this.stagingDir = path.join(this.stateDir, 'staging');
    const logDir = options.logDir === undefined ? LOG_DIR : options.logDir;
    this.log = new RunLog(
      logDir === null ? undefined : deps.host.openLog(logDir, logName(options.kind, deps.now())),
      options.secrets,
    );
    this.log.write(`cloud-in-a-box ${options.kind}: ${plan.tasks.length} tasks, release ${plan.release}`);
  }

  /**
   * Puts every rendered file's content where the task library installs it from (0600, by staged name), and
   * makes the host's key for the journal's digest of secret files once (not in a dry run: it changes nothing).
   * One script: the contents travel inside it, base64, never in a command line.
   */
  async stage(): Promise<void> {
    const temporary = this.options.staging === 'temporary';
    const key = `${this.stateDir}/${SECRET_KEY_NAME}`;
    const script = [
      'set -e',
      'umask 077',
      temporary
        ? 'staging=$(mktemp -d /tmp/ciab-dry-run-XXXXXX)'
        : `staging=${shellWord(this.stagingDir)}; mkdir -p "$staging"; chmod 700 "$staging"`,
      ...this.plan.tasks
        .flatMap((t) => t.files)
        .map(
          (file) =>
            `base64 -d >"$staging"/${shellWord(file.staged)} <<'CIAB_STAGED'\n${Buffer.from(file.content).toString('base64')}\nCIAB_STAGED`,
        ),
      ...(this.options.kind === 'dry-run'
        ? []
        : [
            `mkdir -p ${shellWord(this.stateDir)}`,
            `[ -e ${shellWord(key)} ] || (set -o noclobber; { head -c 32 /dev/urandom | base64 -w0; echo; } >${shellWord(key)})`,
          ]),
      'echo "$staging"',
    ].join('\n');
    const result = await this.deps.host.runBash(`${script}\n`, { during: 'staging the files' });
    if (result.exitCode !== 0)
      throw new Error(`staging the files failed (exit ${result.exitCode}): ${result.output.trim()}`);
    if (temporary) this.stagingDir = result.output.trim().split('\n').at(-1) ?? this.stagingDir;
    // A run that resumes meets the secrets an earlier run made: masked from the start.
    await this.learnSecrets(this.plan.tasks.flatMap((t) => t.secretFile ?? []));
  }

  /** Removes the staged contents (they may hold secrets); the installed files stay. */
  async unstage(): Promise<void> {
    await this.deps.host.runBash(`rm -rf ${shellWord(this.stagingDir)}\n`, {
      during: 'removing the staged files',
    });
  }

  /** Runs one task through the protocol; a task applies again when one it depends on applied. */
  async run(task: Task, onLine: (line: string) => void): Promise<TaskResult> {
    const force = task.rerunAfter.some((id) => this.applied.has(id));
    const result = await this.exec(task, force ? 'force' : 'run', onLine);
    const outcome: TaskOutcome =
      result.exitCode === TASK_EXIT.applied
        ? 'applied'
        : result.exitCode === TASK_EXIT.doneBefore
          ? 'done-before'
          : result.exitCode === TASK_EXIT.inPlace
            ? 'in-place'
            : 'failed';
    if (outcome === 'applied') {
      this.applied.add(task.id);
      if (task.secretFile !== undefined) await this.learnSecrets([task.secretFile]);
    }
    this.log.write(
      `task ${task.id}: ${outcome} (exit ${result.exitCode}, ${Math.round(result.durationMs)} ms)`,
    );
    return { outcome, exitCode: result.exitCode, tail: result.tail, durationMs: result.durationMs };
  }

  /** Read-only: would the task run, or is it done? */
  async probe(task: Task): Promise<ProbeOutcome> {
    const result = await this.exec(task, 'probe', () => undefined);
    if (result.exitCode === TASK_EXIT.doneBefore) return 'done-before';
    if (result.exitCode === TASK_EXIT.inPlace) return 'in-place';
    if (result.exitCode === TASK_EXIT.cannotTell) return 'cannot-tell';
    return 'would-run';
  }

  /** Runs the task's undo when the journal knows it; true when something was undone. */
  async undo(task: Task, onLine: (line: string) => void): Promise<TaskResult> {
    if (task.undo === undefined)
      return { outcome: 'done-before', exitCode: TASK_EXIT.doneBefore, tail: [], durationMs: 0 };
    const result = await this.exec(task, 'undo', onLine);
    const outcome: TaskOutcome =
      result.exitCode === TASK_EXIT.applied
        ? 'applied'
        : result.exitCode === TASK_EXIT.doneBefore
          ? 'done-before'
          : 'failed';
    this.log.write(`undo ${task.id}: ${outcome} (exit ${result.exitCode})`);
    return { outcome, exitCode: result.exitCode, tail: result.tail, durationMs: result.durationMs };
  }

  /**
   * Runs a free-standing snippet with the task library loaded (uninstall's final sweep), outside the task
   * protocol: it keeps no journal entry, since the sweep removes the journal itself.
   */
  async script(title: string, snippet: string, onLine: (line: string) => void): Promise<TaskResult> {
    this.log.write(`--- script: ${title}\n${snippet}`);
    const result = await this.bash(`${preludeText()}\n${snippet}\n`, title, onLine);
    const outcome: TaskOutcome = result.exitCode === 0 ? 'applied' : 'failed';
    return { outcome, exitCode: result.exitCode, tail: result.tail, durationMs: result.durationMs };
  }

  private async exec(
    task: Task,
    action: ScriptAction,
    onLine: (line: string) => void,
  ): Promise<{ exitCode: number; tail: string[]; durationMs: number }> {
    this.log.write(`--- ${action} ${task.id}: ${task.title}`);
    this.log.write(`check:\n${task.check}`);
    if (action !== 'probe')
      this.log.write(
        `${action === 'undo' ? 'undo' : 'apply'}:\n${action === 'undo' ? (task.undo ?? '') : task.apply}`,
      );
    // The tasks that apply again after this one did: marked stale by the protocol, so a kill cannot lose them.
    const dependents =
      action === 'run' || action === 'force'
        ? this.plan.tasks.filter((t) => t.rerunAfter.includes(task.id)).map((t) => t.id)
        : [];
    return this.bash(taskScript(task, action, dependents), `"${task.title}"`, onLine, {
      // A probe only reads, and changes nothing on the host (not even the detached directory).
      ...(task.detached === true && action !== 'probe' ? { detached: true } : {}),
      ...(task.waitSeconds === undefined ? {} : { waitSeconds: task.waitSeconds }),
    });
  }

  private async bash(
    script: string,
    /** the work, as a lost connection's message names it */
    during: string,
    onLine: (line: string) => void,
    /** a task that runs apart from its SSH session on a target (Task.detached), and its wait */
    apart: { detached?: boolean; waitSeconds?: number } = {},
  ): Promise<{ exitCode: number; tail: string[]; durationMs: number }> {
    const tail: string[] = [];
    const where = `export CIAB_STATE=${shellWord(this.stateDir)} CIAB_STAGING=${shellWord(this.stagingDir)}\n`;
    const result = await this.deps.host.runBash(where + script, {
      during,
      ...apart,
      ...(this.options.signal === undefined ? {} : { signal: this.options.signal }),
      onLine: (line) => {
        const masked = this.log.mask(line);
        this.log.write(`| ${masked}`);
        tail.push(masked);
        if (tail.length > TAIL_LINES) tail.shift();
        onLine(masked);
      },
    });
    this.log.write(`exit ${result.exitCode} after ${Math.round(result.durationMs)} ms`);
    return { exitCode: result.exitCode, tail, durationMs: result.durationMs };
  }

  /** Those of `files` that exist by now (one script, its output never logged): masked from now on. */
  private async learnSecrets(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    const script = files.map((f) => `[ -r ${shellWord(f)} ] && base64 -w0 <${shellWord(f)}; echo`).join('\n');
    const result = await this.deps.host.runBash(`${script}\n`, { during: 'reading the generated secrets' });
    for (const line of result.output.split('\n'))
      this.log.addSecret(Buffer.from(line, 'base64').toString('utf8').trim());
  }
}
