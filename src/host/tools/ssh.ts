/**
 * OpenSSH's client, the one way the installer reaches a target host (`--target`): the system `ssh`, so
 * that ~/.ssh/config, ssh-agent, ProxyJump, keys and known_hosts work as the user has them. One master
 * connection per run carries every command as a multiplexed session (ssh_config(5): ControlMaster,
 * ControlPath), through a socket in a private directory of ours.
 *
 * Host keys are always checked: StrictHostKeyChecking=yes, or `accept-new` when the user asked for it
 * (ssh_config(5): it adds an unknown host's key, and still refuses a changed one). Never `no`.
 */
import type { TargetAddress } from '../../core/target-address.js';
import type { Started } from './tool.js';
import { startTool } from './tool.js';

export interface SshEndpoint {
  address: TargetAddress;
  /** the master's socket (in a 0700 directory of ours) */
  controlPath: string;
  /** add an unknown host key to known_hosts (a changed one is refused all the same) */
  acceptNewHostKey: boolean;
  /** no terminal: ssh must never ask (a passphrase, a password), it fails instead */
  batch: boolean;
}

/**
 * The options every call carries. ServerAlive: a connection that stopped answering is given up after
 * about 15 s (3 probes 5 s apart) instead of TCP's minutes, so that a lost target is reported, not waited on.
 */
function options(endpoint: SshEndpoint): string[] {
  const { user, port } = endpoint.address;
  return [
    '-o',
    `StrictHostKeyChecking=${endpoint.acceptNewHostKey ? 'accept-new' : 'yes'}`,
    '-o',
    `ControlPath=${endpoint.controlPath}`,
    '-o',
    'ConnectTimeout=15',
    '-o',
    'ServerAliveInterval=5',
    '-o',
    'ServerAliveCountMax=3',
    ...(endpoint.batch ? ['-o', 'BatchMode=yes'] : []),
    ...(port === undefined ? [] : ['-p', String(port)]),
    ...(user === undefined ? [] : ['-l', user]),
  ];
}

/**
 * The master connection. Its own session runs `command` (fixed text of ours) and lives as long as our
 * end of its standard input: when we close it, or die, the session ends and the master with it (after
 * the sessions still multiplexed over it). `-v` puts the server's host key fingerprint among its
 * messages, for the refusal of an unknown key (strict checking names no fingerprint).
 */
export function startMaster(endpoint: SshEndpoint, command: string): Started {
  return startTool(
    'ssh',
    [
      ...options(endpoint),
      '-v',
      '-o',
      'ControlMaster=yes',
      '-o',
      'ControlPersist=no',
      '--',
      endpoint.address.host,
      command,
    ],
    { stdin: 'pipe', buffer: { stdout: false, stderr: false }, group: true },
  );
}

/**
 * A command on the target through the master: `command` is shell text of ours (the target's login shell
 * reads it), never a user's string; data goes on standard input. ControlMaster=no: a session never
 * becomes a master of its own.
 */
export function startSession(
  endpoint: SshEndpoint,
  command: string,
  spec: { signal?: AbortSignal; all?: boolean; buffer: { stdout: boolean; stderr: boolean } },
): Started {
  const started = startTool(
    'ssh',
    [...options(endpoint), '-o', 'ControlMaster=no', '--', endpoint.address.host, command],
    { stdin: 'pipe', group: true, killGraceMs: 3000, ...spec },
  );
  // A session whose connection is gone takes no more input: writing to it is no error of ours.
  started.child.stdin?.on('error', () => undefined);
  return started;
}

/** Asks the master to end now (`ssh -O exit`), closing every session it still carries. */
export function stopMaster(endpoint: SshEndpoint): Started {
  return startTool('ssh', [...options(endpoint), '-O', 'exit', '--', endpoint.address.host], {
    buffer: { stdout: false, stderr: false },
    timeoutMs: 10_000,
  });
}
