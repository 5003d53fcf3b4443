// SELinux of the simulated host: the running mode (seeded from /etc/selinux/config, as at boot) and the
// booleans. eucalyptus_storage_controller exists only once the eucalyptus-selinux policy is installed.
import { fileExists, loadState, readHostFile, saveState } from './common.js';
import { installedDb } from './packages.js';

const BASE_BOOLEANS = {
  httpd_can_network_connect: false,
  httpd_can_network_relay: false,
  virt_use_nfs: false,
  virt_sandbox_use_all_caps: true,
};

export function loadSelinux() {
  return loadState('selinux.json', () => {
    let mode = 'Enforcing';
    if (fileExists('/etc/selinux/config')) {
      const m = /^SELINUX=(\w+)/m.exec(readHostFile('/etc/selinux/config'));
      if (m)
        mode =
          { enforcing: 'Enforcing', permissive: 'Permissive', disabled: 'Disabled' }[m[1].toLowerCase()] ??
          'Enforcing';
    }
    return { mode, booleans: { ...BASE_BOOLEANS }, persistent: {} };
  });
}

export function saveSelinux(s) {
  saveState('selinux.json', s);
}

/** Booleans that exist now: the base policy's plus the eucalyptus-selinux module's when installed. */
export function knownBooleans(s) {
  const all = { ...s.booleans };
  if (installedDb()['eucalyptus-selinux'] !== undefined) all.eucalyptus_storage_controller ??= false;
  return all;
}
