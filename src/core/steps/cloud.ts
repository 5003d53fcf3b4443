/**
 * The cloud controller's start, the service registrations and the cloud's properties
 * (docs/EUCALYPTUS-4.4.md §1.5 steps 2-17).
 */
import type { Answers } from '../answers/schema.js';
import { lines, raw, sh } from '../plan/sh.js';
import type { ReleaseProfile } from '../release/types.js';
import type { Step } from './step.js';
import { SYSTEM_CREDENTIALS as creds, cloudSide, step } from './step.js';

/**
 * clcadmin-initialize-cloud, once: it must run with the cloud stopped, and never twice (D44
 * starting_euca_clc); the cloud is born with the host's clock, so that clock is synchronised first.
 */
export function initializeCloud<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'start', { roles: cloudSide }, ({ release }) => ({
    title: 'initialise the cloud (clcadmin-initialize-cloud, once)',
    waitSeconds: release.waits.cloudStart,
    check: sh`[ -e ${release.paths.cloudCert} ]`,
    apply: lines(
      sh`ciab_clock_sync ${release.clockSync.tries} ${release.clockSync.maxCorrectionSeconds}`,
      sh`ciab_units_stop ${release.units.cloud}`,
      'clcadmin-initialize-cloud',
    ),
    failureHint: `see ${release.paths.cloudLog}`,
  }));
}

/**
 * euserv-register-service with bounded retries: the CLC refuses some registrations for a while after it
 * opens its port (the cookbook retried the same way).
 */
export function registerService<const Id extends string>(
  id: Id,
  /** name: what the service on the host at IP registers as */
  service: { type: string; name: (ip: string) => string; inZone: boolean },
): Step<Id> {
  return step(id, 'register', { roles: cloudSide }, ({ answers, release, ip }) => {
    const name = service.name(ip);
    const zone = service.inZone ? ['-z', answers.cloud.zone] : [];
    const { tries, intervalSeconds } = release.registration;
    return {
      title: `register the ${service.type} service ${name}`,
      check: sh`${raw(creds)} && ciab_service_registered ${name}`,
      apply: lines(
        creds,
        sh`ciab_retry ${`registering ${name}`} ${tries} ${intervalSeconds} ciab_register_service ${name} -t ${service.type} -h ${ip} ${zone}`,
      ),
      failureHint: `see ${release.paths.cloudLog} and euserv-describe-services`,
    };
  });
}

const ZONE_KEYS = ['cluster-cert.pem', 'cluster-pk.pem', 'node-cert.pem', 'node-pk.pem'];

/**
 * The zone's cluster and node keys copied where the CC and NC read them. On one host clcadmin-copy-keys would
 * rsync to itself over root SSH; copying locally is its only real effect (docs/EUCALYPTUS-4.4.md §1.5 step 9,
 * CB KeySync). Copied by root from a directory the eucalyptus user writes: see the prelude for why not `install`.
 */
export function copyZoneKeys<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'register', { roles: cloudSide }, ({ answers, release }) => {
    const zone = answers.cloud.zone;
    const { keysDir } = release.paths;
    const { serviceState, poll } = release.waits;
    return {
      title: `copy the ${zone} cluster and node keys into ${keysDir}`,
      waitSeconds: serviceState,
      check: ZONE_KEYS.map((k) => sh`[ -e ${`${keysDir}/${k}`} ]`).join(' && '),
      apply: lines(
        sh`ciab_wait ${`the ${zone} keys`} ${serviceState} ${poll} test -e ${`${keysDir}/${zone}/node-pk.pem`}`,
        sh`ciab_copy_service_files eucalyptus ${`${keysDir}/${zone}`} ${keysDir} ${ZONE_KEYS}`,
      ),
    };
  });
}

/** This host's node controller in the cluster's NODES (clusteradmin-register-nodes): a cloud-in-a-box only. */
export function registerLocalNode<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'register', { roles: ['ciab'] }, ({ release, ip }) => ({
    title: `register the node controller ${ip} with the cluster`,
    check: sh`grep -Eq ${`^NODES="?([^"]* )?${ip.replaceAll('.', '\\.')}( |"|$)`} ${release.paths.conf}`,
    apply: sh`clusteradmin-register-nodes ${ip}`,
  }));
}

/** Cloud properties set with euctl, checked one by one. */
export function cloudProperties<const Id extends string>(
  id: Id,
  spec: {
    title: (answers: Answers) => string;
    inputs: string[];
    properties: (answers: Answers) => [string, string][];
  },
): Step<Id> {
  return step(id, 'cloud', { roles: cloudSide }, ({ answers }) => {
    const properties = spec.properties(answers);
    return {
      title: spec.title(answers),
      inputs: spec.inputs,
      check: properties.map(([k, v]) => sh`ciab_property_is ${k} ${v}`).join(' && '),
      apply: lines(creds, ...properties.map(([k, v]) => sh`euctl ${`${k}=${v}`}`)),
    };
  });
}

/** The network configuration file (release.paths.networkConfig) uploaded to the cloud. */
export function uploadNetworkConfiguration<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'cloud', { roles: cloudSide }, ({ release }) => {
    const file = release.paths.networkConfig;
    return {
      title: `upload the ${release.networkMode} network configuration (${file})`,
      inputs: ['network', 'cloud'],
      // Compared without white space: the cloud keeps the text it was given.
      check: lines(
        `${creds} &&`,
        sh`[ "$(euctl --dump --format=raw cloud.network.network_configuration 2>/dev/null | tr -d ' \\t\\n')" = "$(tr -d ' \\t\\n' < ${file})" ]`,
      ),
      apply: lines(creds, sh`euctl ${`cloud.network.network_configuration=@${file}`}`),
    };
  });
}

/** Walrus as the object storage provider; the gateway reports broken until one is set (D44 config_object_storage). */
export function walrusObjectStorage<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'cloud', { roles: cloudSide }, ({ release }) => {
    const { serviceState, poll } = release.waits;
    return {
      title: 'use Walrus for object storage',
      waitSeconds: serviceState,
      check: 'ciab_property_is objectstorage.providerclient walrus',
      apply: lines(
        sh`ciab_wait ${'the object storage gateway to register'} ${serviceState} ${poll} ciab_service_in_state objectstorage '' enabled broken`,
        creds,
        'euctl objectstorage.providerclient=walrus',
      ),
    };
  });
}

/** The zone's storage properties to set, in the release's order (the DAS device only for das). */
function storageProperties(answers: Answers, release: ReleaseProfile): [string, string][] {
  const storage = answers.storage;
  const names =
    storage.blockStorage === 'das' ? release.dasPropertyOrder : (['blockstoragemanager'] as const);
  return names.flatMap((name): [string, string][] => {
    const value = name === 'blockstoragemanager' ? storage.blockStorage : storage.dasDevice;
    return value === null ? [] : [[`${answers.cloud.zone}.storage.${name}`, value]];
  });
}

export function blockStorage<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'cloud', { roles: cloudSide }, ({ answers, release }) => {
    const zone = answers.cloud.zone;
    const properties = storageProperties(answers, release);
    const { serviceState, poll } = release.waits;
    return {
      title: `use ${answers.storage.blockStorage} block storage in ${zone}`,
      inputs: ['storage.blockStorage', 'storage.dasDevice', 'cloud.zone'],
      waitSeconds: serviceState,
      check: properties.map(([k, v]) => sh`ciab_property_is ${k} ${v}`).join(' && '),
      apply: lines(
        sh`ciab_wait ${`the storage controller in ${zone} to register`} ${serviceState} ${poll} ciab_service_in_state storage ${zone} enabled broken`,
        creds,
        ...properties.map(([k, v]) => sh`euctl ${`${k}=${v}`}`),
      ),
    };
  });
}

/** Waits until the service types are enabled. */
export function servicesEnabled<const Id extends string>(id: Id, types: readonly string[]): Step<Id> {
  return step(id, 'cloud', { roles: cloudSide }, ({ release }) => {
    const { serviceState, poll } = release.waits;
    return {
      title: `wait until ${types.join(', ')} are enabled`,
      waitSeconds: serviceState,
      check: types.map((t) => sh`ciab_service_in_state ${t} '' enabled`).join(' && '),
      apply: lines(
        ...types.map(
          (t) =>
            sh`ciab_wait ${`the ${t} service to be enabled`} ${serviceState} ${poll} ciab_service_in_state ${t} '' enabled`,
        ),
      ),
      failureHint: 'run euserv-describe-services --expert to see which service is not enabled, and why',
    };
  });
}
