// What the real RPMs lay down on the host when the fake yum installs a package, and what rpm takes away when
// it removes one. Apart from lib/packages.js (the catalogue and the rpm database) because laying down the
// console and the units needs lib/console.js and lib/units.js, and the console reads the rpm database.
import fs from 'node:fs';
import { chownTo, fileExists, hostPath, readHostFile, statePath, writeHostFile } from './common.js';
import { layDownConsole, takeAwayConsole } from './console.js';
import { BASE_INSTALLED, CATALOGUE } from './packages.js';
import { addUnits, removeUnits } from './units.js';

// The stock 4.4 /etc/eucalyptus/eucalyptus.conf as packaged: the template E44 `tools/eucalyptus.conf`
// (eucalyptus/eucalyptus maint-4.4) with the spec's %install substitutions EUCALYPTUS="/",
// HYPERVISOR="kvm", INSTANCE_PATH="/var/lib/eucalyptus/instances" (SPEC maint-4.4). Comments abridged.
const STOCK_EUCALYPTUS_CONF = `###########################################################################
# GLOBAL CONFIGURATION
###########################################################################

# Where Eucalyptus is installed
EUCALYPTUS="/"

# The user Eucalyptus runs as
EUCA_USER="eucalyptus"

# Extra options for the eucalyptus-cloud process
CLOUD_OPTS=""

###########################################################################
# CLUSTER CONTROLLER (CC) / NODE CONTROLLER (NC) SHARED CONFIGURATION
###########################################################################

#LOGLEVEL="INFO"

# The TCP port the NC listens on (and the CC contacts NCs on)
NC_PORT="8775"

###########################################################################
# CLUSTER CONTROLLER (CC) CONFIGURATION
###########################################################################

CC_PORT="8774"
SCHEDPOLICY="ROUNDROBIN"

# A space-separated list of the NCs' IP addresses (clusteradmin-register-nodes edits it)
NODES=""

NC_SERVICE="axis2/services/EucalyptusNC"

###########################################################################
# NODE CONTROLLER (NC) CONFIGURATION
###########################################################################

HYPERVISOR="kvm"
USE_VIRTIO_ROOT="1"
USE_VIRTIO_DISK="1"
USE_VIRTIO_NET="1"
#MAX_CORES="0"
INSTANCE_PATH="/var/lib/eucalyptus/instances"

###########################################################################
# NETWORKING CONFIGURATION
###########################################################################

VNET_MODE="MANAGED-NOVLAN"
VNET_PRIVINTERFACE="eth0"
VNET_PUBINTERFACE="eth0"
VNET_BRIDGE="br0"
VNET_DHCPDAEMON="/usr/sbin/dhcpd"
`;

// /etc/eucaconsole/console.ini as the eucaconsole RPM ships it (abridged; the [app:main] ufshost line is the
// one the install guide edits: D44 shared/console_config_server_address.dita).
const STOCK_CONSOLE_INI = `[app:main]
use = egg:eucaconsole
pyramid.reload_templates = false
pyramid.default_locale_name = en

# The host of the user-facing services (UFS)
ufshost = localhost
ufsport = 8773

session.secure = true
session.timeout = 1800

[server:main]
use = egg:waitress#main
host = 0.0.0.0
port = 8888
`;

function unitFile(unit, description, exec) {
  return `[Unit]\nDescription=${description}\nAfter=network.target\n\n[Service]\nExecStart=${exec}\n\n[Install]\nWantedBy=multi-user.target\n`;
}

function ensureLine(p, line, key) {
  let text = '';
  try {
    text = readHostFile(p);
  } catch {
    /* absent */
  }
  if (text.split('\n').some((l) => l.split(':')[0] === key)) return;
  if (text !== '' && !text.endsWith('\n')) text += '\n';
  writeHostFile(p, text + line + '\n', 0o644);
}

/** The eucalyptus user and group, as the eucalyptus RPM's %pre creates them (SPEC: useradd -r). */
function ensureEucalyptusUser() {
  ensureLine('/etc/group', 'eucalyptus:x:989:', 'eucalyptus');
  ensureLine(
    '/etc/passwd',
    'eucalyptus:x:993:989:Eucalyptus:/var/lib/eucalyptus:/sbin/nologin',
    'eucalyptus',
  );
}

function mkdirOwned(p, user, mode = 0o755) {
  fs.mkdirSync(hostPath(p), { recursive: true });
  fs.chmodSync(hostPath(p), mode);
  chownTo(p, user);
}

/** Lays down a package's files (what the RPM would) and registers its units. */
export function layDown(name) {
  const p = CATALOGUE[name];
  if (p.eucalyptusBase) {
    ensureEucalyptusUser();
    mkdirOwned('/var/lib/eucalyptus', 'eucalyptus');
    mkdirOwned('/var/lib/eucalyptus/keys', 'eucalyptus', 0o700);
    mkdirOwned('/var/log/eucalyptus', 'eucalyptus');
    mkdirOwned('/var/run/eucalyptus', 'eucalyptus');
    if (!fileExists('/etc/eucalyptus/eucalyptus.conf'))
      writeHostFile('/etc/eucalyptus/eucalyptus.conf', STOCK_EUCALYPTUS_CONF);
  }
  for (const [file, text] of Object.entries(p.configFiles?.() ?? {}))
    if (!fileExists(file)) writeHostFile(file, text);
  if (p.console && !fileExists('/etc/eucaconsole/console.ini'))
    writeHostFile('/etc/eucaconsole/console.ini', STOCK_CONSOLE_INI);
  if (p.console) layDownConsole();
  for (const unit of p.units ?? []) {
    if (p.repo === 'base' && BASE_INSTALLED[name]) continue;
    const path = `/usr/lib/systemd/system/${unit}`;
    if (!fileExists(path))
      writeHostFile(path, unitFile(unit, `${name} ${unit}`, `/usr/sbin/${unit.replace(/\.service$/, '')}`));
  }
  if (p.units) addUnits(p.units);
}

/** Removes what layDown added; config files the admin changed are kept as .rpmsave, like rpm. */
export function takeAway(name) {
  const p = CATALOGUE[name];
  if (p === undefined) return;
  for (const unit of p.units ?? []) {
    if (p.repo === 'base' && BASE_INSTALLED[name]) continue;
    fs.rmSync(hostPath(`/usr/lib/systemd/system/${unit}`), { force: true });
  }
  if (p.units) removeUnits(p.units);
  if (p.libvirt) fs.rmSync(statePath('libvirt.json'), { force: true });
  if (p.eucalyptusBase) {
    const conf = '/etc/eucalyptus/eucalyptus.conf';
    if (fileExists(conf) && readHostFile(conf) !== STOCK_EUCALYPTUS_CONF) {
      fs.renameSync(hostPath(conf), hostPath(`${conf}.rpmsave`));
    } else {
      fs.rmSync(hostPath(conf), { force: true });
    }
  }
  for (const [file, text] of Object.entries(p.configFiles?.() ?? {})) {
    if (fileExists(file) && readHostFile(file) !== text)
      fs.renameSync(hostPath(file), hostPath(`${file}.rpmsave`));
    else fs.rmSync(hostPath(file), { force: true });
  }
  if (p.console) {
    takeAwayConsole();
    const ini = '/etc/eucaconsole/console.ini';
    if (fileExists(ini) && readHostFile(ini) !== STOCK_CONSOLE_INI)
      fs.renameSync(hostPath(ini), hostPath(`${ini}.rpmsave`));
    else fs.rmSync(hostPath(ini), { force: true });
  }
}
