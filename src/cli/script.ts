/** `cloud-in-a-box script`: the install plan as one standalone bash script, for hosts without Node.js. */
import type { Command } from 'commander';
import type { Io } from './io.js';

export function registerScript(program: Command, io: Io): void {
  program
    .command('script')
    .description(
      'write the install as one standalone bash script to run on a CentOS 7 host (no Node.js there)',
    )
    .requiredOption('-a, --answers <file>', 'the answers file')
    .requiredOption('-o, --output <file>', 'where to write the script (mode 0600: it embeds the answers)')
    .option('--force', 'overwrite an existing file')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box script --answers ciab.yaml -o install.sh\n  scp install.sh root@host: && ssh root@host bash install.sh\n\n' +
        'The script resumes like `install` does, from the same journal; run it again after a failure.',
    )
    .action(async (options: { answers: string; output: string; force?: boolean }) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { buildPlan } = await import('../core/plan/build.js');
      const { getRelease } = await import('../core/release/index.js');
      const { compileScript } = await import('../core/bash/standalone.js');
      const { writeSecretFile } = await import('./write-file.js');
      const { messages } = await import('../core/messages.js');
      const { answers } = await loadAnswers(options.answers);
      const { inspectTarget } = await import('../host/target.js');
      const release = getRelease(answers.release);
      // Written on the host itself, the script keeps the NIC's HWADDR in its ifcfg file as `install` does;
      // written anywhere else (the usual case) that is unknown, and the ifcfg file goes without it.
      const { nicHwaddr } = await inspectTarget(release, answers.network.interface);
      const plan = buildPlan(answers, release, nicHwaddr === undefined ? {} : { nicHwaddr });
      const script = compileScript(plan, { generatedBy: `from ${options.answers}` });
      await writeSecretFile(options.output, script, { overwrite: options.force === true });
      io.err(messages.scriptWritten(options.output, plan.tasks.length));
    });
}
