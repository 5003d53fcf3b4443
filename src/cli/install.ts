/** `cloud-in-a-box install`: answers, plan, confirmation, run, summary. */
import type { Command } from 'commander';
import type { Io } from './io.js';

interface InstallOptions {
  answers?: string;
  yes?: boolean;
  dryRun?: boolean;
  quiet?: boolean;
}

export function registerInstall(program: Command, io: Io): void {
  program
    .command('install')
    .description('install the cloud on this host (asks the questions unless --answers is given)')
    .option('-a, --answers <file>', 'take the answers from this file instead of asking')
    .option('-y, --yes', 'do not ask for confirmation before changing the host')
    .option('--dry-run', 'only look: show which tasks would run or be skipped, change nothing')
    .option('-q, --quiet', 'no progress output (errors and the summary still print)')
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box install\n  cloud-in-a-box install --answers ciab.yaml --yes\n  cloud-in-a-box install --answers ciab.yaml --dry-run\n' +
        '\nRun it again at any time: finished tasks are skipped, a failed run resumes at the failed task.\n' +
        'Log of every run: /var/log/cloud-in-a-box/latest',
    )
    .action(async (options: InstallOptions) => {
      const { install } = await import('./install-run.js');
      await install(options, io);
    });
}

export type { InstallOptions };
