/**
 * Runs a media tool (xorriso, mtools, createrepo_c) to completion: argv only, no stdin, C locale, no
 * deadline (writing a DVD image takes as long as the disk needs), stoppable with a signal, stderr lines
 * passed on as they come. Its standard output is either collected (`runTool`) or streamed to a consumer
 * (`streamTool`: xorriso writing an image).
 */
import type { Readable } from 'node:stream';
import { execa } from 'execa';
import type { Result } from 'execa';

export interface ToolOptions {
  signal?: AbortSignal;
  onStderrLine?: (line: string) => void;
  env?: Record<string, string>;
}

/** A tool that exited non-zero or could not start; carries its last stderr lines for the user. */
export class ToolError extends Error {
  override readonly name = 'ToolError';
  constructor(
    readonly tool: string,
    readonly exitCode: number | undefined,
    readonly lastLines: readonly string[],
    reason: string,
  ) {
    super(`${tool} ${reason}`);
  }
}

const LAST_LINES = 8;

/** Resolves with stdout when the tool exits 0. */
export async function runTool(
  file: string,
  args: readonly string[],
  options: ToolOptions = {},
): Promise<string> {
  const run = startTool(file, args, options, true);
  const result = await run.child;
  throwIfFailed(file, result, run.lastLines());
  return result.stdout;
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
  const run = startTool(file, args, options, false);
  const [consumed, result] = await Promise.all([
    consume(run.child.stdout).then(
      () => undefined,
      (error: unknown) => ({ error }),
    ),
    run.child,
  ]);
  const stoppedOrNeverRan = result.isCanceled || result.exitCode === undefined;
  if (consumed !== undefined && !stoppedOrNeverRan) throw consumed.error;
  throwIfFailed(file, result, run.lastLines());
}

function startTool(file: string, args: readonly string[], options: ToolOptions, buffer: boolean) {
  const lastLines: string[] = [];
  const child = execa(file, args, {
    reject: false,
    stdin: 'ignore',
    buffer: { stdout: buffer, stderr: false },
    env: { LC_ALL: 'C', LANG: 'C', ...options.env },
    forceKillAfterDelay: 2000,
    // No signal-exit hook: with it, and another library's (listr2's cursor restore), signal-exit counts only
    // its own listeners, decides nobody handles Ctrl-C and kills the process before our handler can stop
    // the tool and remove the partial output. Stopping the tool is the caller's job, through `signal`.
    cleanup: false,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  let pending = '';
  child.stderr.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split(/\r?\n|\r/);
    pending = parts.pop() ?? '';
    for (const line of parts) {
      if (line.trim() === '') continue;
      lastLines.push(line);
      if (lastLines.length > LAST_LINES) lastLines.shift();
      options.onStderrLine?.(line);
    }
  });
  const lastLinesAtExit = (): string[] =>
    pending.trim() === '' ? lastLines : [...lastLines, pending].slice(-LAST_LINES);
  return { child, lastLines: lastLinesAtExit };
}

/** Throws the ToolError that says how the tool ended, unless it exited 0. */
export function throwIfFailed(file: string, result: Result, lastLines: readonly string[]): void {
  if (result.isCanceled) throw new ToolError(file, undefined, lastLines, 'was stopped');
  if (result.exitCode === undefined)
    throw new ToolError(file, undefined, lastLines, `could not run: ${result.code ?? result.shortMessage}`);
  if (result.exitCode !== 0)
    throw new ToolError(file, result.exitCode, lastLines, `failed (exit ${result.exitCode})`);
}
