/**
 * Runs a read-only query command (ip, ss, rpm -q, systemctl show, ...) for the tool wrappers: argv
 * only, no stdin, C locale so that output parses the same everywhere, and a deadline so that a hung
 * tool (`hostname -f` waiting on DNS) cannot stall host gathering.
 */
import { execa } from 'execa';

export interface QueryOptions {
  /** kill the command after this long; default 5 s */
  timeoutMs?: number;
  signal?: AbortSignal;
}

export interface QueryResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** Resolves with any exit code; rejects only when the command could not run, timed out or was cancelled. */
export async function runQuery(
  file: string,
  args: readonly string[],
  options: QueryOptions = {},
): Promise<QueryResult> {
  const result = await execa(file, args, {
    reject: false,
    stdin: 'ignore',
    env: { LC_ALL: 'C', LANG: 'C' },
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: 1000,
    ...(options.signal === undefined ? {} : { cancelSignal: options.signal }),
  });
  if (result.timedOut)
    throw new Error(`${file} timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`);
  if (result.isCanceled) throw new Error(`${file} was cancelled`);
  if (result.exitCode === undefined) {
    // Keep the errno code (ENOENT: the tool is not installed) for callers that treat absence as a fact.
    throw Object.assign(
      new Error(`${file} could not run: ${result.code ?? result.shortMessage ?? 'unknown error'}`),
      {
        code: result.code,
      },
    );
  }
  return { exitCode: result.exitCode, stdout: result.stdout, stderr: result.stderr };
}

/** The command's stdout when it exited 0; otherwise an error that carries its first stderr line. */
export async function queryOutput(
  file: string,
  args: readonly string[],
  options: QueryOptions = {},
): Promise<string> {
  const result = await runQuery(file, args, options);
  if (result.exitCode !== 0) throw new QueryError(file, args, result);
  return result.stdout;
}

export class QueryError extends Error {
  constructor(
    file: string,
    args: readonly string[],
    readonly result: QueryResult,
  ) {
    const detail = result.stderr.trim().split('\n')[0] ?? '';
    super(`${[file, ...args].join(' ')} exited ${result.exitCode}${detail === '' ? '' : `: ${detail}`}`);
    this.name = 'QueryError';
  }
}
