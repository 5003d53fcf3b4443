/** /etc/sysconfig/network-scripts/ifcfg-<name>, as initscripts read them. */
import type { IfcfgFile } from './types.js';
import { withOptional } from './optional.js';
import { parseShellVars, shellBoolean } from './shell-vars.js';

/** `file` is the file name (ifcfg-eth0); its suffix is the DEVICE when the file does not say. */
export function parseIfcfg(file: string, text: string): IfcfgFile {
  const variables = parseShellVars(text);
  const name = file.replace(/^ifcfg-/, '');
  const prefix = variables.PREFIX ?? variables.PREFIX0;
  return withOptional(
    { file, name, variables, device: variables.DEVICE ?? name },
    {
      type: variables.TYPE,
      bootproto: variables.BOOTPROTO?.toLowerCase(),
      onboot: shellBoolean(variables.ONBOOT),
      nmControlled: shellBoolean(variables.NM_CONTROLLED),
      hwaddr: variables.HWADDR,
      bridge: variables.BRIDGE,
      ipaddr: variables.IPADDR ?? variables.IPADDR0,
      prefix: prefix === undefined || !/^\d+$/.test(prefix) ? undefined : Number(prefix),
      netmask: variables.NETMASK ?? variables.NETMASK0,
      gateway: variables.GATEWAY ?? variables.GATEWAY0,
    },
  );
}

/**
 * The file names initscripts treat as interface configurations: not backups or editor copies
 * (`ifcfg-eth0.bak`, `ifcfg-eth0~`, `.rpmsave`), not alias ranges (`ifcfg-eth0-range0`).
 */
export function isIfcfgFileName(file: string): boolean {
  if (!file.startsWith('ifcfg-') || file === 'ifcfg-') return false;
  if (/(~|\.(bak|old|orig|rpmnew|rpmorig|rpmsave|swp))$/.test(file)) return false;
  return !/-range\d*$/.test(file);
}
