/**
 * The one way a command gets its plan, and the role it builds it for. A plan is built for the host being
 * installed: its role, and the facts the plan keeps from it (the NIC's HWADDR), come from that host. On
 * the host itself (install, uninstall, plan) that is the target (this machine, or --target's); a script written for another host
 * knows neither, and its ifcfg file goes without HWADDR rather than with this machine's.
 */
import type { Answers } from '../core/answers/schema.js';
import { ifcfgHwaddr } from '../core/facts/queries.js';
import type { HostFacts } from '../core/facts/types.js';
import { ROLE_FILE } from '../core/locations.js';
import { buildPlan } from '../core/plan/build.js';
import type { Plan } from '../core/plan/types.js';
import { getRelease } from '../core/release/index.js';
import type { Role } from '../core/role.js';
import { chooseRole } from '../core/role.js';
import { readHostRole } from '../host/role.js';
import type { TargetHost } from '../host/target-host.js';

/** The role of the target: REQUESTED when it is the recorded one (or none is), else the recorded one, else ciab. */
export async function targetRole(
  target: Pick<TargetHost, 'readFile'>,
  requested: Role | undefined,
  file: string = ROLE_FILE,
): Promise<Role> {
  return chooseRole(requested, await readHostRole(target, file), file);
}

/** TARGET: the facts of the host the plan is for; undefined when that is not this machine. */
export function planFor(answers: Answers, role: Role, target: HostFacts | undefined): Plan {
  const nicHwaddr = target === undefined ? undefined : ifcfgHwaddr(target, answers.network.interface);
  return buildPlan(answers, getRelease(answers.release), nicHwaddr === undefined ? {} : { nicHwaddr }, role);
}
