/**
 * Services: systemd units enabled and (re)started, then waited for on their ports; stopped and disabled on
 * uninstall. Snippets reach systemd only through the prelude's ciab_units_* functions.
 */
import { lines, raw, sh } from '../plan/sh.js';
import type { PhaseId } from '../plan/types.js';
import { unitName } from '../units.js';
import type { Step, StepContext, StepOptions } from './step.js';
import { SYSTEM_CREDENTIALS, step } from './step.js';

export interface ServiceSpec extends StepOptions {
  title: (context: StepContext) => string;
  units: (context: StepContext) => string[];
  /** TCP ports on 127.0.0.1 that accept connections once the service is up, waited for in this order */
  ports?: (context: StepContext) => number[];
  /** the longest wait for each port, in seconds */
  wait?: (context: StepContext) => number;
  /** the service is up only once the cloud's system credentials can be read (the cloud controller) */
  credentials?: boolean;
  /** a log whose last lines say why the service did not come up, shown when a port wait gives up */
  startupLog?: (context: StepContext) => string;
  failureHint?: (context: StepContext) => string;
}

export function service<const Id extends string>(id: Id, phase: PhaseId, spec: ServiceSpec): Step<Id> {
  return step(id, phase, spec, (context) => {
    const units = spec.units(context);
    const ports = spec.ports?.(context) ?? [];
    const wait = spec.wait?.(context) ?? context.release.waits.serviceState;
    const poll = context.release.waits.poll;
    const log = spec.startupLog?.(context);
    const name = units[0] === undefined ? 'the service' : unitName(units[0]);
    const waitFor = (port: number): string => {
      const waitCommand = sh`ciab_wait ${`${name} on :${port}`} ${wait} ${poll} ciab_port_open ${port}`;
      return log === undefined
        ? waitCommand
        : lines(`if ! ${waitCommand}; then`, sh`  tail -n 20 ${log} >&2 || true`, '  exit 1', 'fi');
    };
    const hint = spec.failureHint?.(context);
    return {
      title: spec.title(context),
      ...(ports.length > 0 || spec.credentials === true ? { waitSeconds: wait } : {}),
      check: [
        sh`ciab_units_up ${units}`,
        ...ports.map((port) => sh`ciab_port_open ${port}`),
        ...(spec.credentials === true ? [SYSTEM_CREDENTIALS] : []),
      ].join(' && '),
      apply: lines(
        sh`ciab_units_start ${units}`,
        ...ports.map(waitFor),
        spec.credentials === true
          ? sh`ciab_wait ${"the cloud's system credentials"} ${wait} ${poll} ${raw(SYSTEM_CREDENTIALS)}`
          : '',
      ),
      undo: sh`ciab_units_stop ${units} || true`,
      runs: { units, ports },
      ...(hint === undefined ? {} : { failureHint: hint }),
    };
  });
}
