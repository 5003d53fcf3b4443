/**
 * The test-only release's procedure: deliberately different from 4.4's, built from the step library alone.
 * Its network configuration is YAML (as Eucalyptus 5 takes it), its cluster controller runs inside the cloud
 * unit (no cluster service step: start.cloud waits for both ports), and it has no console, service image or
 * storage steps.
 */
import {
  cloudProperties,
  copyZoneKeys,
  initializeCloud,
  registerLocalNode,
  registerService,
  servicesEnabled,
  uploadNetworkConfiguration,
} from '../../../src/core/steps/cloud.js';
import { timeSync } from '../../../src/core/steps/configuration.js';
import { adminKeys, adminPassword, regionFile } from '../../../src/core/steps/credentials.js';
import { installFiles, under } from '../../../src/core/steps/files.js';
import { firewallOff, hostsFile, keepAnswers } from '../../../src/core/steps/host.js';
import { bridge } from '../../../src/core/steps/network.js';
import { installPackages, repositoryFiles } from '../../../src/core/steps/packages.js';
import { service } from '../../../src/core/steps/services.js';
import type { TaskIdOf } from '../../../src/core/steps/step.js';
import { cloudSide, nodeSide } from '../../../src/core/steps/step.js';
import { summary } from '../../../src/core/steps/summary.js';

const configuration = installFiles('configuration.eucalyptus', 'configuration', {
  pick: under('/etc/eucalyptus/'),
  title: (_, paths) => `write ${paths.join(' and ')}`,
  inputs: ['network', 'cloud'],
});

export const variantSteps = [
  keepAnswers('host.answers'),
  hostsFile('host.hosts'),
  firewallOff('host.firewall'),
  repositoryFiles('repositories.files'),
  installPackages('packages.install'),
  bridge('bridge.network'),
  timeSync('configuration.timesync'),
  configuration,
  initializeCloud('start.initialize'),
  service('start.cloud', 'start', {
    roles: cloudSide,
    rerunAfter: [configuration],
    title: () => 'start the cloud and its cluster controller',
    units: ({ release }) => [release.units.cloud],
    ports: ({ release }) => [release.ports.cloud, release.ports.cluster],
    wait: ({ release }) => release.waits.cloudStart,
    credentials: true,
  }),
  registerService('register.ufs', { type: 'user-api', name: (ip) => `ufs-${ip}`, inZone: false }),
  registerService('register.cluster', { type: 'cluster', name: (ip) => `cc-${ip}`, inZone: true }),
  copyZoneKeys('register.keys'),
  service('register.nodeStart', 'register', {
    roles: nodeSide,
    rerunAfter: [configuration],
    title: () => 'start the node controller',
    units: ({ release }) => [release.units.node, release.units.eucanetd],
    ports: ({ release }) => [release.ports.node],
  }),
  registerLocalNode('register.node'),
  cloudProperties('cloud.dns', {
    title: (answers) => `serve DNS for ${answers.cloud.dnsDomain}`,
    inputs: ['cloud.dnsDomain'],
    properties: (answers) => [['system.dns.dnsdomain', answers.cloud.dnsDomain]],
  }),
  uploadNetworkConfiguration('cloud.network'),
  servicesEnabled('cloud.ready', ['compute']),
  adminPassword('credentials.password'),
  regionFile('credentials.region'),
  adminKeys('credentials.keys'),
  summary('summary.write'),
] as const;

export type VariantTaskId = TaskIdOf<typeof variantSteps>;
