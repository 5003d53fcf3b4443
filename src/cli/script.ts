/** `cloud-in-a-box script`: the install plan as one standalone bash script, for hosts without Node.js. */
import type { Command } from 'commander';
import type { Role } from '../core/role.js';
import type { Io } from './io.js';
import { roleOption } from './role-option.js';
import type { TargetFlags } from './target-option.js';
import { acceptNewHostKeyOption, onTarget, targetOption } from './target-option.js';

export function registerScript(program: Command, io: Io): void {
  program
    .command('script')
    .description(
      'write the install as one standalone bash script to run on a CentOS 7 host (no Node.js there)',
    )
    .requiredOption('-a, --answers <file>', 'the answers file')
    .requiredOption('-o, --output <file>', 'where to write the script (mode 0600: it embeds the answers)')
    .option('--force', 'overwrite an existing file')
    .addOption(roleOption('default: ciab, or with --target what that host was installed as'))
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box script --answers ciab.yaml -o install.sh\n  scp install.sh root@host: && ssh root@host bash install.sh\n' +
        '  cloud-in-a-box script --answers ciab.yaml --role nc -o node.sh   (a node controller for that cloud)\n' +
        "  cloud-in-a-box script --answers ciab.yaml --target root@host -o install.sh   (with that host's NIC and role)\n\n" +
        'The script resumes like `install` does, from the same journal; run it again after a failure.',
    )
    .action(
      async (options: { answers: string; output: string; force?: boolean; role?: Role } & TargetFlags) => {
        const { loadAnswers } = await import('./answers-file.js');
        const { planFor } = await import('./plan-for.js');
        const { compileScript } = await import('../core/bash/standalone.js');
        const { writeSecretFile } = await import('./write-file.js');
        const { messages } = await import('../core/messages.js');
        const { answers } = await loadAnswers(options.answers);
        // The script is for another host. Named with --target, its role and facts (the NIC's HWADDR) are read
        // there; otherwise this machine does not know them: the role is --role, not this machine's, and the
        // NIC's ifcfg file goes without HWADDR (this machine's would be wrong there).
        const { role, facts } =
          options.target === undefined
            ? { role: options.role ?? 'ciab', facts: undefined }
            : await onTarget(options, io, async (target) => {
                const { targetRole } = await import('./plan-for.js');
                const { gatherFrom } = await import('../host/target-host.js');
                return { role: await targetRole(target, options.role), facts: await gatherFrom(target) };
              });
        const plan = planFor(answers, role, facts);
        const script = compileScript(plan, { generatedBy: `from ${options.answers}`, role });
        await writeSecretFile(options.output, script, { overwrite: options.force === true });
        io.err(messages.scriptWritten(options.output, plan.tasks.length));
      },
    );
}
