/** Read-only rpm queries (the package database, never a transaction). */
import { parseRpmQuery, RPM_QUERY_FORMAT } from '../../core/facts/rpm.js';
import type { InstalledPackage } from '../../core/facts/types.js';
import type { QueryOptions } from './tool.js';
import { runQuery, succeeded } from './tool.js';

/** Installed packages whose names match any of the globs (`eucalyptus*`, `NetworkManager`). */
export async function listInstalledPackages(
  patterns: readonly string[],
  options: QueryOptions = {},
): Promise<InstalledPackage[]> {
  const args = ['-qa', '--qf', RPM_QUERY_FORMAT, ...patterns];
  const result = await runQuery('rpm', args, options);
  // rpm -qa exits 0 with no output when nothing matches; a non-zero exit means the database is unusable.
  return parseRpmQuery(succeeded(result, ['rpm', '-qa', ...patterns].join(' ')));
}
