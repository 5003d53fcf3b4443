/** `cloud-in-a-box plan`: the ordered tasks with their exact commands, as text or versioned JSON. */
import type { Command } from 'commander';
import type { PlanOptions } from './plan-run.js';
import type { Io } from './io.js';
import { roleOption } from './role-option.js';
import { acceptNewHostKeyOption, targetOption } from './target-option.js';

export function registerPlan(program: Command, io: Io): void {
  program
    .command('plan')
    .description('print the ordered install tasks with their exact commands; changes nothing')
    .requiredOption('-a, --answers <file>', 'the answers file')
    .option('--json', 'machine-readable, versioned output (format: docs/PLAN-FORMAT.md)')
    .addOption(roleOption('default: what the host was installed as, else ciab; another is refused'))
    .addOption(targetOption())
    .addOption(acceptNewHostKeyOption())
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box plan --answers ciab.yaml\n  cloud-in-a-box plan --answers ciab.yaml --json > plan.json\n' +
        '  cloud-in-a-box plan --answers ciab.yaml --target root@192.0.2.10',
    )
    .action(async (options: PlanOptions) => {
      const { plan } = await import('./plan-run.js');
      await plan(options, io);
    });
}
