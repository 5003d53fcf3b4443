/**
 * Runs a media tool (xorriso, mtools, implantisomd5, createrepo_c) to completion: argv only, no stdin,
 * C locale, no deadline (writing a DVD image takes as long as the disk needs), stoppable with a signal,
 * stderr lines passed on as they come (xorriso reports its progress there).
 */
import { execa } from 'execa';

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
  const lastLines: string[] = [];
  const child = execa(file, args, {
    reject: false,
    stdin: 'ignore',
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
  const result = await child;
  if (pending.trim() !== '') lastLines.push(pending);
  if (result.isCanceled) throw new ToolError(file, undefined, lastLines, 'was stopped');
  if (result.exitCode === undefined)
    throw new ToolError(file, undefined, lastLines, `could not run: ${result.code ?? result.shortMessage}`);
  if (result.exitCode !== 0)
    throw new ToolError(
      file,
      result.exitCode,
      lastLines.slice(-LAST_LINES),
      `failed (exit ${result.exitCode})`,
    );
  return result.stdout;
}
