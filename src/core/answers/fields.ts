/**
 * Reading the answers schema as data: the field at a path, its metadata, every leaf field in order.
 * The wizard, the template, secret masking and error messages all walk the schema through these.
 */
import { z } from 'zod';
import type { FieldInfo } from './schema.js';
import { answersShape } from './schema.js';

export type FieldPath = readonly (string | number)[];

export interface Field {
  path: readonly string[];
  schema: z.ZodType;
  info: FieldInfo;
  /** the schema default, when it has one */
  defaultValue?: unknown;
  required: boolean;
}

type Def = {
  type: string;
  innerType?: z.ZodType;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  defaultValue?: unknown;
};
const def = (schema: z.ZodType): Def => schema._zod.def;
const wrappers = new Set(['default', 'prefault', 'optional', 'nullable', 'readonly']);

/** The schema without default/optional/nullable wrappers. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (wrappers.has(def(s).type)) {
    const inner = def(s).innerType;
    if (inner === undefined) break;
    s = inner;
  }
  return s;
}

export function info(schema: z.ZodType): FieldInfo {
  const meta = schema.meta();
  return { description: meta?.description ?? '', ...meta };
}

/** The field schema at a path (array indices step into the element), or undefined. */
export function schemaAt(path: FieldPath): z.ZodType | undefined {
  let current: z.ZodType | undefined = answersShape;
  for (const segment of path) {
    if (current === undefined) return undefined;
    const inner: Def = def(unwrap(current));
    if (inner.type === 'object' && typeof segment === 'string') current = inner.shape?.[segment];
    else if (inner.type === 'array' && typeof segment === 'number') current = inner.element;
    else return undefined;
  }
  return current;
}

export function keysAt(path: FieldPath): string[] {
  const schema = schemaAt(path);
  const inner = schema === undefined ? undefined : def(unwrap(schema));
  return inner?.type === 'object' ? Object.keys(inner.shape ?? {}) : [];
}

export function isSecret(path: FieldPath): boolean {
  for (let i = path.length; i > 0; i--) {
    const schema = schemaAt(path.slice(0, i));
    if (schema !== undefined && info(schema).secret === true) return true;
  }
  return false;
}

/** The field at `path` is a secret or a section with a secret among its fields. */
export function holdsSecret(path: FieldPath): boolean {
  const schema = schemaAt(path);
  return schema !== undefined && leafFields(schema).some((field) => field.info.secret === true);
}

function defaultOf(schema: z.ZodType): { has: boolean; value?: unknown } {
  let s = schema;
  while (wrappers.has(def(s).type)) {
    if (def(s).type === 'default') return { has: true, value: structuredClone(def(s).defaultValue) };
    if (def(s).type === 'optional' || def(s).type === 'nullable') return { has: true, value: undefined };
    s = def(s).innerType ?? s;
  }
  return { has: false };
}

/** Every leaf field in schema order, with sections flattened (the order users read the file in). */
export function leafFields(schema: z.ZodType = answersShape, prefix: string[] = []): Field[] {
  const inner = def(unwrap(schema));
  if (inner.type !== 'object' || inner.shape === undefined) {
    const d = defaultOf(schema);
    return [
      {
        path: prefix,
        schema,
        info: info(schema),
        ...(d.has ? { defaultValue: d.value } : {}),
        required: !d.has,
      },
    ];
  }
  return Object.entries(inner.shape).flatMap(([key, child]) => leafFields(child, [...prefix, key]));
}

/** Sections (top-level objects) with their descriptions. */
export function sections(): { key: string; info: FieldInfo; isObject: boolean }[] {
  return Object.entries(answersShape.shape).map(([key, schema]) => ({
    key,
    info: info(schema as z.ZodType),
    isObject: def(unwrap(schema as z.ZodType)).type === 'object',
  }));
}
