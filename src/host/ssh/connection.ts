/**
 * One SSH connection to the target host for a whole run: a master connection (src/host/tools/ssh.ts)
 * whose own session tells who we are there, then every command as a session multiplexed over it. Scripts
 * travel on the session's standard input, never in its command line: the target's process list shows
 * only `bash -s` or our fixed runner (templates/shell/remote-runner.bash). A login other than root works
 * through `sudo -n` (never a password prompt).
 */
import { rm } from 'node:fs/promises';
import { makeControlDir } from './control-dir.js';
import path from 'node:path';
import { InputError, WorkError } from '../../core/errors.js';
import { messages } from '../../core/messages.js';
import type { TargetAddress } from '../../core/target-address.js';
import { formatTargetAddress } from '../../core/target-address.js';
import type { SshEndpoint } from '../tools/ssh.js';
import type { Started } from '../tools/tool.js';
import type { LogSink } from '../runner/log.js';
import { startMaster, startSession, stopMaster } from '../tools/ssh.js';
import { diagnose } from './diagnose.js';
import { shellFile } from '../../core/bash/tasks.js';
import { DETACHED_DIR } from '../../core/locations.js';
import { shellCommand, shellWord } from '../../core/quote.js';
import type { HeldLock } from '../tools/flock.js';
import { holdLock, lockArgv } from '../tools/flock.js';
import type { BashOptions, BashResult } from '../tools/bash.js';
import { RemoteRunner } from './runner.js';

export interface SshOptions {
  acceptNewHostKey: boolean;
  /** no terminal: ssh fails rather than ask for anything */
  batch: boolean;
}

export interface TaskRunOptions extends BashOptions {
  /** the work, as messages name it */
  during: string;
  /** run apart from the session (Task.detached), for its wait (Task.waitSeconds) */
  detached?: boolean;
  waitSeconds?: number;
}

export interface ScriptResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** ssh's own exit status for its failures (ssh(1): "exits with the exit status of the remote command or with 255 if an error occurred"). */
const SSH_FAILED = 255;
/** The longest we wait for a lost connection's sessions to end before we connect again (they end with it). */
const SESSIONS_END_MS = 5000;

/** A session a lost connection takes with it, and how to set it up again on the new one. */
interface Revival {
  ended: () => Promise<unknown>;
  revive: () => Promise<void>;
}

/** A script we stopped (the run was interrupted): as bash ends on SIGTERM. */
const STOPPED = 128 + 15;
const READY = 'ciab-ready';

export class SshConnection {
  private closed = false;
  /** the scripts' runner there (./runner.ts), started with the first script and again after a lost connection */
  private runner: RemoteRunner | undefined;
  /** What a new connection sets up again after a lost one: the run lock's holder, the log's writer. */
  private readonly revivals = new Set<Revival>();

  private constructor(
    readonly name: string,
    private endpoint: SshEndpoint,
    private readonly directory: string,
    private master: ReturnType<typeof startMaster>,
    /** the login's uid and the machine (uname -m) */
    readonly login: { uid: number; arch: string },
    private sudo: boolean,
  ) {}

  static async open(address: TargetAddress, options: SshOptions): Promise<SshConnection> {
    const name = formatTargetAddress(address);
    const directory = await makeControlDir();
    const endpoint: SshEndpoint = {
      address,
      controlPath: path.join(directory, 'master'),
      acceptNewHostKey: options.acceptNewHostKey,
      batch: options.batch,
    };
    const connected = await connectMaster(endpoint);
    if ('said' in connected) {
      await rm(directory, { recursive: true, force: true });
      throw connectError(name, connected.said);
    }
    const { master, ready } = connected;
    const [, uid, arch] = ready.split(' ');
    const connection = new SshConnection(
      name,
      endpoint,
      directory,
      master,
      { uid: Number(uid), arch: arch ?? '' },
      false,
    );
    if (connection.login.uid !== 0) await connection.checkSudo();
    return connection;
  }

  /**
   * Runs a bash script of ours on the target as root; its commands get no standard input (the script is
   * it). `during` names the work for the message when the connection is lost.
   */
  async runScript(
    script: string,
    during: string,
    options: { signal?: AbortSignal } = {},
  ): Promise<ScriptResult> {
    const session = startSession(this.endpoint, this.asRoot('bash -s'), {
      ...(options.signal === undefined ? {} : { signal: options.signal }),
      buffer: { stdout: true, stderr: true },
    });
    session.child.stdin?.end(script);
    const result = await session.child;
    const exitCode = result.exitCode ?? SSH_FAILED;
    if (exitCode === SSH_FAILED)
      throw new WorkError(messages.sshLost(this.name, during), undefined, session.lastLines());
    return { exitCode, stdout: String(result.stdout), stderr: String(result.stderr) };
  }

  /**
   * Runs one of the engine's scripts on the target as root, its output line by line: the task protocol's
   * exit code, as runBash gives it here. Every script goes through the connection's one runner
   * (./runner.ts, templates/shell/remote-runner.bash). Stopping it (`signal`), or losing the connection,
   * stops the script there too. `during` names the work for the lost-connection message.
   */
  async runTask(script: string, options: TaskRunOptions): Promise<BashResult> {
    const started = performance.now();
    if (this.runner?.alive !== true) this.runner = this.startRunner();
    const detached = options.detached === true;
    const outcome = await this.runner.run({
      script,
      detached,
      ...(options.onLine === undefined ? {} : { onLine: options.onLine }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    switch (outcome.kind) {
      case 'ended':
        return {
          exitCode: outcome.exitCode,
          output: outcome.output,
          durationMs: performance.now() - started,
        };
      case 'stopped':
        return { exitCode: STOPPED, output: outcome.output, durationMs: performance.now() - started };
      case 'gone':
        if (options.signal?.aborted === true)
          return { exitCode: STOPPED, output: outcome.output, durationMs: performance.now() - started };
        // The session ended under the script: ssh lost the connection (255), or the runner was killed there.
        if (detached && outcome.exitCode === SSH_FAILED)
          return this.detachedOutcome(options, outcome.output, started);
        throw new WorkError(messages.sshLost(this.name, options.during), undefined, outcome.said);
    }
  }

  /** The connection's runner, as root; its standard input stays open while it lives (its end stops it). */
  private startRunner(): RemoteRunner {
    const command = `bash -c ${shellWord(shellFile('remote-runner.bash'))} ciab-runner ${shellWord(DETACHED_DIR)}`;
    return new RemoteRunner(
      startSession(this.endpoint, this.asRoot(command), { buffer: { stdout: false, stderr: false } }),
    );
  }

  /**
   * The connection was lost while a detached script ran: it goes on there on its own (it may have been what
   * cut the connection, as the bridge can). Connect again within its wait and a minute, take the run lock
   * and the log up again, wait for the script's end, and give its outcome as if the session had lasted:
   * the run goes on, or stops at its failure (a bridge that rolled back says so in its output).
   */
  private async detachedOutcome(options: TaskRunOptions, seen: string, started: number): Promise<BashResult> {
    // The sessions of the lost connection end with it; once they have, the log keeps what is written
    // until its writer is back (appendTo), this message first.
    await Promise.race([
      Promise.all([...this.revivals].map((r) => r.ended())),
      new Promise((resolve) => setTimeout(resolve, SESSIONS_END_MS)),
    ]);
    options.onLine?.(messages.sshReconnecting(this.name, options.during));
    const deadline = Date.now() + ((options.waitSeconds ?? 0) + 60) * 1000;
    for (let attempt = 1; ; attempt++) {
      this.endpoint = {
        ...this.endpoint,
        controlPath: path.join(this.directory, `master-${String(attempt)}`),
      };
      const connected = await connectMaster(this.endpoint);
      if (!('said' in connected)) {
        this.master = connected.master;
        break;
      }
      if (Date.now() > deadline) throw new WorkError(messages.sshLost(this.name, options.during));
      await new Promise((resolve) => setTimeout(resolve, 2000));
    }
    for (const revival of this.revivals) await revival.revive();
    const dir = shellWord(DETACHED_DIR);
    const { stdout, exitCode } = await this.runScript(
      `flock ${dir}/lock true; cat ${dir}/output; exit "$(cat ${dir}/status 2>/dev/null || echo 125)"\n`,
      options.during,
    );
    // The output up to the loss was shown already; the rest comes now.
    const rest = stdout.startsWith(seen) ? stdout.slice(seen.length) : stdout;
    for (const line of rest.split('\n').filter((l) => l !== '')) options.onLine?.(line);
    options.onLine?.(messages.sshReconnected(this.name));
    return { exitCode, output: stdout, durationMs: performance.now() - started };
  }

  /**
   * A long-lived session running `command` (shell text of ours) as root, its standard input ours to
   * write: the run lock's holder, the log's writer. It ends when we end its input, or die.
   */
  start(command: string): Started {
    return startSession(this.endpoint, this.asRoot(command), { buffer: { stdout: false, stderr: false } });
  }

  /** An append-only log file there, written through one session (see LogSink), again after a reconnect. */
  appendTo(dir: string, name: string): LogSink {
    const command =
      `umask 077 && mkdir -p ${shellWord(dir)} && chmod 700 ${shellWord(dir)} && cd ${shellWord(dir)} && ` +
      `: >>${shellWord(name)} && ln -sfn ${shellWord(name)} latest && exec cat >>${shellWord(name)}`;
    let writer = this.start(command);
    /** what is written while the writer is gone with a lost connection: sent when it is back */
    let held: string[] | undefined;
    let closing = false;
    const follow = (started: Started): void => {
      void started.child.then(() => {
        if (writer === started && !closing) held ??= [];
      });
    };
    follow(writer);
    const revival: Revival = {
      ended: () => writer.child,
      revive: () => {
        writer = this.start(command);
        follow(writer);
        writer.child.stdin?.write((held ?? []).join(''));
        held = undefined;
        return Promise.resolve();
      },
    };
    this.revivals.add(revival);
    return {
      file: path.posix.join(dir, name),
      write: (text) => {
        if (held === undefined) writer.child.stdin?.write(text);
        else held.push(text);
      },
      close: async () => {
        closing = true;
        this.revivals.delete(revival);
        writer.child.stdin?.end();
        await writer.child;
      },
    };
  }

  /**
   * The run lock there, held through a session (the same flock as here: src/host/tools/flock.ts); taken
   * again after a reconnect. Undefined when another run holds it.
   */
  async takeLock(file: string): Promise<HeldLock | undefined> {
    const command = `mkdir -p -m 0700 ${shellWord(path.posix.dirname(file))} && exec ${shellCommand(lockArgv(file))}`;
    let holder = this.start(command);
    let held = await holdLock('flock', holder);
    if (held === undefined) return undefined;
    const revival: Revival = {
      ended: () => holder.child,
      revive: async () => {
        holder = this.start(command);
        held = await holdLock('flock', holder);
        if (held === undefined) throw new WorkError(messages.runLockTakenMeanwhile(this.name, file));
      },
    };
    this.revivals.add(revival);
    return {
      release: async () => {
        this.revivals.delete(revival);
        await held?.release();
      },
    };
  }

  /** COMMAND as root: as it is for root's login, else through `sudo -n` (checked at connect). */
  private asRoot(command: string): string {
    return this.sudo ? `sudo -n -- sh -c ${shellWord(command)}` : command;
  }

  /** Ends the master (and so every session) and removes its socket's directory; safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.runner?.close();
    this.master.child.stdin?.end();
    await stopMaster(this.endpoint).child;
    await this.master.child;
    await rm(this.directory, { recursive: true, force: true });
  }

  private async checkSudo(): Promise<void> {
    this.sudo = true;
    const { exitCode, stderr } = await this.runScript('exit 0\n', 'the sudo check').catch(() => ({
      exitCode: 1,
      stderr: 'sudo did not answer',
    }));
    if (exitCode === 0) return;
    await this.close();
    if (/password is required/.test(stderr))
      throw new InputError(messages.sudoNeedsPassword(this.name), messages.sudoNeedsPasswordHint);
    throw new InputError(messages.sudoMissing(this.name, stderr.trim().split('\n')[0] ?? `exit ${exitCode}`));
  }
}

/** A master connection, or what ssh said when it could not make one. */
async function connectMaster(
  endpoint: SshEndpoint,
): Promise<{ master: ReturnType<typeof startMaster>; ready: string } | { said: string[] }> {
  const said: string[] = [];
  const master = startMaster(endpoint, `echo ${READY} "$(id -u)" "$(uname -m)"; exec cat >/dev/null`);
  master.child.stderr?.on('data', (chunk: Buffer) => said.push(...chunk.toString('utf8').split(/\r?\n/)));
  const ready = await readyLine(master);
  if (ready !== undefined) return { master, ready };
  await master.child;
  return { said };
}

/** The master session's first line, or undefined when ssh ended before it (it could not connect). */
function readyLine(master: ReturnType<typeof startMaster>): Promise<string | undefined> {
  return new Promise((resolve) => {
    let text = '';
    master.child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString('utf8');
      const line = text.split('\n').find((l) => l.startsWith(`${READY} `));
      if (line !== undefined) resolve(line);
    });
    void master.child.then(() => {
      resolve(undefined);
    });
  });
}

function connectError(name: string, said: readonly string[]): Error {
  const failure = diagnose(said);
  switch (failure.kind) {
    case 'host-key-unknown':
      return new InputError(messages.hostKeyUnknown(name, failure.fingerprint), messages.hostKeyUnknownHint);
    case 'host-key-changed':
      return new InputError(
        messages.hostKeyChanged(name, failure.where),
        messages.hostKeyChangedHint(failure.where),
      );
    case 'login':
      return new InputError(messages.sshAuthFailed(name, failure.detail), messages.sshAuthFailedHint);
    case 'unreachable':
      return new WorkError(messages.sshUnreachable(name, failure.detail));
    case 'lost':
      return new WorkError(messages.sshUnreachable(name, failure.detail));
  }
}
