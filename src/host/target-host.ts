/**
 * The host a command reads and changes: this machine, or the one `--target` names, over SSH. Everything
 * that touches a host takes it from here, so that `check`, `plan` and the wizard's defaults describe the
 * host to be installed, wherever the CLI runs.
 */
import { InputError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { parseTargetAddress } from '../core/target-address.js';
import type { AnswerProbeDeps } from './answer-probes.js';
import { YUM_REPOS_DIR } from './answer-probes.js';
import type { GatherDeps, GatherOptions } from './gather.js';
import { gatherHostFacts, READ_AHEAD } from './gather.js';
import type { HostFacts } from '../core/facts/types.js';
import type { TaskRunOptions } from './ssh/connection.js';
import { SshConnection } from './ssh/connection.js';
import { RemoteReads } from './ssh/reads.js';
import { showNeighbours } from './tools/ip.js';
import { answersPing } from './tools/ping.js';
import { runQuery } from './tools/tool.js';
import { mkdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { isNotFound } from './probe.js';
import type { LogSink } from './runner/log.js';
import { localLog } from './runner/log.js';
import type { BashResult } from './tools/bash.js';
import { runBash } from './tools/bash.js';
import type { HeldLock } from './tools/flock.js';
import { takeLock } from './tools/flock.js';

export interface TargetHost {
  /** how messages and --json name it: `this machine`, or the address as given (`root@192.0.2.10`) */
  readonly name: string;
  /** the gatherer's reads there, afresh for each gathering; undefined: this machine's own (the gatherer's defaults) */
  readonly gatherDeps: (() => GatherDeps) | undefined;
  /** the answer probes' means there (lookups, pings, the neighbour table, repositories); empty here */
  readonly answerProbeDeps: Partial<AnswerProbeDeps>;
  /**
   * The deadline of one probe of the gatherer or of the answers: a guard against a tool that hangs, not a
   * measure of speed. Over SSH a probe waits for its whole batch (dozens of pings, each with a second's
   * deadline) and for the round trips before it, on a target that may be busy: a deadline fit for this
   * machine's own reads would call a slow answer "could not tell".
   */
  readonly probeDeadlineMs: number;
  /** the engine's one way to act there: a bash script of ours, as root, its output line by line */
  runBash: (script: string, options: TaskRunOptions) => Promise<BashResult>;
  /** a file there, undefined when it does not exist */
  readFile: (file: string) => Promise<string | undefined>;
  /** the run lock there (one install or uninstall at a time); undefined when another run holds it */
  takeRunLock: (file: string) => Promise<HeldLock | undefined>;
  /** an append-only log file there: FILE (0600) in DIR (0700), with DIR/latest pointing at it */
  openLog: (dir: string, name: string) => LogSink;
  close: () => Promise<void>;
}

export const THIS_MACHINE: TargetHost = {
  name: 'this machine',
  gatherDeps: undefined,
  answerProbeDeps: {},
  probeDeadlineMs: 5000,
  runBash: (script, options) => runBash(script, options),
  readFile: (file) =>
    readFile(file, 'utf8').catch((error: unknown) => {
      if (isNotFound(error)) return undefined;
      throw error;
    }),
  takeRunLock: async (file) => {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    return takeLock(file);
  },
  openLog: localLog,
  close: () => Promise.resolve(),
};

/** The target's facts (src/host/gather.ts), read there. */
export function gatherFrom(
  target: TargetHost,
  options: Omit<GatherOptions, 'deps'> = {},
): Promise<HostFacts> {
  return gatherHostFacts({
    timeoutMs: target.probeDeadlineMs,
    ...options,
    ...(target.gatherDeps === undefined ? {} : { deps: target.gatherDeps() }),
  });
}

/** Where a file of the target is, for a person: its path here, `root@host:path` over SSH. */
export function logPlace(target: TargetHost, file: string | undefined): string | undefined {
  if (file === undefined || target === THIS_MACHINE) return file;
  return `${target.name}:${file}`;
}

export interface TargetRequest {
  /** `--target` as given; undefined: this machine */
  target: string | undefined;
  acceptNewHostKey: boolean;
  /** a terminal to ask on: ssh may prompt for a key's passphrase; without one it must not (BatchMode) */
  interactive: boolean;
}

/** Connects to the target (once per run); this machine when none is given. */
export async function openTarget(request: TargetRequest): Promise<TargetHost> {
  if (request.target === undefined) return THIS_MACHINE;
  const address = parseTargetAddress(request.target);
  if (typeof address === 'string')
    throw new InputError(messages.targetInvalid(request.target, address), messages.targetInvalidHint);
  const connection = await SshConnection.open(address, {
    acceptNewHostKey: request.acceptNewHostKey,
    batch: !request.interactive,
  });
  const reads = new RemoteReads(connection);
  const never = new AbortController().signal;
  // Single reads (repositories, the role file): no read-ahead.
  const single = reads.gatherDeps();
  const on = reads.query;
  return {
    name: connection.name,
    gatherDeps: () => reads.gatherDeps(READ_AHEAD),
    probeDeadlineMs: 30_000,
    answerProbeDeps: {
      lookup: async (name) => {
        // getent(1) resolves as the target's programs will (nsswitch.conf: /etc/hosts, then DNS).
        const result = await runQuery('getent', ['ahostsv4', name], { on });
        return [
          ...new Set(
            result.stdout
              .split('\n')
              .map((l) => l.split(/\s+/)[0] ?? '')
              .filter(Boolean),
          ),
        ];
      },
      ping: (address) => answersPing(address, { on }),
      neighbours: (signal) => showNeighbours({ signal, on }),
      fetchOk: async (url, signal) => {
        // A local mirror (file:) is there when its file is, as yum sees it; the network ones through curl,
        // which every CentOS 7 install has (yum needs libcurl; the curl package is in @core).
        if (url.startsWith('file:')) {
          const there = await single.exists(fileURLToPath(url));
          return there ? { ok: true } : { ok: false, error: 'no such file on the host' };
        }
        const result = await runQuery(
          'curl',
          ['-sS', '-o', '/dev/null', '-I', '-L', '-f', '--max-time', '5', url],
          {
            signal,
            timeoutMs: 8000,
            on,
          },
        );
        return result.exitCode === 0
          ? { ok: true }
          : { ok: false, error: result.lastLines[0] ?? `curl exit ${result.exitCode}` };
      },
      repoFiles: async () => {
        const names = (await single.readDir(YUM_REPOS_DIR).catch(() => []))
          .filter((n) => n.endsWith('.repo'))
          .sort();
        return Promise.all(
          names.map(async (name) => ({
            name,
            text: await single.readFile(`${YUM_REPOS_DIR}/${name}`, never),
          })),
        );
      },
    },
    runBash: (script, options) => connection.runTask(script, options),
    readFile: (file) =>
      single.readFile(file, never).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw error;
      }),
    takeRunLock: (file) => connection.takeLock(file),
    openLog: (dir, name) => connection.appendTo(dir, name),
    close: () => connection.close(),
  };
}
