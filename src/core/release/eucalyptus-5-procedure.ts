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
import { cloudProperties } from '../steps/cloud.js';
import type { TaskIdOf } from '../steps/step.js';
import {
  cloudDns,
  cloudServices,
  credentialsImageConsole,
  hostPreparation,
  packagesBridgeConfiguration,
  registerServices,
  startCloud,
  startNode,
} from './eucalyptus-steps.js';

/** ats-deploy roles/common/defaults/main.yml: cloud_region_name "cloud-1" (its zones default to <region>a). */
export const EUCALYPTUS5_REGION_NAME = 'cloud-1';

/**
 * In the playbooks' order: ats-deploy roles/common (host, yum_repos.yml, packages), roles/node ("virt
 * remove default network"), the bridge EDGE needs (inventory_example_local.yml), roles/common
 * eucalyptus.conf.j2 and roles/cloud network.yaml.j2, roles/zone (eucalyptus_storage_controller on);
 * roles/cloud/tasks/main.yml: initialise and start the cloud, its cluster controller inside, register
 * user-api and walrusbackend (roles/zone: cluster, storage); NODES as ats-deploy renders it
 * (clusteradmin-register-nodes, still in 5, is the same); the cloud's properties, its region; roles/cloud
 * esi-install-image and roles/cloud-post's imaging stack; roles/console (the same WebOb and pidfile fixes
 * as for 4.4).
 */
export const eucalyptus5Steps = [
  ...hostPreparation,
  ...packagesBridgeConfiguration,
  ...startCloud(
    (release) =>
      `start eucalyptus-cloud (with the cluster controller) and wait for it on :${release.ports.cloud}`,
  ),
  ...registerServices,
  ...startNode,
  cloudDns,
  cloudProperties('cloud.region', {
    title: () => `name the region ${EUCALYPTUS5_REGION_NAME}`,
    inputs: [],
    properties: () => [['region.region_name', EUCALYPTUS5_REGION_NAME]],
  }),
  ...cloudServices,
  ...credentialsImageConsole,
] as const;

export type Eucalyptus5TaskId = TaskIdOf<typeof eucalyptus5Steps>;
