/**
 * A step is one task of a release's procedure: its id, phase and roles, and how the answers make it into a
 * task. Releases list their steps (src/core/release/*-procedure.ts), built from this folder's library;
 * buildPlan turns the list into a plan for one host.
 */
import type { AnswersModel } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';
import type { PhaseId, PlanFile, Task } from '../plan/types.js';
import type { Role } from '../role.js';
import { roles } from '../role.js';
import type { ReleaseProfile } from '../release/types.js';
import type { RenderedFile } from '../render/types.js';

/** The roles that run the cloud's services (CLC, UFS, Walrus, CC, SC). */
export const cloudSide: readonly Role[] = ['ciab', 'frontend'];
/** The roles that run a node controller. */
export const nodeSide: readonly Role[] = ['ciab', 'nc'];

/** What a step builds its task from: the answers, the release, the host's role and the rendered files. */
export interface StepContext {
  answers: Answers;
  release: ReleaseProfile;
  role: Role;
  /** the answers' values as parsed once at validation (address, subnet, ranges) */
  model: AnswersModel;
  /** the host's address on the bridge (model.net.address) */
  ip: string;
  /** the rendered files the predicate picks, as the plan installs them */
  files: (predicate: (file: RenderedFile) => boolean) => PlanFile[];
}

/** A task without what the plan adds from its step (id, phase, rerunAfter). */
export type TaskBody = Omit<Task, 'id' | 'phase' | 'rerunAfter' | 'files' | 'inputs'> &
  Partial<Pick<Task, 'files' | 'inputs'>>;

export interface Step<Id extends string = string> {
  /** stable across runs and releases: "<phase>.<name>"; the journal and resume know tasks by it */
  id: Id;
  phase: PhaseId;
  /** the roles whose plans include the step */
  roles: readonly Role[];
  /** steps which, when they apply in a run, make this one apply again (e.g. a restart on a new config) */
  rerunAfter: readonly Step[];
  /** the task, or undefined when the answers leave the step out (e.g. no console) */
  task: (context: StepContext) => TaskBody | undefined;
}

export interface StepOptions {
  roles?: readonly Role[];
  rerunAfter?: readonly Step[];
  /** false when the answers leave the step out (e.g. no console) */
  when?: (answers: Answers) => boolean;
}

/** A step with its id kept as a literal type, so that a release's task ids form a union. */
export function step<const Id extends string>(
  id: Id,
  phase: PhaseId,
  options: StepOptions,
  task: (context: StepContext) => TaskBody | undefined,
): Step<Id> {
  const { when } = options;
  return {
    id,
    phase,
    roles: options.roles ?? roles,
    rerunAfter: options.rerunAfter ?? [],
    task: when === undefined ? task : (context) => (when(context.answers) ? task(context) : undefined),
  };
}

/** The task ids of a step list, as a union type. */
export type TaskIdOf<Steps extends readonly Step[]> = Steps[number]['id'];

/** The shell function that loads the cloud's system credentials (prelude.bash); tasks that talk to the cloud call it first. */
export const SYSTEM_CREDENTIALS = 'ciab_system_credentials';
