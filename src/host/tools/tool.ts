/**
 * The one way the installer runs an external program: every wrapper in src/host/tools starts its process
 * through `startTool` (argv only, never a shell; the C locale, so that output parses the same everywhere;
 * the last lines of stderr kept for the user) and says how a run went wrong with one error, ToolError:
 * stopped, timed out, could not run, or failed with an exit code.
 *
 * On top of it, for the wrappers: `runTool` and `streamTool` (media tools: no deadline, since writing a
 * DVD image takes as long as the disk needs; stdout collected or streamed to a consumer), `runQuery` and
 * `queryOutput` (read-only queries: a deadline, so that a hung tool cannot stall host gathering).
 * src/host/tools/bash.ts (a process group, exit codes for the task protocol) and flock.ts (a lock held
 * through stdin) start theirs through `startTool` too.
 */
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Result, ResultPromise } from 'execa';

export interface ToolOptions {
  signal?: AbortSignal;
  onStderrLine?: (line: string) => void;
  env?: Record<string, string>;
}

/** How a run of a tool went wrong; carries its last stderr lines for the user. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    /** what the message names: the tool, or a query's command line */
    readonly tool: string,
    /** undefined when it was stopped, timed out or never ran */
    readonly exitCode: number | undefined,
    readonly lastLines: readonly string[],
    reason: string,
    /** the errno code when it could not run (ENOENT: the tool is not installed) */
    readonly code?: string,
  ) {
    super(`${tool} ${reason}`);
  }
}

const LAST_LINES = 8;

export interface StartSpec extends ToolOptions {
  /** 'pipe' for a tool that reads what we write (flock); 'ignore' by default */
  stdin?: 'ignore' | 'pipe';
  /** which outputs execa collects into the result; the others are only streamed */
  buffer: { stdout: boolean; stderr: boolean };
  /** stdout and stderr interleaved as one stream, child.all (bash: as a person would see them) */
  all?: boolean;
  /** killed after this long; no deadline when absent */
  timeoutMs?: number;
  /** SIGKILL this long after the SIGTERM of a timeout or `signal`, when it has not ended */
  killGraceMs?: number;
  /**
   * Its own process group, which `signal` stops as a whole (SIGTERM, then SIGKILL after killGraceMs), so
   * that a Ctrl-C at the terminal reaches only us and we stop the tool and everything it started.
   */
  group?: boolean;
  /**
   * execa's signal-exit hook, which kills the tool when we exit. Only the queries keep it: with it, and
   * another library's (listr2's cursor restore), signal-exit counts only its own listeners, decides
   * nobody handles Ctrl-C and kills the process before our handler can stop a tool and remove its partial
   * output. Stopping those tools is the caller's job, through `signal`.
   */
  killOnExit?: boolean;
}

/** The process, running; `lastLines()` are its last stderr lines so far (with an unfinished one). */
export interface Started {
  child: ResultPromise;
  lastLines: () => string[];
}

export function startTool(file: string, args: readonly string[], spec: StartSpec): Started {
  const child = execa(file, args, {
    reject: false,
    stdin: spec.stdin ?? 'ignore',
    buffer: spec.buffer,
    all: spec.all ?? false,
    env: { LC_ALL: 'C', ...spec.env },
    detached: spec.group === true,
    cleanup: spec.killOnExit === true,
    ...(spec.timeoutMs === undefined ? {} : { timeout: spec.timeoutMs }),
    ...(spec.killGraceMs === undefined ? {} : { forceKillAfterDelay: spec.killGraceMs }),
    ...(spec.signal === undefined || spec.group === true ? {} : { cancelSignal: spec.signal }),
  });
  if (spec.group === true && spec.signal !== undefined)
    stopGroupOnAbort(child, spec.signal, spec.killGraceMs);
  const lastLines: string[] = [];
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split(/\r?\n|\r/);
    pending = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      lastLines.push(line);
      if (lastLines.length > LAST_LINES) lastLines.shift();
      spec.onStderrLine?.(line);
    }
  });
  const lastLinesAtExit = (): string[] =>
    pending.trim() === '' ? [...lastLines] : [...lastLines, pending].slice(-LAST_LINES);
  return { child, lastLines: lastLinesAtExit };
}

function stopGroupOnAbort(child: ResultPromise, signal: AbortSignal, graceMs = 3000): void {
  let escalation: NodeJS.Timeout | undefined;
  const stop = (): void => {
    killGroup(child.pid, 'SIGTERM');
    escalation = setTimeout(() => {
      killGroup(child.pid, 'SIGKILL');
    }, graceMs).unref();
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  // Once the tool has ended and its output closed, its group number may go to another process: no late kill.
  void child.finally(() => {
    signal.removeEventListener('abort', stop);
    clearTimeout(escalation);
  });
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is already gone
  }
}

/** The tool's exit code, whatever it is; throws the ToolError that says how it ended without one. */
export function exitCodeOf(
  tool: string,
  result: Result,
  lastLines: readonly string[],
  timeoutMs?: number,
): number {
  if (result.timedOut) throw new ToolError(tool, undefined, lastLines, `timed out after ${timeoutMs} ms`);
  if (result.isCanceled) throw new ToolError(tool, undefined, lastLines, 'was stopped');
  if (result.exitCode === undefined)
    throw new ToolError(
      tool,
      undefined,
      lastLines,
      `could not run: ${result.code ?? result.shortMessage}`,
      result.code,
    );
  return result.exitCode;
}

/** Throws the ToolError that says how the tool ended, unless it exited 0. */
export function throwIfFailed(tool: string, result: Result, lastLines: readonly string[]): void {
  const exitCode = exitCodeOf(tool, result, lastLines);
  if (exitCode !== 0) throw new ToolError(tool, exitCode, lastLines, `failed (exit ${exitCode})`);
}

/** Media tools get the C locale in both variables (LANG too, as they always did). */
const C_LOCALE = { LC_ALL: 'C', LANG: 'C' };

/** Grace period between SIGTERM and SIGKILL for a media tool we stop. */
const TOOL_KILL_GRACE_MS = 2000;

/** Resolves with stdout when the tool exits 0. */
export async function runTool(
  file: string,
  args: readonly string[],
  options: ToolOptions = {},
): Promise<string> {
  const run = startTool(file, args, mediaSpec(options, true));
  const result = await run.child;
  throwIfFailed(file, result, run.lastLines());
  return String(result.stdout);
}

/**
 * Resolves when the tool exited 0 and `consume` has taken all of its standard output. When `consume`
 * fails, the tool loses its reader and stops, so the consumer's error is the one thrown: it is the cause.
 */
export async function streamTool(
  file: string,
  args: readonly string[],
  consume: (stdout: Readable) => Promise<void>,
  options: ToolOptions = {},
): Promise<void> {
  const run = startTool(file, args, mediaSpec(options, false));
  const stdout = run.child.stdout;
  if (stdout === null) throw new Error(`${file}: no standard output to stream`);
  const [consumed, result] = await Promise.all([
    consume(stdout).then(
      () => undefined,
      (error: unknown) => ({ error }),
    ),
    run.child,
  ]);
  const stoppedOrNeverRan = result.isCanceled || result.exitCode === undefined;
  if (consumed !== undefined && !stoppedOrNeverRan) throw consumed.error;
  throwIfFailed(file, result, run.lastLines());
}

const mediaSpec = (options: ToolOptions, collect: boolean): StartSpec => ({
  ...options,
  env: { ...C_LOCALE, ...options.env },
  buffer: { stdout: collect, stderr: false },
  killGraceMs: TOOL_KILL_GRACE_MS,
});

export interface QueryOptions {
  /** kill the command after this long; default 5 s */
  timeoutMs?: number;
  signal?: AbortSignal;
  /** where the query runs: this machine when absent, else the target host that `on` reaches (src/host/ssh) */
  on?: QueryRunner;
}

/** Runs a read-only query somewhere else (the target over SSH), with runQuery's contract. */
export type QueryRunner = (
  file: string,
  args: readonly string[],
  options: Omit<QueryOptions, 'on'>,
) => Promise<QueryResult>;

export interface QueryResult {
  /** the command line, as errors name it */
  command: string;
  exitCode: number;
  stdout: string;
  stderr: string;
  lastLines: readonly string[];
}

export const QUERY_TIMEOUT_MS = 5000;
const QUERY_KILL_GRACE_MS = 1000;

/**
 * A read-only query (ip, ss, rpm -q, systemctl show, ...): resolves with any exit code; a ToolError when
 * it could not run (its `code` ENOENT: not installed, which callers may take as a fact), timed out or
 * was stopped.
 */
export async function runQuery(
  file: string,
  args: readonly string[],
  options: QueryOptions = {},
): Promise<QueryResult> {
  if (options.on !== undefined) {
    const { on, ...rest } = options;
    return on(file, args, rest);
  }
  const timeoutMs = options.timeoutMs ?? QUERY_TIMEOUT_MS;
  const command = [file, ...args].join(' ');
  const run = startTool(file, args, {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    env: C_LOCALE,
    buffer: { stdout: true, stderr: true },
    timeoutMs,
    killGraceMs: QUERY_KILL_GRACE_MS,
    killOnExit: true,
  });
  const result = await run.child;
  return {
    command,
    exitCode: exitCodeOf(command, result, run.lastLines(), timeoutMs),
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    lastLines: run.lastLines(),
  };
}

/** The query's stdout when it exited 0; otherwise a ToolError with its exit code and stderr. */
export async function queryOutput(
  file: string,
  args: readonly string[],
  options: QueryOptions = {},
): Promise<string> {
  return succeeded(await runQuery(file, args, options));
}

/**
 * The stdout of a query that exited 0; throws the ToolError of one that did not, named `command` (by
 * default its command line).
 */
export function succeeded(result: QueryResult, command = result.command): string {
  if (result.exitCode !== 0)
    throw new ToolError(command, result.exitCode, result.lastLines, `failed (exit ${result.exitCode})`);
  return result.stdout;
}
