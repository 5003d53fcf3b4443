/** `cloud-in-a-box check`: the preflight checks ("Nurse Euca"), read-only. */
import type { Command } from 'commander';
import type { CheckOptions } from './check-run.js';
import type { Io } from './io.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

const collect = (value: string, previous: string[]): string[] => [...previous, ...value.split(',')];

export function registerCheck(program: Command, io: Io): void {
  const check = program
    .command('check')
    .description("take the host's temperature before installing: every preflight check, read-only")
    .option('-a, --answers <file>', 'check against these answers (default: what the host proposes)')
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .option('--json', 'machine-readable output (versioned)')
    .option('--accept <id>', 'accept a warning (repeatable, or comma-separated)', collect, [])
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box check --answers ciab.yaml\n  cloud-in-a-box check --target root@192.0.2.10 --answers ciab.yaml\n  cloud-in-a-box check --answers ciab.yaml --accept memory,interface-static --json\n' +
        '\nExit codes: 0 nothing fatal and every warning accepted, 1 otherwise, 2 bad usage.\n' +
        'It changes nothing on the host.',
    )
    .action(async (options: CheckOptions) => {
      const { check: runCheck } = await import('./check-run.js');
      await runCheck(options, io);
    });
  program.hook('preSubcommand', async (_program, subcommand) => {
    if (subcommand !== check) return;
    const { addForceFlags } = await import('./preflight-flags.js');
    addForceFlags(check);
  });
}
