/**
 * buildPlan: a release's procedure for one host, as data. Pure: the same answers, release, facts and role give
 * the same plan. The release owns its steps (src/core/release/*-procedure.ts); this turns them into tasks,
 * checks that every rendered file has a task that installs it, and orders the phases.
 */
import { deriveModel } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';
import type { Release } from '../release/release.js';
import type { RenderedFile } from '../render/index.js';
import { renderFiles } from '../render/index.js';
import { phases } from '../steps/phases.js';
import type { StepContext } from '../steps/step.js';
import { cloudSide, nodeSide } from '../steps/step.js';
import { planFile } from './files.js';
import type { Plan, Task } from './types.js';
import type { Role } from '../role.js';
import { PLAN_FORMAT_VERSION } from './types.js';

/** What the plan needs from the host being installed, beyond the answers. */
export interface PlanFacts {
  /** HWADDR of the NIC's current ifcfg file, kept in the new one; without it the new one has none */
  nicHwaddr?: string;
}

export function buildPlan(answers: Answers, release: Release, facts: PlanFacts, role: Role): Plan {
  const model = deriveModel(answers);
  const rendered = renderFiles(answers, release, {
    ...(facts.nicHwaddr === undefined ? {} : { nicHwaddr: facts.nicHwaddr }),
    ...(answers.admin.password === null ? {} : { adminPassword: answers.admin.password }),
    ...(cloudSide.includes(role) && !nodeSide.includes(role) ? { localNodeController: false } : {}),
  });
  const context: StepContext = {
    answers,
    release,
    role,
    model,
    ip: model.net.address,
    files: (predicate: (file: RenderedFile) => boolean) => rendered.filter(predicate).map(planFile),
  };
  checkProcedure(release);
  const claimed = new Set<string>();
  const tasks: Task[] = [];
  for (const step of release.steps) {
    // Every step claims its files, also where the role leaves it out: a file no step installs is a mistake.
    const body = step.task(context);
    if (body === undefined) continue;
    const files = body.files ?? [];
    for (const file of files) claimed.add(file.path);
    if (!step.roles.includes(role)) continue;
    tasks.push({
      ...body,
      id: step.id,
      phase: step.phase,
      files,
      inputs: body.inputs ?? [],
      rerunAfter: step.rerunAfter.map((other) => other.id),
    });
  }
  const unclaimed = rendered.filter((f) => !claimed.has(f.path));
  if (unclaimed.length > 0) {
    throw new Error(`no task installs the rendered files ${unclaimed.map((f) => f.path).join(', ')}`);
  }
  return { version: PLAN_FORMAT_VERSION, release: release.id, phases: [...phases], tasks };
}

/**
 * A release's steps as the engine needs them: ids unique (the journal knows tasks by id), each phase in one
 * run of steps, in the phases' order (the progress display groups by phase), and every step a rerunAfter
 * names part of the same procedure. A mistake here is the release author's: it fails every plan, and tests.
 */
function checkProcedure(release: Release): void {
  const fail = (what: string): never => {
    throw new Error(`${release.id}: ${what}`);
  };
  const ids = new Set<string>();
  const known = new Set(release.steps);
  const order = phases.map((p) => p.id);
  let phaseIndex = 0;
  for (const step of release.steps) {
    if (ids.has(step.id)) fail(`two steps are called ${step.id}`);
    ids.add(step.id);
    const index = order.indexOf(step.phase);
    if (index < phaseIndex)
      fail(`${step.id} (phase ${step.phase}) comes after the ${order[phaseIndex] ?? ''} phase`);
    phaseIndex = index;
    const missing = step.rerunAfter.filter((other) => !known.has(other));
    if (missing.length > 0)
      fail(`${step.id} reruns after ${missing.map((s) => s.id).join(', ')}, which is not one of its steps`);
  }
}
