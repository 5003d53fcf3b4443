/**
 * The install of Eucalyptus 4.4 on CentOS 7, in order: docs/EUCALYPTUS-4.4.md §1.5 (with §1.1 for host
 * preparation, §1.8 for pitfalls), each step built from the library in src/core/steps/.
 */
import {
  blockStorage,
  cloudProperties,
  copyZoneKeys,
  initializeCloud,
  registerLocalNode,
  registerService,
  servicesEnabled,
  uploadNetworkConfiguration,
  walrusObjectStorage,
} from '../steps/cloud.js';
import { timeSync } from '../steps/configuration.js';
import { consoleConfig, consoleInitScript, consoleService, consoleWebob } from '../steps/console.js';
import { adminKeys, adminLogin, adminPassword, regionFile } from '../steps/credentials.js';
import { installFiles, under } from '../steps/files.js';
import {
  firewallOff,
  hostName,
  hostsFile,
  keepAnswers,
  noOtherRelease,
  selinuxBooleans,
  selinuxMode,
} from '../steps/host.js';
import { imagingStack, imagingWorker, installServiceImage } from '../steps/images.js';
import { bridge } from '../steps/network.js';
import {
  installPackages,
  libvirtWithoutDefaultNetwork,
  minimumVersion,
  repositoryFiles,
} from '../steps/packages.js';
import { service } from '../steps/services.js';
import type { TaskIdOf } from '../steps/step.js';
import { cloudSide, nodeSide } from '../steps/step.js';
import { summary } from '../steps/summary.js';

const eucalyptusConfiguration = installFiles('configuration.eucalyptus', 'configuration', {
  pick: under('/etc/eucalyptus/'),
  title: (_, paths) => `write ${paths.join(' and ')}`,
  inputs: ['network', 'cloud', 'storage'],
});
const consoleConfiguration = consoleConfig('console.config');

export const eucalyptus44Steps = [
  // --- before anything changes: no other release on the host (a 4.4 install never downgrades 5 in place) ---
  noOtherRelease('host.release'),
  // --- host preparation (§1.1) ---
  keepAnswers('host.answers'),
  hostName('host.hostname'),
  hostsFile('host.hosts'),
  firewallOff('host.firewalld'),
  selinuxMode('host.selinux'),
  // --- repositories and packages (§1.2) ---
  repositoryFiles('repositories.files'),
  installPackages('packages.install'),
  minimumVersion('packages.version'),
  libvirtWithoutDefaultNetwork('packages.libvirt'),
  // --- the bridge (§1.1.1) ---
  bridge('bridge.network'),
  // --- configuration (§1.3, 1.4) ---
  timeSync('configuration.timesync'),
  eucalyptusConfiguration,
  // D44 configure_selinux_shared: keep SELinux, allow the SC (and the console's proxying to the UFS).
  selinuxBooleans('configuration.selinux', (answers) => [
    'eucalyptus_storage_controller',
    ...(answers.cloud.console ? ['httpd_can_network_connect'] : []),
  ]),
  // --- initialise and start the CLC (§1.5 steps 2-4) ---
  initializeCloud('start.initialize'),
  service('start.cloud', 'start', {
    roles: cloudSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start eucalyptus-cloud and wait for it on :${release.ports.cloud}`,
    units: ({ release }) => [release.units.cloud],
    ports: ({ release }) => [release.ports.cloud],
    wait: ({ release }) => release.waits.cloudStart,
    credentials: true,
    failureHint: ({ release }) => `eucalyptus-cloud did not come up: see ${release.paths.cloudLog}`,
  }),
  service('start.tgtd', 'start', {
    roles: cloudSide,
    title: () => 'start tgtd for overlay and DAS volumes',
    units: ({ release }) => [release.units.tgtd],
  }),
  // --- register services (§1.5 steps 5-12) ---
  registerService('register.ufs', { type: 'user-api', name: (ip) => `API_${ip}`, inZone: false }),
  registerService('register.walrus', { type: 'walrusbackend', name: (ip) => `walrus-${ip}`, inZone: false }),
  registerService('register.cluster', { type: 'cluster', name: (ip) => `cc-${ip}`, inZone: true }),
  registerService('register.storage', { type: 'storage', name: (ip) => `sc-${ip}`, inZone: true }),
  copyZoneKeys('register.keys'),
  service('register.clusterStart', 'register', {
    roles: cloudSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start the cluster controller and wait for it on :${release.ports.cluster}`,
    units: ({ release }) => [release.units.cluster],
    ports: ({ release }) => [release.ports.cluster],
  }),
  service('register.nodeStart', 'register', {
    roles: nodeSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start the node controller and eucanetd, wait for :${release.ports.node}`,
    units: ({ release }) => [release.units.node, release.units.eucanetd],
    ports: ({ release }) => [release.ports.node],
  }),
  registerLocalNode('register.node'),
  // --- configure the cloud (§1.5 steps 13-17) ---
  cloudProperties('cloud.dns', {
    title: (answers) => `serve DNS for ${answers.cloud.dnsDomain}`,
    inputs: ['cloud.dnsDomain'],
    properties: (answers) => [
      ['system.dns.dnsdomain', answers.cloud.dnsDomain],
      ['bootstrap.webservices.use_instance_dns', 'true'],
      ['bootstrap.webservices.use_dns_delegation', 'true'],
    ],
  }),
  uploadNetworkConfiguration('cloud.network'),
  walrusObjectStorage('cloud.objectstorage'),
  blockStorage('cloud.blockstorage'),
  servicesEnabled('cloud.ready', ['compute', 'cloudformation', 'objectstorage', 'storage']),
  // --- credentials (§1.5 step 18) ---
  adminPassword('credentials.password'),
  regionFile('credentials.region'),
  adminKeys('credentials.keys'),
  adminLogin('credentials.login'),
  // --- service image (§1.5 step 19) ---
  installServiceImage('serviceImage.install'),
  imagingStack('serviceImage.imaging'),
  imagingWorker('serviceImage.worker'),
  // --- console (§1.5 step 21) ---
  consoleConfiguration,
  consoleWebob('console.webob'),
  consoleInitScript('console.initScript'),
  consoleService('console.start', [consoleConfiguration]),
  // --- summary ---
  summary('summary.write'),
] as const;

export type Eucalyptus44TaskId = TaskIdOf<typeof eucalyptus44Steps>;
