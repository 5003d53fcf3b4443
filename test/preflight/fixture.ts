/**
 * Facts shaped like a healthy CentOS 7.9 host that matches the example answers, for the preflight tests:
 * each test changes one fact at a time.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { validateAnswers } from '../../src/core/answers/validate.js';
import type { AnswersModel } from '../../src/core/answers/model.js';
import type { Answers } from '../../src/core/answers/schema.js';
import type { AnswerProbes } from '../../src/core/preflight/types.js';
import { getRelease } from '../../src/core/release/index.js';
import type { HostFacts, NetInterface } from '../../src/core/facts/types.js';

export const EXAMPLE_ANSWERS = new URL('../fixtures/answers/example.yaml', import.meta.url);

export const model: AnswersModel = (() => {
  const text = readFileSync(EXAMPLE_ANSWERS, 'utf8');
  const result = validateAnswers(yaml.load(text));
  assert.ok(result.model);
  return result.model;
})();
export const answers: Answers = model.answers;
export const release = getRelease('eucalyptus-4.4');
export const GiB = 1024 ** 3;

export function eth0(): NetInterface {
  return {
    index: 2,
    name: 'eth0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    up: true,
    lowerUp: true,
    operState: 'UP',
    mac: '52:54:00:12:34:56',
    linkType: 'ether',
    addresses: [
      {
        family: 'inet',
        address: '192.168.56.10',
        prefix: 24,
        scope: 'global',
        dynamic: false,
        secondary: false,
      },
    ],
    wireless: false,
    physical: true,
    kind: 'wired',
  };
}

/** A healthy CentOS 7.9 host with the example answers' address, before any install. */
export function healthy(): HostFacts {
  const unit = (u: string, active: string) => ({ unit: u, loadState: 'loaded', activeState: active });
  return {
    uid: 0,
    hostname: { name: 'ciab', fqdn: 'ciab.example.lan' },
    os: {
      osRelease: {
        id: 'centos',
        idLike: ['rhel', 'fedora'],
        versionId: '7',
        prettyName: 'CentOS Linux 7 (Core)',
        variables: {},
      },
      redhatRelease: {
        text: 'CentOS Linux release 7.9.2009 (Core)',
        distribution: 'CentOS Linux',
        version: '7.9.2009',
        major: 7,
        minor: 9,
      },
      arch: 'x86_64',
    },
    cpu: { processors: 4, virtualization: 'vmx', hypervisor: false },
    kvmDevice: true,
    memory: { totalBytes: 16 * GiB, values: {} },
    disks: [
      { path: '/var', measuredAt: '/var', totalBytes: 500 * GiB, freeBytes: 400 * GiB },
      {
        path: '/var/lib/eucalyptus/instances',
        measuredAt: '/var',
        totalBytes: 500 * GiB,
        freeBytes: 400 * GiB,
      },
    ],
    interfaces: [eth0()],
    routes: [{ type: 'unicast', dst: 'default', gateway: '192.168.56.1', dev: 'eth0', flags: [] }],
    neighbours: [],
    resolver: { nameservers: ['192.168.56.1'], search: [], options: [] },
    ifcfg: [
      {
        file: 'ifcfg-eth0',
        name: 'eth0',
        variables: {},
        device: 'eth0',
        bootproto: 'static',
        nmControlled: false,
        ipaddr: '192.168.56.10',
        prefix: 24,
      },
    ],
    timeSync: { chrony: undefined, ntp: undefined, servers: [] },
    selinux: {
      mode: 'permissive',
      source: 'getenforce',
      configuredMode: 'permissive',
      configuredType: 'targeted',
    },
    units: {
      'NetworkManager.service': unit('NetworkManager.service', 'inactive'),
      'PackageKit.service': unit('PackageKit.service', 'inactive'),
      'firewalld.service': unit('firewalld.service', 'inactive'),
      'chronyd.service': unit('chronyd.service', 'active'),
    },
    packages: [],
    sockets: [
      { protocol: 'tcp', address: '0.0.0.0', port: 22, processes: [{ name: 'sshd', pid: 900, fd: 3 }] },
    ],
    journal: null,
    yumLock: null,
    notes: [],
  };
}

/** libvirt's default network: virbr0 with 192.168.122.1/24 (no carrier until a guest attaches). */
export function virbr0(): NetInterface {
  return {
    ...eth0(),
    index: 5,
    name: 'virbr0',
    flags: ['NO-CARRIER', 'BROADCAST', 'MULTICAST', 'UP'],
    lowerUp: false,
    operState: 'DOWN',
    mac: '52:54:00:aa:bb:cc',
    addresses: [
      {
        family: 'inet',
        address: '192.168.122.1',
        prefix: 24,
        scope: 'global',
        dynamic: false,
        secondary: false,
      },
    ],
    physical: false,
    kind: 'bridge',
    devType: 'bridge',
  };
}

export const dnsmasqOn = (protocol: 'tcp' | 'udp', address: string, port: number) => ({
  protocol,
  address,
  port,
  processes: [{ name: 'dnsmasq', pid: 1300, fd: 5 }],
});

export const probesOk = (): AnswerProbes => ({
  hostnameAddresses: ['192.168.56.10'],
  liveAddresses: [],
  probedAddresses: 40,
  repositories: [{ id: 'base', url: 'http://mirror.example.lan/centos/', reachable: true }],
  otherRepositories: [],
  notes: [],
});
