/**
 * What `status` reads on the target, all through the TargetHost: the install record, the failed task's
 * output from its log, the units and listening sockets (the gatherer's facts), and, on a host that runs
 * the cloud's services, what the cloud says of its services and node controllers.
 */
import type { Plan } from '../core/plan/types.js';
import type { Role } from '../core/role.js';
import type { StatusInputs } from '../core/status/assess.js';
import { failureLines } from '../core/status/install-record.js';
import { cloudSide } from '../core/steps/step.js';
import { readInstallRecord } from './install-record.js';
import type { TargetHost } from './target-host.js';
import { gatherFrom } from './target-host.js';
import { describeNodeControllers, describeServices } from './tools/euserv.js';

export type HostStatus = Omit<StatusInputs, 'role' | 'plan' | 'endpoints'>;

export async function readHostStatus(
  target: TargetHost,
  plan: Plan | undefined,
  role: Role | undefined,
): Promise<HostStatus> {
  const record = await readInstallRecord(target);
  const failed = record.journal.find((e) => e.status === 'failed');
  const log =
    failed === undefined || record.latestLog === undefined
      ? undefined
      : await target.readFile(record.latestLog);
  const units = [...new Set(plan?.tasks.flatMap((t) => t.runs?.units ?? []) ?? [])];
  const facts = await gatherFrom(target, { units });
  const asksCloud = role !== undefined && cloudSide.includes(role) && record.journal.length > 0;
  return {
    record,
    failureOutput: failed === undefined || log === undefined ? [] : failureLines(log, failed.id),
    units: facts.units === undefined ? undefined : units.flatMap((u) => facts.units?.[u] ?? []),
    sockets: facts.sockets,
    services: asksCloud ? await describeServices(target) : undefined,
    nodeControllers: asksCloud ? await describeNodeControllers(target) : undefined,
  };
}
