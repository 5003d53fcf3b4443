/** `getenforce` (libselinux-utils): the running SELinux mode. */
import { parseGetenforce } from '../../core/facts/selinux.js';
import type { SelinuxMode } from '../../core/facts/types.js';
import type { QueryOptions } from './tool.js';
import { queryOutput } from './tool.js';

export async function getEnforce(options: QueryOptions = {}): Promise<SelinuxMode> {
  const stdout = await queryOutput('getenforce', [], options);
  const mode = parseGetenforce(stdout);
  if (mode === undefined) throw new Error(`getenforce printed ${JSON.stringify(stdout.trim())}`);
  return mode;
}
