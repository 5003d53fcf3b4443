/** `cloud-in-a-box plan`: the ordered tasks with their exact commands, as text or versioned JSON. */
import type { Command } from 'commander';
import type { Io } from './io.js';

export function registerPlan(program: Command, io: Io): void {
  program
    .command('plan')
    .description('print the ordered install tasks with their exact commands; changes nothing')
    .requiredOption('-a, --answers <file>', 'the answers file')
    .option('--json', 'machine-readable, versioned output (format: docs/PLAN-FORMAT.md)')
    .addHelpText(
      'after',
      '\nExamples:\n  cloud-in-a-box plan --answers ciab.yaml\n  cloud-in-a-box plan --answers ciab.yaml --json > plan.json',
    )
    .action(async (options: { answers: string; json?: boolean }) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { buildPlan } = await import('../core/plan/build.js');
      const { getRelease } = await import('../core/release/index.js');
      const { inspectTarget } = await import('../host/target.js');
      const { planToJson, planToText } = await import('../core/plan/json.js');
      const { answers } = await loadAnswers(options.answers);
      const release = getRelease(answers.release);
      const { nicHwaddr } = await inspectTarget(release, answers.network.interface);
      const plan = buildPlan(answers, release, nicHwaddr === undefined ? {} : { nicHwaddr });
      io.out(options.json === true ? planToJson(plan) : planToText(plan));
    });
}
