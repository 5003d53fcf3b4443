/**
 * The one validation of answers, used by `answers validate`, the answers file loader and the wizard
 * (which validates each typed value by validating the whole candidate answers).
 */
import yaml from 'js-yaml';
import type { z } from 'zod';
import { crossFieldProblems } from './cross-checks.js';
import { holdsSecret, info, keysAt, schemaAt, unwrap } from './fields.js';
import type { PositionMap } from './locate.js';
import { locate, oddIndentation, pathKey } from './locate.js';
import type { Problem } from './problems.js';
import type { AnswersModel } from './model.js';
import { deriveModel } from './model.js';
import type { Answers } from './schema.js';
import { answersSchema } from './schema.js';

export interface Validation {
  /** present only when there is no error (warnings may remain) */
  answers?: Answers;
  /** the answers' model (./model.ts), present with them: what every consumer of valid answers takes */
  model?: AnswersModel;
  problems: Problem[];
}

/** Validates the text of an answers file: YAML syntax, schema, cross-field rules, with line and column. */
export function validateAnswersText(text: string): Validation {
  let raw: unknown;
  let positions: PositionMap;
  try {
    raw = yaml.load(text);
    positions = locate(text);
  } catch (error) {
    return { problems: [syntaxProblem(text, error)] };
  }
  if (raw === undefined || raw === null) {
    return {
      problems: [
        { path: [], severity: 'error', message: 'is empty; start from `cloud-in-a-box answers init`' },
      ],
    };
  }
  return validateAnswers(raw, positions);
}

function syntaxProblem(text: string, error: unknown): Problem {
  const mark = error instanceof yaml.YAMLException ? error.mark : undefined;
  const reason = error instanceof yaml.YAMLException ? error.reason : String(error);
  const odd = mark && reason.startsWith('bad indentation') ? oddIndentation(text, mark.line + 1) : undefined;
  if (odd !== undefined) {
    const spaces = (n: number): string => `${n} space${n === 1 ? '' : 's'}`;
    return {
      path: [],
      severity: 'error',
      message: `is not valid YAML: this line is indented by ${spaces(odd.indent)}, the next one by ${spaces(odd.expected)}; keys of one section line up`,
      position: odd.position,
    };
  }
  return {
    path: [],
    severity: 'error',
    message: `is not valid YAML: ${reason}`,
    ...(mark ? { position: { line: mark.line + 1, column: mark.column + 1 } } : {}),
  };
}

/** Validates answers already loaded into plain data. */
export function validateAnswers(raw: unknown, positions?: PositionMap): Validation {
  const parsed = answersSchema.safeParse(raw);
  const schemaProblems = parsed.success ? [] : parsed.error.issues.flatMap((issue) => fromIssue(issue, raw));
  const invalid = schemaProblems.map((p) => pathKey(p.path));
  const isValid = (path: (string | number)[]) => {
    const key = pathKey(path);
    return !invalid.some(
      (bad) => bad === key || bad.startsWith(key + '\u0000') || key.startsWith(bad + '\u0000'),
    );
  };
  const problems = [...schemaProblems, ...crossFieldProblems(raw, isValid)].map((problem) => ({
    ...problem,
    ...valueOf(raw, problem),
    ...positionOf(positions, problem),
  }));
  problems.sort((a, b) => (a.position?.line ?? 0) - (b.position?.line ?? 0));
  const ok = parsed.success && !problems.some((p) => p.severity === 'error');
  return ok ? { answers: parsed.data, model: deriveModel(parsed.data), problems } : { problems };
}

function fromIssue(issue: z.core.$ZodIssue, raw: unknown): Problem[] {
  const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
  if (issue.code === 'unrecognized_keys') {
    return issue.keys.map((key) => ({
      path: [...path, key],
      severity: 'error',
      message: unknownKeyMessage(path, key),
    }));
  }
  const given = valueAt(raw, path);
  if (issue.code === 'invalid_type' && (given === undefined || given === null)) {
    return [{ path, severity: 'error', message: missingMessage(path) }];
  }
  return [{ path, severity: 'error', message: issueMessage(issue, path) }];
}

function issueMessage(issue: z.core.$ZodIssue, path: readonly (string | number)[]): string {
  const example = exampleFor(path);
  switch (issue.code) {
    case 'invalid_type':
      return `must be ${typeNames[issue.expected] ?? issue.expected}${example}`;
    case 'invalid_value':
      return isEnum(path)
        ? `must be one of: ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
        : `must be ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}`;
    case 'too_small':
      return issue.origin === 'array'
        ? `must list at least ${String(issue.minimum)} entry${example}`
        : issue.message;
    default:
      return issue.message;
  }
}

const isEnum = (path: readonly (string | number)[]): boolean => {
  const schema = schemaAt(path);
  return schema !== undefined && unwrap(schema)._zod.def.type === 'enum';
};

const typeNames: Record<string, string> = {
  string: 'text',
  number: 'a number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a section of keys',
};

function exampleFor(path: readonly (string | number)[]): string {
  const schema = schemaAt(path);
  const example = schema === undefined ? undefined : info(schema).example;
  return example === undefined ? '' : `, e.g. ${yaml.dump(example, { flowLevel: 0 }).trim()}`;
}

function missingMessage(path: readonly (string | number)[]): string {
  const key = path.at(-1);
  const schema = schemaAt(path);
  const example = schema === undefined ? undefined : info(schema).example;
  return example === undefined
    ? 'is missing; add it'
    : `is missing; add it, e.g. ${String(key)}: ${yaml.dump(example, { flowLevel: 0 }).trim()}`;
}

function unknownKeyMessage(parent: readonly (string | number)[], key: string): string {
  const known = keysAt(parent);
  const guess = closest(key, known);
  return guess !== undefined
    ? `is not a known key; did you mean "${guess}"?`
    : `is not a known key; valid keys here: ${known.join(', ')}`;
}

/** The known key nearest to a misspelt one (edit distance at most 2, or the same ignoring case). */
function closest(key: string, known: readonly string[]): string | undefined {
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = candidate.toLowerCase() === key.toLowerCase() ? 0 : editDistance(key, candidate);
    if (distance <= 2 && (best === undefined || distance < best.distance))
      best = { key: candidate, distance };
  }
  return best?.key;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}

function valueAt(raw: unknown, path: readonly (string | number)[]): unknown {
  let current = raw;
  for (const segment of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<string | number, unknown>)[segment];
  }
  return current;
}

function valueOf(raw: unknown, problem: Problem): Pick<Problem, 'value'> {
  const value = valueAt(raw, problem.path);
  return value === undefined || mayHoldSecret(problem.path) || problem.path.length === 0 ? {} : { value };
}

/**
 * Values never shown in a problem: a secret, anything in a section that holds one (a secret typed into a
 * sibling key, or in place of the section), and the value of a key the schema does not know (a misspelt
 * secret's key).
 */
const mayHoldSecret = (path: readonly (string | number)[]): boolean =>
  schemaAt(path) === undefined || path.some((_, i) => holdsSecret(path.slice(0, i + 1)));

/** The position of the problem's value, or of its nearest ancestor that the file has (a missing key). */
function positionOf(positions: PositionMap | undefined, problem: Problem): Pick<Problem, 'position'> {
  if (problem.position !== undefined || positions === undefined) return {};
  const unknownKey = problem.message.startsWith('is not a known key');
  for (let i = problem.path.length; i >= 0; i--) {
    const key = pathKey(problem.path.slice(0, i));
    const position =
      (unknownKey && i === problem.path.length ? positions.get(key + '#key') : undefined) ??
      positions.get(key);
    if (position !== undefined) {
      return i < problem.path.length && i > 0
        ? { position: positions.get(key + '#key') ?? position }
        : { position };
    }
  }
  return {};
}
