#!/usr/bin/env node
// A reboot of the simulated host, as far as the emulation goes (run with node inside the host; SimHost.reboot):
// every unit's processes end, SELinux comes up in the mode /etc/selinux/config names (as at boot; a disabled
// host stays disabled: enabling it takes a relabel), and systemd starts the enabled units. network.service is
// left alone: the network namespace, its links and addresses are not rebooted.
import { fileURLToPath } from 'node:url';
import { fileExists, readHostFile } from './common.js';
import { loadSelinux, saveSelinux } from './selinux.js';
import { loadUnits, saveUnits, startUnit, stopUnit } from './units.js';

const CONFIG_MODES = { enforcing: 'Enforcing', permissive: 'Permissive', disabled: 'Disabled' };

export function reboot() {
  const units = loadUnits();
  const booted = Object.keys(units).filter((u) => u !== 'network.service');
  for (const u of booted) stopUnit(units, u);
  const selinux = loadSelinux();
  const configured = fileExists('/etc/selinux/config')
    ? /^SELINUX=(\w+)/m.exec(readHostFile('/etc/selinux/config'))?.[1]
    : undefined;
  const next = CONFIG_MODES[configured];
  if (next !== undefined && (selinux.mode !== 'Disabled' || next === 'Disabled')) selinux.mode = next;
  saveSelinux(selinux);
  for (const u of booted) if (units[u].enabled === 'enabled') startUnit(units, u, { boot: true });
  saveUnits(units);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) reboot();
