/**
 * The one way the installer runs a bash snippet on the local host (through startTool, ./tool.ts): in its
 * own process group, so that stopping it (Ctrl-C, a timeout) ends every process it started, not only bash.
 * It never throws for how bash ended: its exit code is the task protocol's answer
 * (src/core/bash/protocol.ts). The snippet reaches bash through a file in a private (0700) temp directory, never in argv: every local user can read any
 * process's argv in /proc/PID/cmdline, and the snippets name files that hold secrets.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { startTool } from './tool.js';

export interface BashResult {
  exitCode: number;
  /** stdout and stderr interleaved, as a person would have seen them */
  output: string;
  durationMs: number;
}

export interface BashOptions {
  /** stops the whole process tree */
  signal?: AbortSignal;
  /** each line of output as it comes */
  onLine?: (line: string) => void;
}

/** Grace period between SIGTERM and SIGKILL for a process tree we stop. */
const KILL_GRACE_MS = 3000;

export async function runBash(script: string, options: BashOptions = {}): Promise<BashResult> {
  // mkdtemp makes the directory 0700 under a name nobody could have taken before; stdin stays free
  // (ignored) for the commands the snippet runs, which would read the rest of a script given on stdin.
  const dir = await mkdtemp(path.join(tmpdir(), 'ciab-bash-'));
  try {
    const file = path.join(dir, 'task.bash');
    await writeFile(file, script, { mode: 0o600, flag: 'wx' });
    return await runBashFile(file, options);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function runBashFile(file: string, options: BashOptions): Promise<BashResult> {
  const started = performance.now();
  const { child } = startTool('bash', [file], {
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    all: true,
    buffer: { stdout: false, stderr: false },
    group: true,
    killGraceMs: KILL_GRACE_MS,
  });
  const all = child.all;
  if (all === undefined) throw new Error('bash: no interleaved output to read');
  const output = followLines(all, options.onLine);
  const result = await child;
  // The protocol's exit code, whatever it is; a bash that was killed by a signal ends with 128 + its number.
  const exitCode = result.exitCode ?? (result.signal !== undefined ? 128 + signalNumber(result.signal) : 1);
  return {
    exitCode,
    output: output(),
    durationMs: performance.now() - started,
  };
}

/** Collects a stream's text and hands each complete line (and a last unfinished one) to `onLine`. */
export function followLines(stream: Readable, onLine?: (line: string) => void): () => string {
  const chunks: Buffer[] = [];
  let pending = '';
  stream.on('data', (chunk: Buffer) => {
    chunks.push(chunk);
    if (onLine === undefined) return;
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) onLine(line);
  });
  stream.on('end', () => {
    if (pending !== '') onLine?.(pending);
  });
  return () => Buffer.concat(chunks).toString('utf8');
}

export function signalNumber(signal: string): number {
  return signal === 'SIGKILL' ? 9 : signal === 'SIGINT' ? 2 : 15;
}
