/** `cloud-in-a-box status`: the state of the install and of everything it runs, read-only. */
import type { Command } from 'commander';
import type { StatusOptions } from './status-run.js';
import type { Io } from './io.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

export function registerStatus(program: Command, io: Io): void {
  program
    .command('status')
    .description('the state of the install and of what it runs: progress, units, ports, services, endpoints')
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .option('--json', 'machine-readable output (versioned)')
    .addHelpText(
      'after',
      '\nIt reads, on the host: the role and the answers the install kept (/etc/cloud-in-a-box), the install\n' +
        "journal (how many of the plan's tasks are done, which one failed, its log), the state of every unit\n" +
        'the install starts and the ports they listen on, and, on a frontend, the services and node controllers\n' +
        'as euserv-describe-services and euserv-describe-node-controllers report them; then the endpoints and\n' +
        'the console URL.\n' +
        '\nExamples:\n  cloud-in-a-box status\n  cloud-in-a-box status --target root@192.0.2.10 --json\n' +
        '\nExit codes: 0 the install is complete and everything is up, 1 otherwise, 2 bad usage.\n' +
        'It changes nothing on the host.',
    )
    .action(async (options: StatusOptions) => {
      const { status } = await import('./status-run.js');
      await status(options, io);
    });
}
