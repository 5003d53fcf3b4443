/** `--target` and `--accept-new-host-key`: the host a command reads or changes, over SSH (src/host/target-host.ts). */
import { Option } from 'commander';
import type { TargetHost } from '../host/target-host.js';
import type { Io } from './io.js';

export const targetOption = (): Option =>
  new Option(
    '-t, --target <[user@]host[:port]>',
    'the host to work on, over SSH with your ssh setup (~/.ssh/config, agent, known_hosts); default: this machine',
  );

export const acceptNewHostKeyOption = (): Option =>
  new Option(
    '--accept-new-host-key',
    'trust a --target host whose key is not in known_hosts yet, and record it (a changed key is refused all the same)',
  );

/** The two flags as commander gives them. */
export interface TargetFlags {
  target?: string;
  acceptNewHostKey?: boolean;
}

/** Runs WORK on the host the flags name (this machine without --target), connected once and closed after. */
export async function onTarget<T>(
  flags: TargetFlags,
  io: Io,
  work: (target: TargetHost) => Promise<T>,
): Promise<T> {
  const { openTarget } = await import('../host/target-host.js');
  const target = await openTarget({
    target: flags.target,
    acceptNewHostKey: flags.acceptNewHostKey === true,
    interactive: io.interactive,
  });
  try {
    return await work(target);
  } finally {
    await target.close();
  }
}
