/** The answers the schema marks secret (`secret: true` in ./schema.ts): their values, and the answers without them. */
import { leafFields } from './fields.js';
import type { Answers } from './schema.js';

/** What stands where a secret was. */
export const REDACTED = '[redacted]';

const secretPaths = (): (readonly string[])[] =>
  leafFields()
    .filter((field) => field.info.secret === true)
    .map((field) => field.path);

function valueAt(answers: Answers, path: readonly string[]): unknown {
  let value: unknown = answers;
  for (const key of path) value = (value as Record<string, unknown> | undefined)?.[key];
  return value;
}

/** The secret answers' values, to mask wherever output is written. */
export function secretsOf(answers: Answers): string[] {
  return secretPaths()
    .map((path) => valueAt(answers, path))
    .filter((value): value is string => typeof value === 'string' && value !== '');
}

/** A copy of ANSWERS with every secret that is set replaced by REDACTED. */
export function redactedAnswers(answers: Answers): Answers {
  const copy = structuredClone(answers);
  for (const path of secretPaths()) {
    const parent = valueAt(copy, path.slice(0, -1)) as Record<string, unknown> | undefined;
    const key = path.at(-1);
    if (parent !== undefined && key !== undefined && typeof parent[key] === 'string') parent[key] = REDACTED;
  }
  return copy;
}
