/**
 * `status`'s verdict, pure: from what the host records (journal, run lock, log), what it runs (units,
 * listening ports) and what the cloud says (services, node controllers), the state of the install and
 * whether everything it set up is up. Complete and up is the only state `status` exits 0 in.
 */
import type { ListeningSocket, UnitState } from '../facts/types.js';
import type { Plan } from '../plan/types.js';
import type { Role } from '../role.js';
import type { CloudService, NodeController } from './cloud-tables.js';
import { isEnabled } from './cloud-tables.js';
import type { InstallRecord } from './install-record.js';
import type { InstallState } from './install-state.js';

/** What the cloud answered, or why it could not be asked (its last lines). */
export type CloudAnswer<T> = { ok: true; items: T[] } | { ok: false; lines: string[] };

export interface StatusInputs {
  /** the role the host recorded; undefined on a host never installed */
  role: Role | undefined;
  /** the plan of the answers the host kept; undefined when it kept none */
  plan: Plan | undefined;
  record: InstallRecord;
  /** the failed task's last output, from the log (masked there already) */
  failureOutput: string[];
  /** every unit the plan runs, as systemd says; undefined when systemctl could not answer */
  units: UnitState[] | undefined;
  sockets: ListeningSocket[] | undefined;
  /** undefined: not asked (a node controller has no cloud to ask) */
  services: CloudAnswer<CloudService> | undefined;
  nodeControllers: CloudAnswer<NodeController> | undefined;
  endpoints: Endpoints | undefined;
}

export interface Endpoints {
  services: string;
  region: readonly { key: string; url: string }[];
  /** undefined: the answers install no console */
  console: string | undefined;
}

export interface TaskRef {
  id: string;
  title: string;
}

export interface InstallProgress {
  state: InstallState;
  done: number;
  /** undefined when the host kept no answers to plan from */
  total: number | undefined;
  /** the task a running or interrupted run was at */
  current: TaskRef | undefined;
  failure: (TaskRef & { finished: string; log: string | undefined; output: string[] }) | undefined;
  log: string | undefined;
}

export interface UnitCheck {
  unit: string;
  /** systemd's ActiveState; undefined when it could not tell */
  activeState: string | undefined;
  up: boolean;
}

export interface PortCheck {
  port: number;
  listening: boolean | undefined;
}

export interface Status {
  role: Role | undefined;
  release: string | undefined;
  install: InstallProgress;
  units: UnitCheck[];
  ports: PortCheck[];
  services: CloudAnswer<CloudService> | undefined;
  nodeControllers: CloudAnswer<NodeController> | undefined;
  endpoints: Endpoints | undefined;
  /** complete, and every unit, port, service and node controller up */
  ok: boolean;
}

export function assessStatus(inputs: StatusInputs): Status {
  const install = progress(inputs);
  const expected = inputs.plan?.tasks.flatMap((t) => (t.runs === undefined ? [] : [t.runs])) ?? [];
  const units = [...new Set(expected.flatMap((r) => r.units))].map((unit): UnitCheck => {
    const state = inputs.units?.find((u) => u.unit === unit);
    return { unit, activeState: state?.activeState, up: state?.activeState === 'active' };
  });
  const ports = [...new Set(expected.flatMap((r) => r.ports))].map((port): PortCheck => ({
    port,
    listening:
      inputs.sockets === undefined
        ? undefined
        : inputs.sockets.some((s) => s.protocol === 'tcp' && s.port === port),
  }));
  const allEnabled = <T extends { state: string }>(answer: CloudAnswer<T> | undefined): boolean =>
    answer === undefined || (answer.ok && answer.items.every((i) => isEnabled(i.state)));
  const ok =
    install.state === 'complete' &&
    units.every((u) => u.up) &&
    ports.every((p) => p.listening === true) &&
    allEnabled(inputs.services) &&
    (inputs.services === undefined || (inputs.services.ok && inputs.services.items.length > 0)) &&
    allEnabled(inputs.nodeControllers);
  return {
    role: inputs.role,
    release: inputs.plan?.release,
    install,
    units,
    ports,
    services: inputs.services,
    nodeControllers: inputs.nodeControllers,
    endpoints: inputs.endpoints,
    ok,
  };
}

function progress(inputs: StatusInputs): InstallProgress {
  const { plan, record } = inputs;
  const journal = new Map(record.journal.map((e) => [e.id, e]));
  const title = (id: string): string => plan?.tasks.find((t) => t.id === id)?.title ?? id;
  const ids = plan?.tasks.map((t) => t.id) ?? record.journal.map((e) => e.id);
  const done = ids.filter((id) => journal.get(id)?.status === 'done').length;
  const failed = record.journal
    .filter((e) => e.status === 'failed')
    .sort((a, b) => b.finished.localeCompare(a.finished))[0];
  // The task that was running, else where the next run resumes: the first of the plan not done (the journal
  // also holds stale marks of tasks that never ran, ciab_run_task).
  const unfinished =
    record.journal.length === 0
      ? undefined
      : (record.journal.find((e) => e.status === 'running') ??
        ids.filter((id) => journal.get(id)?.status !== 'done').map((id) => ({ id }))[0]);
  const base = {
    done,
    total: plan?.tasks.length,
    log: record.latestLog,
    current: unfinished === undefined ? undefined : { id: unfinished.id, title: title(unfinished.id) },
    failure:
      failed === undefined
        ? undefined
        : {
            id: failed.id,
            title: title(failed.id),
            finished: failed.finished,
            log: record.latestLog,
            output: inputs.failureOutput,
          },
  };
  const state: InstallState =
    record.runLock === 'held'
      ? 'running'
      : record.journal.length === 0
        ? 'not-installed'
        : failed !== undefined
          ? 'failed'
          : plan !== undefined && done === plan.tasks.length
            ? 'complete'
            : 'interrupted';
  return { state, ...base };
}
