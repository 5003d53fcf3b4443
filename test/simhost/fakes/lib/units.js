// systemd units of the simulated host: which exist (base units plus the installed packages' ones), which
// are enabled and active, and the listener processes of the units that serve TCP ports.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, loadState, readJson, saveState, statePath } from './common.js';
import { CONSOLE_UNIT, consoleStart } from './console.js';
import { identify, running, signal } from './listener-process.js';
import { installedEucalyptusMajor } from './packages.js';

// A CentOS 7.9 minimal host: these run and start at boot (systemd presets of the base packages).
const BASE_UNITS = {
  'chronyd.service': { enabled: 'enabled', active: true },
  'crond.service': { enabled: 'enabled', active: true },
  'firewalld.service': { enabled: 'enabled', active: true },
  'NetworkManager.service': { enabled: 'enabled', active: true },
  'network.service': { enabled: 'enabled', active: true, sysv: true },
  'sshd.service': { enabled: 'enabled', active: true },
};

// Units that RPMs enable by preset on CentOS 7 (90-default.preset: libvirtd enabled); the others are disabled.
const PRESET_ENABLED = new Set(['libvirtd.service']);

/** Aliases the Eucalyptus 4.4 units carry (SPEC maint-4.4: Alias= in the unit files). */
const ALIASES = {
  'eucalyptus-cc.service': 'eucalyptus-cluster.service',
  'eucalyptus-nc.service': 'eucalyptus-node.service',
};

// TCP ports a started unit opens (docs/EUCALYPTUS-4.4.md §1.1.2: 8773 web services + 8777 DB on the CLC; CC 8774; NC 8775;
// console 8888, and 443 for the nginx that eucaconsole's init script starts in front of it: eucalyptus/
// eucaconsole-rpmspec maint-4.4 eucaconsole.init, eucalyptus/eucaconsole maint-4.4 conf/nginx.conf).
const DEFAULT_PORTS = {
  'eucalyptus-cloud.service': [8773, 8777],
  'eucalyptus-cluster.service': [8774],
  'eucalyptus-node.service': [8775],
  'eucaconsole.service': [8888, 443],
};

/**
 * Eucalyptus 5's links (Corymbia/eucalyptus maint-5 systemd/Makefile): eucalyptus-cluster.service and
 * eucalyptus-cc.service are symlinks to eucalyptus-cloud.service, whose JVM runs the cluster controller.
 */
const UNIT_LINKS_5 = {
  'eucalyptus-cluster.service': 'eucalyptus-cloud.service',
  'eucalyptus-cc.service': 'eucalyptus-cloud.service',
};

const fullName = (name) =>
  /\.(service|target|socket|timer|mount|path)$/.test(name) ? name : `${name}.service`;

/** The unit a name links to when the installed Eucalyptus is 5, else undefined. */
export function unitLink(name) {
  return installedEucalyptusMajor() === '5' ? UNIT_LINKS_5[fullName(name)] : undefined;
}

export function unitName(name) {
  const full = fullName(name);
  return unitLink(full) ?? ALIASES[full] ?? full;
}

/** Where an administrator (or a kickstart's %post) puts its own units; systemd loads them as it loads packaged ones. */
const LOCAL_UNIT_DIR = '/etc/systemd/system';

export function loadUnits() {
  const units = loadState('units.json', () => structuredClone(BASE_UNITS));
  for (const name of localUnitFiles()) units[name] ??= { enabled: 'disabled', active: false };
  return units;
}

function localUnitFiles() {
  try {
    return readdirSync(LOCAL_UNIT_DIR, { withFileTypes: true })
      .filter((entry) => entry.isFile() && entry.name.endsWith('.service'))
      .map((entry) => entry.name);
  } catch {
    return [];
  }
}

export function saveUnits(units) {
  saveState('units.json', units);
}

export function addUnits(names) {
  const units = loadUnits();
  for (const n of names) {
    units[n] ??= { enabled: PRESET_ENABLED.has(n) ? 'enabled' : 'disabled', active: false };
  }
  saveUnits(units);
}

export function removeUnits(names) {
  const units = loadUnits();
  for (const n of names) {
    if (units[n]?.listener) stopListener(units[n].listener);
    delete units[n];
  }
  saveUnits(units);
}

function unitKey(unit) {
  return unit.replace(/\.service$/, '');
}

export function portsOf(unit) {
  const cfg = config().ports ?? {};
  return cfg[unitKey(unit)] ?? DEFAULT_PORTS[unit] ?? [];
}

export function delayOf(unit) {
  const cfg = config().listenDelayMs ?? {};
  return cfg[unitKey(unit)] ?? cfg.default ?? (unit === 'eucalyptus-cloud.service' ? 1000 : 200);
}

/** How long a stopped unit's listener keeps its ports (config `stopDelayMs`, like `listenDelayMs`; default 0). */
function stopDelayOf(unit) {
  const cfg = config().stopDelayMs ?? {};
  return cfg[unitKey(unit)] ?? cfg.default ?? 0;
}

/** systemd's default TimeoutStopSec (systemd-system.conf(5), DefaultTimeoutStopSec=90s). */
const STOP_TIMEOUT_MS = 90_000;

/**
 * Stops a unit's listener the way `systemctl stop` does: it returns only once the process is gone (SIGTERM,
 * then SIGKILL after TimeoutStopSec). Without the wait, a restart's new listener could meet the old one still
 * holding the port on a busy machine, die with EADDRINUSE, and leave the unit failed right after the old
 * listener had answered the install's port check.
 */
function stopListener(listener) {
  signal(listener, 'SIGTERM');
  if (waitGone(listener, STOP_TIMEOUT_MS)) return;
  signal(listener, 'SIGKILL');
  waitGone(listener, STOP_TIMEOUT_MS);
}

function waitGone(listener, timeoutMs) {
  const tick = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (running(listener)) {
    if (Date.now() > deadline) return false;
    Atomics.wait(tick, 0, 0, 20);
  }
  return true;
}

const LISTENER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'listener.js');

/**
 * libvirt's default network is active: its dnsmasq then holds port 53 (and 67). libvirtd starts it at its
 * own start (autostart) until `virsh net-destroy` (state in libvirt.json, which virsh seeds the same way).
 */
function libvirtDefaultNetworkActive(units) {
  if (!units['libvirtd.service']?.active) return false;
  const nets = readJson(statePath('libvirt.json'), undefined);
  return nets === undefined || Boolean(nets.default?.active);
}

/**
 * Marks a unit active; a unit that serves ports gets a detached listener after its delay. `boot`: started by
 * the boot (lib/boot.js), not by systemctl.
 */
export function startUnit(units, unit, { boot = false } = {}) {
  const u = units[unit];
  if (u.active && (u.listener === undefined || running(u.listener))) return;
  delete u.failed;
  let ports = portsOf(unit);
  if (unit === CONSOLE_UNIT) {
    const console = consoleStart(ports, { boot });
    if (console.failed) {
      u.failed = true;
      return;
    }
    ports = console.ports;
  }
  const delay = delayOf(unit);
  // The cloud's DNS server binds port 53 when eucalyptus-cloud starts; with libvirt's dnsmasq on it, the
  // bind fails ("Address already in use") and the cloud serves no DNS until it is restarted.
  if (unit === 'eucalyptus-cloud.service')
    u.dns = libvirtDefaultNetworkActive(units) ? 'address-in-use' : 'bound';
  u.active = true;
  u.startedAt = new Date().toISOString();
  u.readyAt = Date.now() + (ports.length > 0 ? delay : 0);
  delete u.listener;
  if (ports.length > 0) {
    const child = spawn(
      process.execPath,
      [LISTENER, String(delay), String(stopDelayOf(unit)), ...ports.map(String)],
      {
        detached: true,
        stdio: 'ignore',
      },
    );
    child.unref();
    u.listener = identify(child.pid);
  }
}

export function stopUnit(units, unit) {
  const u = units[unit];
  if (u.listener) stopListener(u.listener);
  u.active = false;
  delete u.failed;
  delete u.listener;
  delete u.dns;
  delete u.startedAt;
  delete u.readyAt;
}

/** The unit's listener died: systemd reports such a unit `failed`. */
export function crashed(u) {
  return u.active && u.listener !== undefined && !running(u.listener);
}

/** The unit is active and, if it serves ports, its delay has passed (what "the service answers" means here). */
export function unitReady(unit) {
  const u = loadUnits()[unit];
  if (!u?.active) return false;
  if (crashed(u)) return false;
  return (u.readyAt ?? 0) <= Date.now();
}
