/** `cloud-in-a-box support-bundle`: what a maintainer needs to diagnose an install, secrets redacted. */
import type { Command } from 'commander';
import type { Io } from './io.js';
import type { SupportBundleOptions } from './support-bundle-run.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

export function registerSupportBundle(program: Command, io: Io): void {
  program
    .command('support-bundle')
    .description('write a .tar.gz of what a maintainer needs to diagnose an install, every secret redacted')
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .option(
      '-o, --output <file>',
      'the archive to write (default: cloud-in-a-box-support-<time>.tar.gz here)',
    )
    .addHelpText(
      'after',
      '\nThe archive (mode 0600) holds, from the host: our logs and the install journal, the answers the host\n' +
        'kept and the configuration rendered from them, the host facts, `status --json`,\n' +
        'euserv-describe-services and euserv-describe-node-controllers, the last lines of\n' +
        '/var/log/eucalyptus/*.log, systemctl --failed, ip addr and ip route. Every secret is replaced by\n' +
        '[redacted]: the secret answers, the admin password, access and secret keys, private keys (PEM), password\n' +
        'hashes, credentials in URLs. Files that hold secrets (the admin password file) are left out.\n' +
        '\nExamples:\n  cloud-in-a-box support-bundle\n  cloud-in-a-box support-bundle --target root@192.0.2.10 -o ciab-support.tar.gz\n' +
        '\nExit codes: 0 written, 1 failed, 2 bad usage (e.g. the file exists).\n' +
        'It changes nothing on the host.',
    )
    .action(async (options: SupportBundleOptions) => {
      const { supportBundle } = await import('./support-bundle-run.js');
      await supportBundle(options, io);
    });
}
