/** The gatherer's commands on this host: the src/host/tools wrappers, each given the probe's deadline. */
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

export const localCommands: HostCommands = {
  showAddresses,
  showRoutes,
  showNeighbours,
  listListeningSockets,
  listInstalledPackages,
  showUnitStates,
  getEnforce,
  showFqdn,
};
