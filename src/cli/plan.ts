/** `cloud-in-a-box plan`: the ordered tasks with their exact commands, as text or versioned JSON. */
import type { Command } from 'commander';
import type { Role } from '../core/role.js';
import type { Io } from './io.js';
import { roleOption } from './role-option.js';

export function registerPlan(program: Command, io: Io): void {
  program
    .command('plan')
    .description('print the ordered install tasks with their exact commands; changes nothing')
    .requiredOption('-a, --answers <file>', 'the answers file')
    .option('--json', 'machine-readable, versioned output (format: docs/PLAN-FORMAT.md)')
    .addOption(roleOption('default: what this host was installed as, else ciab; another is refused'))
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box plan --answers ciab.yaml\n  cloud-in-a-box plan --answers ciab.yaml --json > plan.json',
    )
    .action(async (options: { answers: string; json?: boolean; role?: Role }) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { gatherHostFacts } = await import('../host/gather.js');
      const { localRole, planFor } = await import('./plan-for.js');
      const { planToJson, planToText } = await import('../core/plan/json.js');
      const role = await localRole(options.role);
      const { answers } = await loadAnswers(options.answers);
      // The plan for this host, as install would run it here.
      const plan = planFor(answers, role, await gatherHostFacts());
      io.out(options.json === true ? planToJson(plan) : planToText(plan));
    });
}
