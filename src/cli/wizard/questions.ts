/**
 * The wizard's questions, as data: which answers fields a user decides, in the order they are asked.
 * Everything else about a question comes from the answers schema (description, hint, kind, choices,
 * whether empty means "none"), and its wording from src/core/messages.ts; validation is validateAnswers.
 */
import type { z } from 'zod';
import { info, schemaAt, unwrap } from '../../core/answers/fields.js';
import { isSecret } from '../../core/answers/fields.js';
import { messages } from '../../core/messages.js';
import type { Tree } from './tree.js';
import { getPath } from './tree.js';

export type QuestionKind = 'text' | 'list' | 'ranges' | 'choice' | 'yesno' | 'password';

interface QuestionSpec {
  path: readonly string[];
  /** address lists also take a CIDR block or a comma-separated list (converted to the schema's ranges) */
  ranges?: true;
  /** asked only when this holds for the answers so far */
  when?: (answers: Tree) => boolean;
}

/** The order of the issue: release, host, network, cloud, storage, admin, NTP. */
const specs: readonly QuestionSpec[] = [
  { path: ['release'] },
  { path: ['host', 'hostname'] },
  { path: ['network', 'interface'] },
  { path: ['network', 'address'] },
  { path: ['network', 'gateway'] },
  { path: ['network', 'dns'] },
  { path: ['cloud', 'publicIps'], ranges: true },
  { path: ['cloud', 'privateIps'], ranges: true },
  { path: ['cloud', 'zone'] },
  { path: ['cloud', 'dnsDomain'] },
  { path: ['cloud', 'extraServices'] },
  { path: ['storage', 'instancePath'] },
  { path: ['storage', 'blockStorage'] },
  { path: ['storage', 'dasDevice'], when: (a) => getPath(a, ['storage', 'blockStorage']) === 'das' },
  { path: ['host', 'selinux'] },
  { path: ['admin', 'password'] },
  { path: ['host', 'ntpServers'] },
];

export interface Question {
  path: readonly string[];
  /** the dotted path: the question's name in prompts, tests and the wording table */
  key: string;
  label: string;
  description: string;
  hint?: string;
  kind: QuestionKind;
  /** the values a choice question offers, from the schema's enum */
  choices: readonly string[];
  /** an empty answer means null (the schema's "none"; e.g. a generated password) */
  nullable: boolean;
  when: (answers: Tree) => boolean;
}

function kindOf(spec: QuestionSpec, schema: z.ZodType): QuestionKind {
  if (isSecret(spec.path)) return 'password';
  const type = unwrap(schema)._zod.def.type;
  if (type === 'enum') return 'choice';
  if (type === 'boolean') return 'yesno';
  if (type === 'array') return spec.ranges ? 'ranges' : 'list';
  return 'text';
}

function isNullable(schema: z.ZodType): boolean {
  let s: z.ZodType = schema;
  for (;;) {
    const def = s._zod.def as { type: string; innerType?: z.ZodType };
    if (def.type === 'nullable') return true;
    if (def.innerType === undefined) return false;
    s = def.innerType;
  }
}

function toQuestion(spec: QuestionSpec): Question {
  const schema = schemaAt(spec.path);
  if (schema === undefined) throw new Error(`wizard question ${spec.path.join('.')} is not in the schema`);
  const key = spec.path.join('.');
  const meta = info(schema);
  const inner = unwrap(schema) as z.ZodType & { options?: readonly unknown[] };
  return {
    path: spec.path,
    key,
    label: messages.wizardLabels[key] ?? key,
    description: meta.description,
    ...(meta.hint === undefined ? {} : { hint: meta.hint }),
    kind: kindOf(spec, schema),
    choices: (inner.options ?? []).map(String),
    nullable: isNullable(schema),
    when: spec.when ?? (() => true),
  };
}

export const questions: readonly Question[] = specs.map(toQuestion);

export const questionFor = (key: string): Question | undefined => questions.find((q) => q.key === key);

/** Whether a problem at this path belongs to a question (the question's own value or one of its items). */
export const questionOwning = (path: readonly (string | number)[]): Question | undefined =>
  questions.find((q) => q.path.every((segment, i) => path[i] === segment));
