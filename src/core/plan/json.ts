/**
 * The versioned JSON form of a plan (`cloud-in-a-box plan --json`), documented in docs/PLAN-FORMAT.md.
 * File contents are left out: they may hold secrets, and their hashes identify them.
 */
import { taskHash } from '../bash/tasks.js';
import type { Plan } from './types.js';

export const PLAN_JSON_FORMAT = 'cloud-in-a-box/plan';

/** TARGET: the host the plan was built for (its role and facts): `this machine`, or a --target address. */
export function planToJson(plan: Plan, target = 'this machine'): string {
  const json = {
    format: PLAN_JSON_FORMAT,
    version: plan.version,
    release: plan.release,
    target,
    phases: plan.phases
      .map((phase) => ({
        id: phase.id,
        title: phase.title,
        tasks: plan.tasks
          .filter((t) => t.phase === phase.id)
          .map((t) => ({
            id: t.id,
            title: t.title,
            hash: taskHash(t),
            check: t.check,
            apply: t.apply,
            undo: t.undo ?? null,
            files: t.files.map(({ content: _content, ...file }) => file),
            inputs: t.inputs,
            rerunAfter: t.rerunAfter,
            waitSeconds: t.waitSeconds ?? null,
            detached: t.detached === true,
          })),
      }))
      .filter((phase) => phase.tasks.length > 0),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

/** The plan as text for people: phases, tasks, their exact commands. */
export function planToText(plan: Plan): string {
  const out: string[] = [];
  let n = 0;
  for (const phase of plan.phases) {
    const tasks = plan.tasks.filter((t) => t.phase === phase.id);
    if (tasks.length === 0) continue;
    out.push(`== ${phase.title}`);
    for (const task of tasks) {
      n++;
      out.push('', `[${n}/${plan.tasks.length}] ${task.id}: ${task.title}`);
      for (const file of task.files)
        out.push(`  writes ${file.path} (${file.mode} ${file.owner}${file.secret ? ', secret' : ''})`);
      out.push('  check:', indent(task.check), '  apply:', indent(task.apply));
      if (task.undo !== undefined) out.push('  undo:', indent(task.undo));
    }
    out.push('');
  }
  return out.join('\n') + '\n';
}

const indent = (snippet: string): string =>
  snippet
    .split('\n')
    .map((line) => `    ${line}`)
    .join('\n');
