/** SELinux mode: `getenforce`, /sys/fs/selinux/enforce, and /etc/selinux/config. */
import type { SelinuxMode } from './types.js';
import { parseShellVars } from './shell-vars.js';

function asMode(word: string | undefined): SelinuxMode | undefined {
  const w = word?.trim().toLowerCase();
  return w === 'enforcing' || w === 'permissive' || w === 'disabled' ? w : undefined;
}

/** `getenforce` prints Enforcing, Permissive or Disabled. */
export function parseGetenforce(text: string): SelinuxMode | undefined {
  return asMode(text.split('\n')[0]);
}

/** /sys/fs/selinux/enforce holds 1 (enforcing) or 0 (permissive); its absence means disabled. */
export function parseSelinuxEnforce(text: string): SelinuxMode | undefined {
  const value = text.trim();
  return value === '1' ? 'enforcing' : value === '0' ? 'permissive' : undefined;
}

export interface SelinuxConfig {
  mode: SelinuxMode | undefined;
  type: string | undefined;
}

/** /etc/selinux/config: `SELINUX=enforcing`, `SELINUXTYPE=targeted`. */
export function parseSelinuxConfig(text: string): SelinuxConfig {
  const vars = parseShellVars(text);
  return { mode: asMode(vars.SELINUX), type: vars.SELINUXTYPE };
}
