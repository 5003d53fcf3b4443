/**
 * The engine's scripts on a target over SSH, through one long-lived session per connection running
 * templates/shell/remote-runner.bash: a script is a request on that session's standard input and its output
 * comes back on the session's standard output, ended by a line of the request's own token and the exit
 * code. Per script that costs a round trip on an open channel and the script's own bash, where a session
 * per script paid an ssh client, a session, sudo and a wrapper each time (docs/BENCHMARKS.md).
 */
import { randomBytes } from 'node:crypto';
import type { Started } from '../tools/tool.js';

export interface RunnerRequest {
  script: string;
  /** run apart from the session (Task.detached), see remote-runner.bash */
  detached: boolean;
  onLine?: (line: string) => void;
  signal?: AbortSignal;
}

export type RunnerOutcome =
  | { kind: 'ended'; exitCode: number; output: string }
  /** the session ended before the script did: the connection was lost, or the runner was killed */
  | { kind: 'gone'; exitCode: number | undefined; output: string; said: string[] }
  /** we stopped it (the request's signal): the script's end was not waited for */
  | { kind: 'stopped'; output: string };

interface Pending {
  token: string;
  onLine: ((line: string) => void) | undefined;
  output: string;
  settle: (outcome: RunnerOutcome) => void;
}

/** How long a stopped script has to end (remote-runner.bash: TERM, then KILL after 3 s) before we leave it. */
const STOP_GRACE_MS = 5000;

export class RemoteRunner {
  private pending: Pending | undefined;
  /** the unfinished last line of output */
  private partial = '';
  private ended: { exitCode: number | undefined } | undefined;
  /** one request at a time: the runner reads the next only after the last one's end */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly session: Started) {
    const { child } = session;
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (text: string) => {
      this.take(text);
    });
    // A session whose connection is gone takes no more input: writing to it is no error of ours.
    child.stdin?.on('error', () => undefined);
    void child.then((result) => {
      this.ended = { exitCode: result.exitCode };
      this.settleGone();
    });
  }

  /** False once the session has ended: a new connection needs a new runner. */
  get alive(): boolean {
    return this.ended === undefined;
  }

  run(request: RunnerRequest): Promise<RunnerOutcome> {
    const next = this.queue.then(() => this.runNow(request));
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** Ends the runner: its input's end makes it exit (and stop a script still running). */
  async close(): Promise<void> {
    this.session.child.stdin?.end();
    await this.session.child;
  }

  private runNow(request: RunnerRequest): Promise<RunnerOutcome> {
    return new Promise((resolve) => {
      if (this.ended !== undefined) {
        resolve({ kind: 'gone', exitCode: this.ended.exitCode, output: '', said: this.session.lastLines() });
        return;
      }
      const token = `ciab-end-${randomBytes(12).toString('hex')}`;
      let stopTimer: NodeJS.Timeout | undefined;
      const stop = (): void => {
        // An attached script is stopped there with everything it started; a detached one goes on there on
        // its own, as it would after a lost connection, and the next run waits for it.
        if (!request.detached) this.session.child.stdin?.write('stop\n');
        stopTimer = setTimeout(
          () => {
            const output = this.pending?.output ?? '';
            this.pending = undefined;
            this.session.child.kill('SIGKILL');
            resolve({ kind: 'stopped', output });
          },
          request.detached ? 0 : STOP_GRACE_MS,
        );
      };
      this.pending = {
        token,
        onLine: request.onLine,
        output: '',
        settle: (outcome) => {
          clearTimeout(stopTimer);
          request.signal?.removeEventListener('abort', stop);
          this.pending = undefined;
          resolve(outcome);
        },
      };
      const mode = request.detached ? 'detached' : 'attached';
      this.session.child.stdin?.write(
        `${String(Buffer.byteLength(request.script))} ${mode} ${token}\n${request.script}`,
      );
      if (request.signal?.aborted === true) stop();
      else request.signal?.addEventListener('abort', stop, { once: true });
    });
  }

  /** Output as it comes: whole lines go to the request, until the line that carries its token. */
  private take(text: string): void {
    const lines = (this.partial + text).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) {
      const pending = this.pending;
      if (pending === undefined) continue;
      const end = endOf(line, pending.token);
      if (end === undefined) {
        pending.output += `${line}\n`;
        pending.onLine?.(line);
        continue;
      }
      // A script whose output did not end with a newline: its last line comes before the token.
      if (end.before !== '') {
        pending.output += end.before;
        pending.onLine?.(end.before);
      }
      pending.settle({ kind: 'ended', exitCode: end.exitCode, output: pending.output });
    }
  }

  private settleGone(): void {
    const pending = this.pending;
    if (pending === undefined) return;
    if (this.partial !== '') {
      pending.output += this.partial;
      pending.onLine?.(this.partial);
      this.partial = '';
    }
    pending.settle({
      kind: 'gone',
      exitCode: this.ended?.exitCode,
      output: pending.output,
      said: this.session.lastLines(),
    });
  }
}

/** The end of a request's output in `line` (`[BEFORE]TOKEN STATUS`), or undefined. */
function endOf(line: string, token: string): { before: string; exitCode: number } | undefined {
  const at = line.lastIndexOf(`${token} `);
  if (at === -1) return undefined;
  const status = line.slice(at + token.length + 1);
  if (!/^\d+$/.test(status)) return undefined;
  return { before: line.slice(0, at), exitCode: Number(status) };
}
