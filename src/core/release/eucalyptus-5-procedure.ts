/**
 * The install of Eucalyptus 5 on CentOS 7.9, in the order of the official playbooks (AppScale/ats-deploy roles
 * common, cloud, zone, node, cloud-post, console), from the step library in src/core/steps/. What differs
 * from 4.4 (src/core/release/eucalyptus-4.4-procedure.ts), with sources in docs/SOURCES.md ("Eucalyptus 5"):
 * - no cluster controller service of its own: it runs inside eucalyptus-cloud (eucalyptus-5.ts, units), so
 *   the cluster is registered with the cloud running and nothing starts eucalyptus-cluster;
 * - the network configuration is network.yaml, uploaded as YAML;
 * - the region is named (euctl region.region_name, ats-deploy roles/cloud/tasks/main.yml);
 * - a host with another Eucalyptus release installed is refused first (no in-place upgrade).
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

/** ats-deploy roles/common/defaults/main.yml: cloud_region_name "cloud-1" (its zones default to <region>a). */
export const EUCALYPTUS5_REGION_NAME = 'cloud-1';

const eucalyptusConfiguration = installFiles('configuration.eucalyptus', 'configuration', {
  pick: under('/etc/eucalyptus/'),
  title: (_, paths) => `write ${paths.join(' and ')}`,
  inputs: ['network', 'cloud', 'storage'],
});
const consoleConfiguration = consoleConfig('console.config');

export const eucalyptus5Steps = [
  // --- before anything changes: no other release on the host ---
  noOtherRelease('host.release'),
  // --- host preparation (ats-deploy roles/common) ---
  keepAnswers('host.answers'),
  hostName('host.hostname'),
  hostsFile('host.hosts'),
  firewallOff('host.firewalld'),
  selinuxMode('host.selinux'),
  // --- repositories and packages (roles/common yum_repos.yml; cloud, zone and node packages) ---
  repositoryFiles('repositories.files'),
  installPackages('packages.install'),
  minimumVersion('packages.version'),
  // roles/node/tasks/main.yml: "virt remove default network"
  libvirtWithoutDefaultNetwork('packages.libvirt'),
  // --- the bridge: EDGE needs br0 in place (ats-deploy inventory_example_local.yml) ---
  bridge('bridge.network'),
  // --- configuration (roles/common eucalyptus.conf.j2, roles/cloud network.yaml.j2) ---
  timeSync('configuration.timesync'),
  eucalyptusConfiguration,
  // roles/zone/tasks/main.yml: eucalyptus_storage_controller on (and the console's proxying, as for 4.4).
  selinuxBooleans('configuration.selinux', (answers) => [
    'eucalyptus_storage_controller',
    ...(answers.cloud.console ? ['httpd_can_network_connect'] : []),
  ]),
  // --- initialise and start the cloud, its cluster controller inside (roles/cloud/tasks/main.yml) ---
  initializeCloud('start.initialize'),
  service('start.cloud', 'start', {
    roles: cloudSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) =>
      `start eucalyptus-cloud (with the cluster controller) and wait for it on :${release.ports.cloud}`,
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
  // --- register services (roles/cloud: user-api, walrusbackend; roles/zone: cluster, storage) ---
  registerService('register.ufs', { type: 'user-api', name: (ip) => `API_${ip}`, inZone: false }),
  registerService('register.walrus', { type: 'walrusbackend', name: (ip) => `walrus-${ip}`, inZone: false }),
  registerService('register.cluster', { type: 'cluster', name: (ip) => `cc-${ip}`, inZone: true }),
  registerService('register.storage', { type: 'storage', name: (ip) => `sc-${ip}`, inZone: true }),
  copyZoneKeys('register.keys'),
  service('register.nodeStart', 'register', {
    roles: nodeSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start the node controller and eucanetd, wait for :${release.ports.node}`,
    units: ({ release }) => [release.units.node, release.units.eucanetd],
    ports: ({ release }) => [release.ports.node],
  }),
  // ats-deploy renders NODES in eucalyptus.conf; clusteradmin-register-nodes, still in 5, is the same.
  registerLocalNode('register.node'),
  // --- configure the cloud (roles/cloud/tasks/main.yml) ---
  cloudProperties('cloud.dns', {
    title: (answers) => `serve DNS for ${answers.cloud.dnsDomain}`,
    inputs: ['cloud.dnsDomain'],
    properties: (answers) => [
      ['system.dns.dnsdomain', answers.cloud.dnsDomain],
      ['bootstrap.webservices.use_instance_dns', 'true'],
      ['bootstrap.webservices.use_dns_delegation', 'true'],
    ],
  }),
  cloudProperties('cloud.region', {
    title: () => `name the region ${EUCALYPTUS5_REGION_NAME}`,
    inputs: [],
    properties: () => [['region.region_name', EUCALYPTUS5_REGION_NAME]],
  }),
  uploadNetworkConfiguration('cloud.network'),
  walrusObjectStorage('cloud.objectstorage'),
  blockStorage('cloud.blockstorage'),
  servicesEnabled('cloud.ready', ['compute', 'cloudformation', 'objectstorage', 'storage']),
  // --- credentials ---
  adminPassword('credentials.password'),
  regionFile('credentials.region'),
  adminKeys('credentials.keys'),
  adminLogin('credentials.login'),
  // --- service image (roles/cloud: esi-install-image; roles/cloud-post: the imaging stack) ---
  installServiceImage('serviceImage.install'),
  imagingStack('serviceImage.imaging'),
  imagingWorker('serviceImage.worker'),
  // --- console (roles/console/tasks/main.yml: the same WebOb and pidfile fixes as for 4.4) ---
  consoleConfiguration,
  consoleWebob('console.webob'),
  consoleInitScript('console.initScript'),
  consoleService('console.start', [consoleConfiguration]),
  // --- summary ---
  summary('summary.write'),
] as const;

export type Eucalyptus5TaskId = TaskIdOf<typeof eucalyptus5Steps>;
