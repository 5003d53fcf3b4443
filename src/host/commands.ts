/**
 * The gatherer's commands: the src/host/tools wrappers, each given the probe's deadline, run on this host or,
 * given a QueryRunner, on the target it reaches.
 */
import { getEnforce } from './tools/getenforce.js';
import { showFqdn } from './tools/hostname.js';
import { showAddresses, showNeighbours, showRoutes } from './tools/ip.js';
import { listInstalledPackages } from './tools/rpm-query.js';
import { listListeningSockets } from './tools/ss.js';
import { showUnitStates } from './tools/systemctl-query.js';
import type {
  InstalledPackage,
  IpInterface,
  IpNeighbour,
  IpRoute,
  ListeningSocket,
  SelinuxMode,
  UnitState,
} from '../core/facts/types.js';
import type { ProbeContext } from './probe.js';
import type { QueryRunner } from './tools/tool.js';

/** The read-only commands the gatherer (./gather.ts) runs; by default these wrappers. */
export interface HostCommands {
  showAddresses: (options: ProbeContext) => Promise<IpInterface[]>;
  showRoutes: (options: ProbeContext) => Promise<IpRoute[]>;
  showNeighbours: (options: ProbeContext) => Promise<IpNeighbour[]>;
  listListeningSockets: (options: ProbeContext) => Promise<ListeningSocket[]>;
  listInstalledPackages: (patterns: readonly string[], options: ProbeContext) => Promise<InstalledPackage[]>;
  showUnitStates: (units: readonly string[], options: ProbeContext) => Promise<UnitState[]>;
  getEnforce: (options: ProbeContext) => Promise<SelinuxMode>;
  showFqdn: (options: ProbeContext) => Promise<string>;
}

export function hostCommands(on?: QueryRunner): HostCommands {
  const where = on === undefined ? {} : { on };
  return {
    showAddresses: (o) => showAddresses({ ...o, ...where }),
    showRoutes: (o) => showRoutes({ ...o, ...where }),
    showNeighbours: (o) => showNeighbours({ ...o, ...where }),
    listListeningSockets: (o) => listListeningSockets({ ...o, ...where }),
    listInstalledPackages: (patterns, o) => listInstalledPackages(patterns, { ...o, ...where }),
    showUnitStates: (units, o) => showUnitStates(units, { ...o, ...where }),
    getEnforce: (o) => getEnforce({ ...o, ...where }),
    showFqdn: (o) => showFqdn({ ...o, ...where }),
  };
}
