// systemd units of the simulated host: which exist (base units plus the installed packages' ones), which
// are enabled and active, and the listener processes of the units that serve TCP ports.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { config, loadState, saveState } from './common.js';

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

// TCP ports a started unit opens (research 1.1.2: 8773 web services + 8777 DB on the CLC; CC 8774; NC 8775;
// console 8888, and 443 for the nginx that eucaconsole's init script starts in front of it: eucalyptus/
// eucaconsole-rpmspec maint-4.4 eucaconsole.init, eucalyptus/eucaconsole maint-4.4 conf/nginx.conf).
const DEFAULT_PORTS = {
  'eucalyptus-cloud.service': [8773, 8777],
  'eucalyptus-cluster.service': [8774],
  'eucalyptus-node.service': [8775],
  'eucaconsole.service': [8888, 443],
};

export function unitName(name) {
  const full = /\.(service|target|socket|timer|mount|path)$/.test(name) ? name : `${name}.service`;
  return ALIASES[full] ?? full;
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
    if (units[n]?.pid) killListener(units[n].pid);
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

function killListener(pid) {
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGTERM');
      return;
    } catch {
      /* already gone */
    }
  }
}

const LISTENER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'listener.js');

/** Marks a unit active; a unit that serves ports gets a detached listener after its delay. */
export function startUnit(units, unit) {
  const u = units[unit];
  if (u.active && (u.pid === undefined || alive(u.pid))) return;
  const ports = portsOf(unit);
  const delay = delayOf(unit);
  u.active = true;
  u.startedAt = new Date().toISOString();
  u.readyAt = Date.now() + (ports.length > 0 ? delay : 0);
  delete u.pid;
  if (ports.length > 0) {
    const child = spawn(process.execPath, [LISTENER, String(delay), ...ports.map(String)], {
      detached: true,
      stdio: 'ignore',
    });
    child.unref();
    u.pid = child.pid;
  }
}

export function stopUnit(units, unit) {
  const u = units[unit];
  if (u.pid) killListener(u.pid);
  u.active = false;
  delete u.pid;
  delete u.startedAt;
  delete u.readyAt;
}

export function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** The unit is active and, if it serves ports, its delay has passed (what "the service answers" means here). */
export function unitReady(unit) {
  const u = loadUnits()[unit];
  if (!u?.active) return false;
  if (u.pid !== undefined && !alive(u.pid)) return false;
  return (u.readyAt ?? 0) <= Date.now();
}
