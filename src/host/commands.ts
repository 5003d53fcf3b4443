/** The gatherer's commands on this host: the src/host/tools wrappers, each given the probe's deadline. */
import { getEnforce } from './tools/getenforce.js';
import { showFqdn } from './tools/hostname.js';
import { showAddresses, showNeighbours, showRoutes } from './tools/ip.js';
import { listInstalledPackages } from './tools/rpm-query.js';
import { listListeningSockets } from './tools/ss.js';
import { showUnitStates } from './tools/systemctl-query.js';
import type { HostCommands } from './gather.js';

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
