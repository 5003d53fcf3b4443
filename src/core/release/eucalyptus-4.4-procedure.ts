/**
 * The install of Eucalyptus 4.4 on CentOS 7, in order: docs/EUCALYPTUS-4.4.md §1.5 (with §1.1 for host
 * preparation, §1.8 for pitfalls), from the parts it shares with 5 (./eucalyptus-steps.ts) and its own
 * cluster controller service. Where each part comes from:
 * - host preparation §1.1 (and the refusal of a host with another release: no downgrade of 5 in place);
 * - repositories and packages §1.2, the bridge §1.1.1, the configuration §1.3 and 1.4 (SELinux kept with
 *   the storage controller's boolean: D44 configure_selinux_shared);
 * - initialise and start the CLC, §1.5 steps 2-4; register the services, steps 5-12; configure the cloud,
 *   steps 13-17; credentials, step 18; the service image, step 19; the console, step 21.
 */
import { service } from '../steps/services.js';
import type { TaskIdOf } from '../steps/step.js';
import { cloudSide } from '../steps/step.js';
import {
  cloudDns,
  cloudServices,
  credentialsImageConsole,
  eucalyptusConfiguration,
  hostPreparation,
  packagesBridgeConfiguration,
  registerServices,
  startCloud,
  startNode,
} from './eucalyptus-steps.js';

export const eucalyptus44Steps = [
  ...hostPreparation,
  ...packagesBridgeConfiguration,
  ...startCloud((release) => `start eucalyptus-cloud and wait for it on :${release.ports.cloud}`),
  ...registerServices,
  // 4.4's cluster controller is a service of its own (5's runs inside eucalyptus-cloud).
  service('register.clusterStart', 'register', {
    roles: cloudSide,
    rerunAfter: [eucalyptusConfiguration],
    title: ({ release }) => `start the cluster controller and wait for it on :${release.ports.cluster}`,
    units: ({ release }) => [release.units.cluster],
    ports: ({ release }) => [release.ports.cluster],
  }),
  ...startNode,
  cloudDns,
  ...cloudServices,
  ...credentialsImageConsole,
] as const;

export type Eucalyptus44TaskId = TaskIdOf<typeof eucalyptus44Steps>;
