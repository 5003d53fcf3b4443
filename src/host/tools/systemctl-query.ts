/** Read-only systemctl queries (units' state; starting and stopping belong to the plan). */
import { parseSystemctlShow, UNIT_PROPERTIES } from '../../core/facts/systemd.js';
import type { UnitState } from '../../core/facts/types.js';
import type { QueryOptions } from './tool.js';
import { queryOutput } from './tool.js';

/** One state per unit, in the order asked; unknown units come back with loadState `not-found`. */
export async function showUnitStates(
  units: readonly string[],
  options: QueryOptions = {},
): Promise<UnitState[]> {
  if (units.length === 0) return [];
  const stdout = await queryOutput(
    'systemctl',
    ['show', `--property=${UNIT_PROPERTIES.join(',')}`, '--', ...units],
    options,
  );
  return parseSystemctlShow(stdout, units);
}
