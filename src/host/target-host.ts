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
import type { GatherDeps } from './gather.js';
import { SshConnection } from './ssh/connection.js';
import { RemoteReads } from './ssh/reads.js';
import { showNeighbours } from './tools/ip.js';
import { answersPing } from './tools/ping.js';
import { runQuery } from './tools/tool.js';

export interface TargetHost {
  /** how messages and --json name it: `this machine`, or the address as given (`root@192.0.2.10`) */
  readonly name: string;
  /** the gatherer's reads there; undefined: this machine's own (the gatherer's defaults) */
  readonly gatherDeps: GatherDeps | undefined;
  /** the answer probes' means there (lookups, pings, the neighbour table, repositories); empty here */
  readonly answerProbeDeps: Partial<AnswerProbeDeps>;
  close: () => Promise<void>;
}

export const THIS_MACHINE: TargetHost = {
  name: 'this machine',
  gatherDeps: undefined,
  answerProbeDeps: {},
  close: () => Promise.resolve(),
};

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
  const gatherDeps = reads.gatherDeps();
  const on = reads.query;
  return {
    name: connection.name,
    gatherDeps,
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
        // curl is in every CentOS 7 install (yum needs libcurl; the curl package is in @core).
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
        const names = (await gatherDeps.readDir(YUM_REPOS_DIR).catch(() => []))
          .filter((n) => n.endsWith('.repo'))
          .sort();
        const never = new AbortController().signal;
        return Promise.all(
          names.map(async (name) => ({
            name,
            text: await gatherDeps.readFile(`${YUM_REPOS_DIR}/${name}`, never),
          })),
        );
      },
    },
    close: () => connection.close(),
  };
}
