// Read-only view of a simulated host's state for test assertions: packages, units, the cloud's services
// and properties, NODES, SELinux, libvirt networks, modules, sysctl, the call log and the faults.
// Usage (from TypeScript tests too): import { readState, readCalls, changingCalls } from './state-read.js'.
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';

function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    if (e.code === 'ENOENT') return fallback;
    throw e;
  }
}

/** Every call of every fake, in order: { tool, argv, exitCode, ms, at, changes, fault? }. */
export function readCalls(root) {
  let text = '';
  try {
    text = fs.readFileSync(path.join(root, 'var/lib/simhost/calls.log'), 'utf8');
  } catch (e) {
    if (e.code === 'ENOENT') return [];
    throw e;
  }
  return text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l));
}

/** The calls that changed (or tried to change) state. */
export function changingCalls(root) {
  return readCalls(root).filter((c) => c.changes);
}

/** NODES="..." of /etc/eucalyptus/eucalyptus.conf as a list (undefined when the file or the line is missing). */
export function readNodes(root) {
  let text;
  try {
    text = fs.readFileSync(path.join(root, 'etc/eucalyptus/eucalyptus.conf'), 'utf8');
  } catch {
    return undefined;
  }
  const m = /^NODES=(.*)$/m.exec(text);
  if (!m) return undefined;
  return m[1].trim().replace(/^"|"$/g, '').split(/\s+/).filter(Boolean);
}

/**
 * The state as plain data. Missing state files mean "never touched": packages/units are then reported as
 * undefined rather than guessed (the fakes seed them on first use).
 */
export function readState(root) {
  const dir = path.join(root, 'var/lib/simhost');
  const j = (name, fallback) => readJson(path.join(dir, name), fallback);
  const cloud = j('cloud.json', {
    initialized: false,
    services: [],
    properties: {},
    images: [],
    loginProfiles: [],
  });
  const units = j('units.json', undefined);
  return {
    packages: (() => {
      const db = j('packages.json', undefined);
      return db === undefined ? undefined : Object.keys(db).sort();
    })(),
    packageVersions: j('packages.json', undefined),
    units:
      units === undefined
        ? undefined
        : Object.fromEntries(
            Object.entries(units).map(([name, u]) => [
              name,
              { enabled: u.enabled === 'enabled', active: Boolean(u.active), listener: u.listener },
            ]),
          ),
    cloudDns: units?.['eucalyptus-cloud.service']?.dns,
    initialized: Boolean(cloud.initialized),
    services: cloud.services.map((s) => ({ name: s.name, type: s.type, zone: s.zone, host: s.host })),
    properties: { ...cloud.properties },
    images: cloud.images ?? [],
    loginProfiles: cloud.loginProfiles ?? [],
    consolePasswords: cloud.consolePasswords ?? {},
    accessKeys: Object.fromEntries(
      Object.entries(cloud.accessKeys ?? {}).map(([u, keys]) => [u, keys.length]),
    ),
    nodes: readNodes(root),
    selinux: j('selinux.json', undefined),
    libvirtNetworks: j('libvirt.json', undefined),
    modules: j('modules.json', []),
    sysctl: j('sysctl.json', {}),
    gpgKeys: j('gpg-keys.json', []),
    bridgeUpMarker: fs.existsSync(path.join(dir, 'events/bridge-up')),
    faults: j('faults.json', []),
    calls: readCalls(root),
  };
}

/**
 * Each registered service instance with its current state ({ type, zone, name, host, state }), computed
 * as euserv-describe-services would report it. Reads only: returns [] before the fakes have any state.
 */
export async function serviceStates(root) {
  const dir = path.join(root, 'var/lib/simhost');
  if (!fs.existsSync(path.join(dir, 'cloud.json')) || !fs.existsSync(path.join(dir, 'units.json'))) return [];
  const previous = process.env.SIMHOST_ROOT;
  process.env.SIMHOST_ROOT = root;
  try {
    const { loadCloud, serviceRows } = await import('./cloud.js');
    return serviceRows(loadCloud());
  } finally {
    if (previous === undefined) delete process.env.SIMHOST_ROOT;
    else process.env.SIMHOST_ROOT = previous;
  }
}

function ipJson(netns, args) {
  const r = spawnSync('ip', ['-n', netns, '-j', ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`ip -n ${netns} -j ${args.join(' ')}: ${r.stderr}`);
  return JSON.parse(r.stdout || '[]');
}

/** The interfaces of a network namespace: name, kind (bridge, veth, ...), master, up, IPv4 addresses. */
export function readInterfaces(netns) {
  return ipJson(netns, ['-d', 'addr', 'show']).map((l) => ({
    name: l.ifname,
    kind: l.linkinfo?.info_kind,
    master: l.master,
    mac: l.address,
    up: (l.flags ?? []).includes('UP'),
    ipv4: (l.addr_info ?? []).filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`),
  }));
}

/** The IPv4 routes of a network namespace: { dst, gateway, dev }. */
export function readRoutes(netns) {
  return ipJson(netns, ['-4', 'route', 'show']).map((r) => ({ dst: r.dst, gateway: r.gateway, dev: r.dev }));
}
