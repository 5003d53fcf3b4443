/**
 * The commented answers file: every key preceded by its description, values from the given answers
 * (defaults, host facts), `null` where the user must fill something in, and optional overrides
 * commented out.
 */
import yaml from 'js-yaml';
import { leafFields, sections } from './fields.js';

export const SCHEMA_FILE_NAME = 'answers.schema.json';

type Tree = Record<string, unknown>;

export function answersTemplate(values: Tree, schemaPath: string): string {
  const lines = [
    `# yaml-language-server: $schema=${schemaPath}`,
    '# cloud-in-a-box answers. Check it with: cloud-in-a-box answers validate FILE',
    '# Keys marked REQUIRED have no default: fill them in.',
  ];
  const fields = leafFields();
  for (const section of sections()) {
    lines.push('', ...comment(section.info.description, ''));
    if (!section.isObject) {
      lines.push(`${section.key}: ${flow(valueOr(values, [section.key], fields))}`);
      continue;
    }
    // An optional key that cannot be null stays commented out, showing its example, so that the file
    // validates as written and the user sees what an override looks like.
    const mine = fields
      .filter((f) => f.path[0] === section.key)
      .map((field) => {
        const value = valueOr(values, field.path, fields);
        const commented = value === null && !field.required && !field.schema.safeParse(null).success;
        return { field, value, commented };
      });
    // A section whose keys are all commented out would read as null, and `section: {}` takes no keys
    // below it: it is written as a flow mapping, `{` ... `}`, with a comma after each commented key, so
    // that removing the `# ` of any of them (or of several) leaves valid YAML that sets that key.
    const flowMapping = mine.every((m) => m.commented);
    lines.push(`${section.key}:${flowMapping ? ' {' : ''}`);
    for (const { field, value, commented } of mine) {
      const text =
        field.info.secret === true
          ? `${field.info.description} Secret: never printed or logged.`
          : field.info.description;
      lines.push(...comment(text + (field.required && value === null ? ' REQUIRED.' : ''), '  '));
      const key = field.path.slice(1).join('.');
      if (commented) {
        const example = field.info.example === undefined ? '' : ` ${flow(field.info.example)}`;
        lines.push(`  # ${key}:${example}${flowMapping ? ',' : ''}`);
      } else lines.push(`  ${key}: ${flow(value)}`);
    }
    if (flowMapping) lines.push('}');
  }
  return lines.join('\n') + '\n';
}

function valueOr(values: Tree, path: readonly string[], fields: ReturnType<typeof leafFields>): unknown {
  let current: unknown = values;
  for (const key of path) current = (current as Tree | undefined)?.[key];
  if (current !== undefined) return current;
  const field = fields.find((f) => f.path.join('.') === path.join('.'));
  return field?.defaultValue ?? null;
}

function flow(value: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0)
    return '{}';
  return yaml.dump(value, { flowLevel: 0, lineWidth: -1 }).trimEnd();
}

function comment(text: string, indent: string): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  let line = '';
  for (const word of words) {
    if (line.length + word.length > 100) {
      out.push(`${indent}# ${line.trimEnd()}`);
      line = '';
    }
    line += word + ' ';
  }
  if (line.trim()) out.push(`${indent}# ${line.trimEnd()}`);
  return out;
}

/** The published JSON Schema of the answers file, from the same zod schema. */
export async function answersJsonSchema(): Promise<string> {
  const { z } = await import('zod');
  const { answersShape } = await import('./schema.js');
  const schema = z.toJSONSchema(answersShape, {
    io: 'input',
    override: (ctx) => {
      const json = ctx.jsonSchema as Record<string, unknown>;
      // JSON Schema's own word for "never echo this value back" (draft 2019-09 meta-data vocabulary).
      if (json.secret === true) json.writeOnly = true;
      delete json.secret;
      if (json.example !== undefined) json.examples = [json.example];
      delete json.example;
      delete json.hint;
    },
  });
  return JSON.stringify({ ...schema, title: 'cloud-in-a-box answers, version 1' }, null, 2) + '\n';
}
