/** `status`'s report: text for people, and the versioned JSON form (`--json`). */
import { messages } from '../messages.js';
import type { CloudAnswer, Status } from './assess.js';

export const STATUS_JSON_FORMAT = 'cloud-in-a-box/status';
export const STATUS_JSON_VERSION = 1;

export function statusText(status: Status, target: string): string {
  const m = messages;
  const L = m.statusLabels;
  const out: string[] = [m.statusTitle(target)];
  const rows = (label: string, values: readonly string[]): void => {
    values.forEach((value, i) => out.push(i === 0 ? m.statusRow(label, value) : m.statusMore(value)));
  };
  const { install } = status;
  rows(L.role, [status.role ?? m.statusNone]);
  rows(L.release, [status.release ?? m.statusUnknown]);
  rows(L.install, [
    m.statusInstall(install.state, install.done, install.total),
    ...(install.state === 'interrupted' && install.current !== undefined
      ? [m.statusAt(install.current.title)]
      : []),
    ...(install.failure === undefined
      ? []
      : [
          m.statusFailedTask(install.failure.title, install.failure.finished),
          ...install.failure.output.map(m.statusOutput),
        ]),
    ...(install.log === undefined ? [] : [m.statusLog(install.log)]),
  ]);
  if (status.units.length > 0)
    rows(
      L.units,
      status.units.map((u) => m.statusUnit(u.unit, u.activeState)),
    );
  if (status.ports.length > 0)
    rows(
      L.ports,
      status.ports.map((p) => m.statusPort(p.port, p.listening)),
    );
  if (status.services !== undefined)
    rows(
      L.services,
      cloudLines(status.services, (s) => m.statusService(s.type, s.zone, s.name, s.state)),
    );
  if (status.nodeControllers !== undefined)
    rows(
      L.nodes,
      cloudLines(status.nodeControllers, (n) => m.statusNode(n.address, n.zone, n.state, n.instances.length)),
    );
  if (status.endpoints !== undefined)
    rows(L.endpoints, [
      m.statusEndpointServices(status.endpoints.services),
      ...(status.endpoints.console === undefined ? [] : [m.statusEndpointConsole(status.endpoints.console)]),
    ]);
  out.push('\n', status.ok ? m.statusUp : m.statusNotUp);
  return out.join('');
}

function cloudLines<T>(answer: CloudAnswer<T>, line: (item: T) => string): string[] {
  if (!answer.ok) return [messages.statusCloudUnanswered(answer.lines)];
  return answer.items.length === 0 ? [messages.statusNone] : answer.items.map(line);
}

export function statusJson(status: Status, target: string): string {
  const cloud = <T>(answer: CloudAnswer<T> | undefined) =>
    answer === undefined ? null : answer.ok ? { items: answer.items } : { error: answer.lines };
  const json = {
    format: STATUS_JSON_FORMAT,
    version: STATUS_JSON_VERSION,
    target,
    ok: status.ok,
    role: status.role ?? null,
    release: status.release ?? null,
    install: {
      state: status.install.state,
      done: status.install.done,
      total: status.install.total ?? null,
      current: status.install.current ?? null,
      failure: status.install.failure ?? null,
      log: status.install.log ?? null,
    },
    units: status.units.map((u) => ({ unit: u.unit, activeState: u.activeState ?? null, up: u.up })),
    ports: status.ports.map((p) => ({ port: p.port, listening: p.listening ?? null })),
    services: cloud(status.services),
    nodeControllers: cloud(status.nodeControllers),
    endpoints:
      status.endpoints === undefined
        ? null
        : { ...status.endpoints, console: status.endpoints.console ?? null },
  };
  return JSON.stringify(json, null, 2) + '\n';
}
