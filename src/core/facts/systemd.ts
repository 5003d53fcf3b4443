/** `systemctl show --property=Id,LoadState,ActiveState,UnitFileState UNIT...`: one block per unit. */
import type { UnitState } from './types.js';
import { withOptional } from './optional.js';

export const UNIT_PROPERTIES = ['Id', 'LoadState', 'ActiveState', 'UnitFileState'] as const;

/** Blocks come in the order the units were asked for, separated by blank lines. */
export function parseSystemctlShow(text: string, asked: readonly string[]): UnitState[] {
  const blocks = text
    .split(/\n\s*\n/)
    .map((block) => {
      const props = new Map<string, string>();
      for (const line of block.split('\n')) {
        const eq = line.indexOf('=');
        if (eq > 0) props.set(line.slice(0, eq).trim(), line.slice(eq + 1).trim());
      }
      return props;
    })
    .filter((props) => props.size > 0);
  return blocks.map((props, i) => {
    const unitFileState = props.get('UnitFileState');
    return withOptional(
      {
        // systemd 219 reports Id as the name asked for, even for units it does not know.
        unit: props.get('Id') ?? asked[i] ?? '',
        loadState: props.get('LoadState') ?? 'unknown',
        activeState: props.get('ActiveState') ?? 'unknown',
      },
      { unitFileState: unitFileState === '' ? undefined : unitFileState },
    );
  });
}
