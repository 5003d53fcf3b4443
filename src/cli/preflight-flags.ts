/** --force-<id> for the fatal checks that declare a safe override; shared by `check` and `install`. */
import type { Command } from 'commander';
import { forceableIds } from '../core/preflight/evaluate.js';
import type { Overrides } from '../core/preflight/types.js';

/** commander's attribute name of a flag: --force-repositories -> forceRepositories */
const camel = (id: string): string => id.replace(/-([a-z])/g, (_m, c: string) => c.toUpperCase());

export function addForceFlags(command: Command): void {
  for (const id of forceableIds())
    command.option(`--force-${id}`, `go on although the fatal check ${id} fails (see cloud-in-a-box check)`);
}

export function overridesFrom(options: { accept?: string[]; [flag: string]: unknown }): Overrides {
  return {
    accept: options.accept ?? [],
    force: forceableIds().filter((id) => options[camel(`force-${id}`)] === true),
  };
}
