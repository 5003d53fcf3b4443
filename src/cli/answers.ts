/** `cloud-in-a-box answers init|validate|schema`: the answers file as the installer's API. */
import { Option } from 'commander';
import type { ReleaseId } from '../core/release/types.js';
import { releaseIds } from '../core/release/types.js';
import type { TargetFlags } from './target-option.js';
import { acceptNewHostKeyOption, onTarget, targetOption } from './target-option.js';
import type { Command } from 'commander';
import type { Io } from './io.js';
import { registerWizard } from './wizard/command.js';

export function registerAnswers(program: Command, io: Io): void {
  const answers = program
    .command('answers')
    .description('write, check or describe an answers file (the input of every other command)')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box answers init -o ciab.yaml && cloud-in-a-box answers validate ciab.yaml',
    );
  registerWizard(answers, io);

  answers
    .command('init')
    .description('write a complete, commented answers file with defaults detected from the host')
    .option('-o, --output <file>', 'where to write it ("-" for standard output)', 'answers.yaml')
    .option('--force', 'overwrite an existing file')
    .addOption(new Option('--release <release>', 'the release the file installs').choices(releaseIds))
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box answers init -o ciab.yaml\n  cloud-in-a-box answers init --release eucalyptus-5 -o ciab.yaml\n  cloud-in-a-box answers init --target root@centos7-host -o ciab.yaml',
    )
    .action(async (options: { output: string; force?: boolean; release?: ReleaseId } & TargetFlags) => {
      const { answersTemplate } = await import('../core/answers/template.js');
      const { packageFile } = await import('../core/package-files.js');
      const { proposeAnswers } = await import('../core/answers/propose.js');
      const { hostDefaults } = await import('../host/defaults.js');
      const { gatherFrom } = await import('../host/target-host.js');
      const facts = await onTarget(options, io, (target) => gatherFrom(target));
      const proposed = proposeAnswers(hostDefaults(facts));
      const text = answersTemplate(
        options.release === undefined ? proposed : { ...proposed, release: options.release },
        packageFile('schema', 'answers.schema.json'),
      );
      if (options.output === '-') {
        io.out(text);
        return;
      }
      const { writeSecretFile } = await import('./write-file.js');
      await writeSecretFile(options.output, text, { overwrite: options.force === true });
      const { messages } = await import('../core/messages.js');
      io.err(`${messages.answersWritten(options.output)}\n${messages.answersNextStep(options.output)}\n`);
    });

  answers
    .command('validate')
    .description('check an answers file; lists every problem at once (exit 0 valid, 2 invalid)')
    .argument('<file>', 'the answers file (YAML)')
    .addHelpText('after', '\nExample:\n  cloud-in-a-box answers validate ciab.yaml')
    .action(async (file: string) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { messages } = await import('../core/messages.js');
      const { warnings } = await loadAnswers(file);
      warnings.forEach((w) => {
        io.err(messages.problem(file, w) + '\n');
      });
      io.out(messages.answersValid(file, warnings.length) + '\n');
    });

  answers
    .command('schema')
    .description('print the JSON Schema of the answers file (for editors and other tools)')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box answers schema > answers.schema.json\n' +
        '  then start the answers file with: # yaml-language-server: $schema=answers.schema.json',
    )
    .action(async () => {
      const { answersJsonSchema } = await import('../core/answers/template.js');
      io.out(await answersJsonSchema());
    });
}
