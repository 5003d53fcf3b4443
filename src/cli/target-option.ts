/** `--target` and `--accept-new-host-key`: the host a command reads or changes, over SSH (src/host/target-host.ts). */
import { Option } from 'commander';

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
