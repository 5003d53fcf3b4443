/** What `plan` does once its options are parsed: the plan for the target, as install would run it there. */
import type { Role } from '../core/role.js';
import { planToJson, planToText } from '../core/plan/json.js';
import { gatherFrom } from '../host/target-host.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';
import { loadAnswers } from './answers-file.js';
import type { Io } from './io.js';
import { planFor, targetRole } from './plan-for.js';

export interface PlanOptions extends TargetFlags {
  answers: string;
  json?: boolean;
  role?: Role;
}

export async function plan(options: PlanOptions, io: Io): Promise<void> {
  const { answers } = await loadAnswers(options.answers);
  await onTarget(options, io, async (target) => {
    const role = await targetRole(target, options.role);
    const built = planFor(answers, role, await gatherFrom(target));
    io.out(options.json === true ? planToJson(built, target.name) : planToText(built));
  });
}
