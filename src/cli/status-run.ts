/** What `status` does once its options are parsed; loaded only when the command runs. */
import { ANSWERS_FILE } from '../core/locations.js';
import { hintLine, messages } from '../core/messages.js';
import { getRelease } from '../core/release/index.js';
import type { Status } from '../core/status/assess.js';
import { assessStatus } from '../core/status/assess.js';
import { endpointsOf } from '../core/status/endpoints.js';
import { statusJson, statusText } from '../core/status/report.js';
import { readHostRole } from '../host/role.js';
import { readHostStatus } from '../host/status.js';
import type { TargetHost } from '../host/target-host.js';
import type { LoadedAnswers } from './answers-file.js';
import { answersFromText } from './answers-file.js';
import type { Plan } from '../core/plan/types.js';
import type { Role } from '../core/role.js';
import type { Io } from './io.js';
import { planFor } from './plan-for.js';
import { ReportedFailure } from './reported.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';

export interface StatusOptions extends TargetFlags {
  json?: boolean;
}

export async function status(options: StatusOptions, io: Io): Promise<void> {
  const { result, name } = await onTarget(options, io, async (target) => ({
    result: await statusOf(target, await keptInstall(target)),
    name: target.name,
  }));
  if (options.json === true) io.out(statusJson(result, name));
  else {
    io.out(statusText(result, name));
    if (result.install.state === 'failed') io.err(hintLine(messages.statusFailedHint));
  }
  if (!result.ok) throw new ReportedFailure(1);
}

/** What the target keeps of its install: its role, its answers and their plan, which the journal is held against. */
export interface KeptInstall {
  role: Role | undefined;
  kept: LoadedAnswers | undefined;
  plan: Plan | undefined;
}

export async function keptInstall(target: TargetHost): Promise<KeptInstall> {
  const role = await readHostRole(target);
  const text = await target.readFile(ANSWERS_FILE);
  const kept = text === undefined ? undefined : answersFromText(text, ANSWERS_FILE);
  const plan = kept === undefined ? undefined : planFor(kept.answers, role ?? 'ciab', undefined);
  return { role, kept, plan };
}

export async function statusOf(target: TargetHost, { role, kept, plan }: KeptInstall): Promise<Status> {
  const host = await readHostStatus(target, plan, role);
  return assessStatus({
    role,
    plan,
    ...host,
    endpoints:
      kept === undefined
        ? undefined
        : endpointsOf(kept.model, getRelease(kept.answers.release), role ?? 'ciab'),
  });
}
