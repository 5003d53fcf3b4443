/** `cloud-in-a-box uninstall`: undo the install, restore the host's files and network, keep the logs. */
import type { Command } from 'commander';
import type { Io } from './io.js';

export function registerUninstall(program: Command, io: Io): void {
  program
    .command('uninstall')
    .description('stop and remove the cloud, restore every file the install changed; keeps the logs')
    .option('-a, --answers <file>', 'the answers the install used', '/etc/cloud-in-a-box/answers.yaml')
    .option('-y, --yes', 'do not ask (otherwise you confirm by typing the host name)')
    .option('-q, --quiet', 'no progress output')
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box uninstall\n  cloud-in-a-box uninstall --yes\n\n' +
        'This deletes the cloud, its instances and volumes (/var/lib/eucalyptus).',
    )
    .action(async (options: { answers: string; yes?: boolean; quiet?: boolean }) => {
      const { uninstall } = await import('./uninstall-run.js');
      await uninstall(options, io);
    });
}
