/** `cloud-in-a-box install`: answers, plan, confirmation, run, summary. */
import type { Command } from 'commander';
import type { InstallOptions } from './install-run.js';
import type { Io } from './io.js';
import { messages } from '../core/messages.js';
import { roleOption } from './role-option.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

export function registerInstall(program: Command, io: Io): void {
  const install = program
    .command('install')
    .description(
      'install the cloud on this host or on --target over SSH (asks the questions unless --answers is given)',
    )
    .option('-a, --answers <file>', 'take the answers from this file; only what it leaves open is asked')
    .option(
      '--save-answers <file>',
      `where the wizard saves the answers (mode 0600; never over an existing file; ${messages.savedAnswersDefault})`,
    )
    .option('-y, --yes', 'do not ask for confirmation before changing the host')
    .option('--dry-run', 'only look: show which tasks would run or be skipped, change nothing')
    .option('-q, --quiet', 'no progress output (errors and the summary still print)')
    .addOption(roleOption('default: what the host was installed as, else ciab; another is refused'))
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .option(
      '--accept <id>',
      'accept a preflight warning (repeatable, or comma-separated; see cloud-in-a-box check)',
      (value: string, previous: string[]) => [...previous, ...value.split(',')],
      [],
    )
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box install --target root@centos7-host\n  cloud-in-a-box install\n  cloud-in-a-box install --answers ciab.yaml --yes\n  cloud-in-a-box install --answers ciab.yaml --dry-run\n' +
        '  cloud-in-a-box install --address 192.168.56.10/24 --public-ips 192.168.56.128/27\n' +
        '\nAnswers come from, in rising precedence: defaults, this host, --answers FILE, the answer flags, and\n' +
        'what you type. Without a terminal nothing is asked: every answer must be given.\n' +
        '\nRun it again at any time: finished tasks are skipped, a failed run resumes at the failed task.\n' +
        'Log of every run, on the host: /var/log/cloud-in-a-box/latest',
    )
    .action(async (options: InstallOptions) => {
      const { install } = await import('./install-run.js');
      await install(options, io);
    });
  // The answer flags come from the schema: add them only when install runs (also for its --help), so
  // that loading zod does not slow down every other command.
  program.hook('preSubcommand', async (_program, subcommand) => {
    if (subcommand !== install) return;
    const { addAnswerFlags } = await import('./wizard/flags.js');
    const { addForceFlags } = await import('./preflight-flags.js');
    addAnswerFlags(install);
    addForceFlags(install);
  });
}
