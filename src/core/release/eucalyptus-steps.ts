/**
 * The parts of the install that Eucalyptus 4.4 and 5 share, in their order, each a run of steps from the
 * library in src/core/steps/. Each release's procedure (eucalyptus-4.4-procedure.ts,
 * eucalyptus-5-procedure.ts) strings them together with what is its own; the sources of each part, per
 * release, are in those files.
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
import type { ReleaseProfile } from './types.js';
import { cloudSide, nodeSide } from '../steps/step.js';
import { summary } from '../steps/summary.js';

/** eucalyptus.conf and the network configuration: what the services restart on. */
export const eucalyptusConfiguration = installFiles('configuration.eucalyptus', 'configuration', {
  pick: under('/etc/eucalyptus/'),
  title: (_, paths) => `write ${paths.join(' and ')}`,
  inputs: ['network', 'cloud', 'storage'],
});
const consoleConfiguration = consoleConfig('console.config');

/** Before anything changes, no other release on the host (no in-place upgrade or downgrade); then the host. */
export const hostPreparation = [
  noOtherRelease('host.release'),
  keepAnswers('host.answers'),
  hostName('host.hostname'),
  hostsFile('host.hosts'),
  firewallOff('host.firewalld'),
  selinuxMode('host.selinux'),
] as const;

/** Repositories and packages, libvirt without its default network, the bridge, then the configuration. */
export const packagesBridgeConfiguration = [
  repositoryFiles('repositories.files'),
  installPackages('packages.install'),
  minimumVersion('packages.version'),
  libvirtWithoutDefaultNetwork('packages.libvirt'),
  bridge('bridge.network'),
  timeSync('configuration.timesync'),
  eucalyptusConfiguration,
  // SELinux kept, with the storage controller's boolean (and the console's proxying to the UFS).
  selinuxBooleans('configuration.selinux', (answers) => [
    'eucalyptus_storage_controller',
    ...(answers.cloud.console ? ['httpd_can_network_connect'] : []),
  ]),
] as const;

/** Initialise the cloud, start eucalyptus-cloud (TITLE: what it runs) and tgtd. */
export const startCloud = (title: (release: ReleaseProfile) => string) =>
  [
    initializeCloud('start.initialize'),
    service('start.cloud', 'start', {
      roles: cloudSide,
      rerunAfter: [eucalyptusConfiguration],
      title: ({ release }) => title(release),
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
  ] as const;

/** The user-facing services, Walrus, the cluster and storage controllers registered; the zone's keys. */
export const registerServices = [
  registerService('register.ufs', { type: 'user-api', name: (ip) => `API_${ip}`, inZone: false }),
  registerService('register.walrus', { type: 'walrusbackend', name: (ip) => `walrus-${ip}`, inZone: false }),
  registerService('register.cluster', { type: 'cluster', name: (ip) => `cc-${ip}`, inZone: true }),
  registerService('register.storage', { type: 'storage', name: (ip) => `sc-${ip}`, inZone: true }),
  copyZoneKeys('register.keys'),
] as const;

/** The node controller and eucanetd started, the host registered as a node. */
export const startNode = [
  service('register.nodeStart', 'register', {
    roles: nodeSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start the node controller and eucanetd, wait for :${release.ports.node}`,
    units: ({ release }) => [release.units.node, release.units.eucanetd],
    ports: ({ release }) => [release.ports.node],
  }),
  registerLocalNode('register.node'),
] as const;

export const cloudDns = cloudProperties('cloud.dns', {
  title: (answers) => `serve DNS for ${answers.cloud.dnsDomain}`,
  inputs: ['cloud.dnsDomain'],
  properties: (answers) => [
    ['system.dns.dnsdomain', answers.cloud.dnsDomain],
    ['bootstrap.webservices.use_instance_dns', 'true'],
    ['bootstrap.webservices.use_dns_delegation', 'true'],
  ],
});

/** The network configuration uploaded, object and block storage, and every service enabled. */
export const cloudServices = [
  uploadNetworkConfiguration('cloud.network'),
  walrusObjectStorage('cloud.objectstorage'),
  blockStorage('cloud.blockstorage'),
  servicesEnabled('cloud.ready', ['compute', 'cloudformation', 'objectstorage', 'storage']),
] as const;

/** Credentials, the service image and its imaging worker, the console, and the summary. */
export const credentialsImageConsole = [
  adminPassword('credentials.password'),
  regionFile('credentials.region'),
  adminKeys('credentials.keys'),
  adminLogin('credentials.login'),
  installServiceImage('serviceImage.install'),
  imagingStack('serviceImage.imaging'),
  imagingWorker('serviceImage.worker'),
  consoleConfiguration,
  consoleWebob('console.webob'),
  consoleInitScript('console.initScript'),
  consoleService('console.start', [consoleConfiguration]),
  summary('summary.write'),
] as const;
