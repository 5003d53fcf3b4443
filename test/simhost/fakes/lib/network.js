// A small but real ifdown/ifup for `systemctl restart|start|stop network`: reads the initscripts files
// /etc/sysconfig/network-scripts/ifcfg-* of the simulated root and applies them with the real `ip` tool
// inside the host's network namespace. Handled keys (initscripts' sysconfig.txt): DEVICE, TYPE=Bridge,
// BRIDGE=, ONBOOT, BOOTPROTO (static/none; dhcp is refused), IPADDR, PREFIX, NETMASK, GATEWAY, DEFROUTE, HWADDR.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { hostPath, loadState, saveState, sleep, statePath, writeFileAtomic } from './common.js';

const DIR = '/etc/sysconfig/network-scripts';

function unquote(v) {
  const t = v.trim();
  if ((t.startsWith('"') && t.endsWith('"')) || (t.startsWith("'") && t.endsWith("'"))) return t.slice(1, -1);
  return t;
}

export function parseShellVars(text) {
  const vars = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const eq = line.indexOf('=');
    if (eq <= 0) continue;
    vars[line.slice(0, eq).trim()] = unquote(line.slice(eq + 1));
  }
  return vars;
}

/** The ifcfg files initscripts would read (it skips backups such as ~, .bak, .orig, .rpmsave, .rpmnew). */
export function readIfcfgs() {
  let names = [];
  try {
    names = fs.readdirSync(hostPath(DIR));
  } catch {
    return [];
  }
  return names
    .filter((n) => n.startsWith('ifcfg-') && !/(~|\.bak|\.orig|\.rpmsave|\.rpmnew|\.old)$/.test(n))
    .sort()
    .map((n) => {
      const vars = parseShellVars(fs.readFileSync(hostPath(`${DIR}/${n}`), 'utf8'));
      return { file: n, device: vars.DEVICE || n.slice('ifcfg-'.length), vars };
    })
    .filter((c) => c.device !== 'lo');
}

function ip(args) {
  const r = spawnSync('ip', args, { encoding: 'utf8' });
  return { ok: r.status === 0, stderr: (r.stderr || '') + (r.error ? String(r.error) : '') };
}

function linkExists(dev) {
  return ip(['link', 'show', 'dev', dev]).ok;
}

function macOf(dev) {
  const r = spawnSync('ip', ['-o', 'link', 'show', 'dev', dev], { encoding: 'utf8' });
  const m = /link\/ether ([0-9a-fA-F:]{17})/.exec(r.stdout || '');
  return m ? m[1].toLowerCase() : undefined;
}

function prefixOf(vars) {
  if (vars.PREFIX) return Number(vars.PREFIX);
  if (vars.NETMASK) {
    return vars.NETMASK.split('.')
      .map(Number)
      .reduce(
        (bits, octet) =>
          bits +
          octet
            .toString(2)
            .split('')
            .filter((b) => b === '1').length,
        0,
      );
  }
  return 24; // initscripts' ipcalc default for a class C address
}

const isBridge = (c) => (c.vars.TYPE ?? '').toLowerCase() === 'bridge';
const onboot = (c) => (c.vars.ONBOOT ?? 'yes').toLowerCase() !== 'no';

/**
 * ifdown every configured device: addresses flushed, bridge ports released, bridges deleted. Unlike
 * initscripts (which only knows the files present now), the devices the previous start brought up are taken
 * down too, as systemd stops what a unit started: so a bridge whose ifcfg file was removed goes away.
 */
export function networkStop(log) {
  const cfgs = readIfcfgs();
  const last = loadState('network.json', () => ({ devices: [], bridges: [] }));
  const devices = [...new Set([...cfgs.filter((x) => !isBridge(x)).map((c) => c.device), ...last.devices])];
  const bridges = [...new Set([...cfgs.filter(isBridge).map((c) => c.device), ...last.bridges])];
  for (const dev of devices.filter((d) => !bridges.includes(d))) {
    if (!linkExists(dev)) continue;
    ip(['addr', 'flush', 'dev', dev]);
    ip(['link', 'set', 'dev', dev, 'nomaster']);
    ip(['link', 'set', 'dev', dev, 'down']);
    log(`Shutting down interface ${dev}:  [  OK  ]`);
  }
  for (const dev of bridges) {
    if (!linkExists(dev)) continue;
    ip(['addr', 'flush', 'dev', dev]);
    ip(['link', 'set', 'dev', dev, 'down']);
    ip(['link', 'delete', 'dev', dev, 'type', 'bridge']);
    log(`Shutting down interface ${dev}:  [  OK  ]`);
  }
  saveState('network.json', { devices: [], bridges: [] });
}

/** ifup every ONBOOT device; returns the devices that failed. */
export function networkStart(log) {
  const cfgs = readIfcfgs().filter(onboot);
  const failed = [];
  ip(['link', 'set', 'dev', 'lo', 'up']);
  log('Bringing up loopback interface:  [  OK  ]');
  // Bridges first, so that their ports can join them.
  for (const c of cfgs.filter(isBridge)) {
    if (!linkExists(c.device)) {
      const r = ip(['link', 'add', 'name', c.device, 'type', 'bridge']);
      if (!r.ok) failed.push([c.device, r.stderr]);
    }
  }
  const order = [...cfgs.filter((c) => !isBridge(c)), ...cfgs.filter(isBridge)];
  for (const c of order) {
    const problem = ifup(c);
    if (problem) {
      failed.push([c.device, problem]);
      log(`Bringing up interface ${c.device}:  ${problem}\n[FAILED]`);
    } else {
      log(`Bringing up interface ${c.device}:  [  OK  ]`);
    }
  }
  saveState('network.json', {
    devices: cfgs.filter((c) => !isBridge(c)).map((c) => c.device),
    bridges: [
      ...new Set([
        ...cfgs.filter(isBridge).map((c) => c.device),
        ...cfgs.map((c) => c.vars.BRIDGE).filter(Boolean),
      ]),
    ],
  });
  const bridgeUp = cfgs.some(
    (c) => isBridge(c) && c.vars.IPADDR && !failed.some(([d]) => d === c.device) && linkExists(c.device),
  );
  const marker = statePath('events/bridge-up');
  if (bridgeUp) {
    writeFileAtomic(marker, new Date().toISOString() + '\n');
    // A test that makes the gateway fall silent "once the bridge is up" holds the restart here until its
    // watcher has acted (bridge-up.hold present), so that the outcome does not depend on timing.
    if (fs.existsSync(statePath('events/bridge-up.hold'))) {
      const until = Date.now() + 5000;
      while (!fs.existsSync(statePath('events/bridge-up.ack')) && Date.now() < until) sleep(20);
    }
  } else fs.rmSync(marker, { force: true });
  return failed;
}

function ifup(c) {
  const v = c.vars;
  if (!linkExists(c.device))
    return `Device ${c.device} does not seem to be present, delaying initialization.`;
  if (v.HWADDR && !isBridge(c)) {
    const mac = macOf(c.device);
    if (mac !== undefined && mac !== v.HWADDR.toLowerCase()) {
      return `Device ${c.device} has different MAC address than expected, ignoring.`;
    }
  }
  if (v.BRIDGE) {
    if (!linkExists(v.BRIDGE)) {
      const r = ip(['link', 'add', 'name', v.BRIDGE, 'type', 'bridge']);
      if (!r.ok) return r.stderr.trim();
    }
    const r = ip(['link', 'set', 'dev', c.device, 'master', v.BRIDGE]);
    if (!r.ok) return r.stderr.trim();
    ip(['link', 'set', 'dev', c.device, 'up']);
    return undefined;
  }
  if (
    / master \S+/.test(
      spawnSync('ip', ['-o', 'link', 'show', 'dev', c.device], { encoding: 'utf8' }).stdout || '',
    )
  ) {
    ip(['link', 'set', 'dev', c.device, 'nomaster']);
  }
  const proto = (v.BOOTPROTO ?? 'none').toLowerCase();
  if (proto === 'dhcp' || proto === 'bootp')
    return 'Determining IP information... failed (no DHCP in the simulated host).';
  let r = ip(['link', 'set', 'dev', c.device, 'up']);
  if (!r.ok) return r.stderr.trim();
  if (v.IPADDR) {
    r = ip(['addr', 'replace', `${v.IPADDR}/${prefixOf(v)}`, 'brd', '+', 'dev', c.device]);
    if (!r.ok) return r.stderr.trim();
  }
  if (v.GATEWAY && (v.DEFROUTE ?? 'yes').toLowerCase() !== 'no') {
    r = ip(['route', 'replace', 'default', 'via', v.GATEWAY, 'dev', c.device]);
    if (!r.ok) return `Error adding default gateway ${v.GATEWAY} for ${c.device}: ${r.stderr.trim()}`;
  }
  return undefined;
}
