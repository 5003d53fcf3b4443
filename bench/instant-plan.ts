/**
 * The real install plan (every task, in order, with its ids, hashes and the task protocol in bash) where
 * each task's check and apply are "instant tools" (a marker file under the state directory): what the
 * engine benchmarks run, so that what they measure is the engine, not the tools.
 */
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { validateAnswers } from '../src/core/answers/validate.js';
import { buildPlan } from '../src/core/plan/build.js';
import type { Plan } from '../src/core/plan/types.js';
import { getRelease } from '../src/core/release/index.js';

export function instantPlan(): Plan {
  const answers = validateAnswers(
    yaml.load(readFileSync(new URL('../test/fixtures/answers/example.yaml', import.meta.url), 'utf8')),
  ).answers;
  if (answers === undefined) throw new Error('the example answers do not validate');
  const real = buildPlan(answers, getRelease(answers.release), {}, 'ciab');
  return {
    ...real,
    tasks: real.tasks.map((task) => ({
      ...task,
      files: [],
      check: `[ -e "$CIAB_STATE/instant/${task.id}" ]`,
      // Builtins only once the directory exists (the first task makes it): the task's own work is next to
      // nothing, as Ansible's `shell: "true"` is, so what is left is the engine's.
      apply: `{ [ -d "$CIAB_STATE/instant" ] || mkdir -p "$CIAB_STATE/instant"; } && : > "$CIAB_STATE/instant/${task.id}"`,
      undo: undefined,
    })),
  };
}

/** The middle value (the mean of the two middle ones for an even count). */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** The value below which the fraction Q of VALUES lies (linear between neighbours, as numpy's default). */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const at = (sorted.length - 1) * q;
  const low = sorted[Math.floor(at)] ?? Number.NaN;
  const high = sorted[Math.ceil(at)] ?? Number.NaN;
  return low + (high - low) * (at - Math.floor(at));
}
