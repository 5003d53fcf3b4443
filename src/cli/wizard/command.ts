/** `cloud-in-a-box answers wizard`: ask, validate, save an answers file, and stop (nothing is installed). */
import type { Command } from 'commander';
import type { Io } from '../io.js';
import type { TargetFlags } from '../target-option.js';
import { acceptNewHostKeyOption, onTarget, targetOption } from '../target-option.js';

interface WizardOptions extends TargetFlags {
  output: string;
  answers?: string;
  force?: boolean;
  [flag: string]: unknown;
}

export function registerWizard(answersCommand: Command, io: Io): void {
  const wizard = answersCommand
    .command('wizard')
    .description('ask the install questions in the terminal and save the answers file (installs nothing)')
    .option('-o, --output <file>', 'where to save the answers (mode 0600)', 'answers.yaml')
    .option('-a, --answers <file>', 'start from this answers file; only what it leaves open is asked')
    .option('--force', 'overwrite an existing output file')
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption());
  // The answer flags come from the schema: add them only when this command runs (also for its --help),
  // so that loading zod does not slow down every other command.
  answersCommand.hook('preSubcommand', async (_answers, subcommand) => {
    if (subcommand !== wizard) return;
    const { addAnswerFlags } = await import('./flags.js');
    addAnswerFlags(wizard);
  });
  wizard
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box answers wizard -o ciab.yaml\n' +
        '  cloud-in-a-box answers wizard --address 192.168.56.10/24 --public-ips 192.168.56.128/27 -o ciab.yaml',
    )
    .action(async (options: WizardOptions) => {
      const { refuseExisting } = await import('../write-file.js');
      // Refuse before the questions, not after the user has answered them all.
      if (options.force !== true) await refuseExisting(options.output);
      const { collectAnswers } = await import('./collect.js');
      const { answersFromFlags } = await import('./flags.js');
      const { hostDefaults } = await import('../../host/defaults.js');
      const { gatherFrom } = await import('../../host/target-host.js');
      const facts = await onTarget(options, io, (target) => gatherFrom(target));
      await collectAnswers({
        ...(options.answers === undefined ? {} : { answersFile: options.answers }),
        flags: answersFromFlags(options),
        hostDefaults: hostDefaults(facts),
        io,
        saveTo: options.output,
        offerInstall: false,
        overwrite: options.force === true,
      });
    });
}
