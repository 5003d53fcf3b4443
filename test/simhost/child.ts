/**
 * Running a command of the simulated world (inside a host, or on its workstation) and collecting what it
 * did: one way for both, so that a test reads their results alike.
 */
import type { ChildProcess } from 'node:child_process';
import { execFileSync, spawn } from 'node:child_process';

export interface RunResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  input?: string;
  timeoutMs?: number;
  cwd?: string;
}

/** file ARGS in its own process group (`process.kill(-child.pid, 'SIGKILL')` ends it and its children), fed `input`. */
export function spawnGroup(file: string, args: readonly string[], input = ''): ChildProcess {
  const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'], detached: true });
  // A command that exits without reading its input closes the pipe first: that is not an error.
  child.stdin.on('error', () => undefined);
  child.stdin.end(input);
  return child;
}

/** What the child printed and how it ended; its process group is killed after timeoutMs. */
export function collect(child: ChildProcess, timeoutMs?: number): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer =
      timeoutMs === undefined
        ? undefined
        : setTimeout(() => {
            killGroup(child);
          }, timeoutMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ exitCode: code ?? (signal === null ? 1 : 128 + signalNumber(signal)), stdout, stderr });
    });
  });
}

/**
 * SIGKILL for the child's process group, from here: never through the `kill` binary, whose procps-ng 4.0
 * reads `kill -9 -PID` as `kill(-1, SIGKILL)`, every process on the machine (seen: `strace kill -0 -12345`
 * calls kill(-1, 0); `kill -9 -- -PID` is the form it means). No pid, or one that is no group of ours: nothing.
 */
function killGroup(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined || pid <= 1) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // the group is gone
  }
}

/** `env -i` arguments: the given variables and nothing inherited from the test process. */
export const envArgs = (vars: Record<string, string>): string[] =>
  Object.entries(vars).map(([k, v]) => `${k}=${v}`);

export const sh = (file: string, args: readonly string[]): string =>
  execFileSync(file, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

export const quiet = (file: string, args: readonly string[]): void => {
  try {
    execFileSync(file, args, { stdio: 'ignore' });
  } catch {
    // cleanup goes on with the next step
  }
};

function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGKILL: 9, SIGTERM: 15, SIGINT: 2 };
  return numbers[signal] ?? 1;
}
