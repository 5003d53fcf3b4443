/** `cloud-in-a-box uninstall`: undo the install, restore the host's files and network, keep the logs. */
import type { Command } from 'commander';
import type { Io } from './io.js';
import type { UninstallOptions } from './uninstall-run.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

export function registerUninstall(program: Command, io: Io): void {
  program
    .command('uninstall')
    .description('stop and remove the cloud, restore every file the install changed; keeps the logs')
    .option('-a, --answers <file>', 'the answers the install used', '/etc/cloud-in-a-box/answers.yaml')
    .option('-y, --yes', 'do not ask (otherwise you confirm by typing the host name)')
    .option('-q, --quiet', 'no progress output')
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box uninstall\n  cloud-in-a-box uninstall --yes\n  cloud-in-a-box uninstall --target root@centos7-host\n\n' +
        'The answers file is read on the host (--target: on that host).\n' +
        'This deletes the cloud, its instances and volumes (/var/lib/eucalyptus).',
    )
    .action(async (options: UninstallOptions) => {
      const { uninstall } = await import('./uninstall-run.js');
      await uninstall(options, io);
    });
}
