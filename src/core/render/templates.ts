/**
 * Loading and compiling the ejs templates under templates/<release templateDir>/, with the options that
 * keep ejs's HTML escaping out of every file.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ejs from 'ejs';
import { TemplateValueError } from './opaque.js';

/** The names a template sees (see ./view.ts). */
export const viewNames = [
  'answers',
  'context',
  'release',
  'net',
  'urls',
  'locations',
  'file',
  'sh',
  'json',
  'yaml',
  'ini',
  'iniSection',
  'word',
  'text',
  'plain',
  'is',
] as const;

export type View = Record<(typeof viewNames)[number], unknown>;
export type CompiledTemplate = (view: View) => string;

/**
 * ejs's default escaping is for HTML (`'` becomes `&#39;`), which no config file wants. Templates write
 * with `<%- helper(value) %>`, the helper quoting for the file's format; `<%=` is refused when a template
 * compiles, and the escape function left in place only turns values into text (ejs also passes file names
 * through it when it reports an error).
 */
const noEscaping = (value: unknown): string => String(value);

/** Compiles template text; `filename` appears in errors (ejs adds the template line). */
export function compileTemplate(source: string, filename: string): CompiledTemplate {
  const escaped = /<%=/.exec(source);
  if (escaped !== null) {
    const line = source.slice(0, escaped.index).split('\n').length;
    throw new TemplateValueError(
      `${filename}:${line}: templates write with <%- helper(value) %>; <%= would HTML-escape the value`,
    );
  }
  const compiled = ejs.compile(source, {
    filename,
    strict: true,
    _with: false,
    localsName: 'view',
    destructuredLocals: [...viewNames],
    escape: noEscaping,
    async: false,
  });
  return (view) => compiled(view);
}

/** The package root: the nearest directory above this module with a package.json (works from src/ and dist/). */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir)
      throw new Error('cannot find the cloud-in-a-box package root (no package.json above the renderer)');
    dir = parent;
  }
  return dir;
}

let templatesRoot: string | undefined;
const cache = new Map<string, CompiledTemplate>();

/** The compiled template at templates/<templateDir>/<name>; read once per process. */
export function loadTemplate(templateDir: string, name: string): CompiledTemplate {
  templatesRoot ??= path.join(packageRoot(), 'templates');
  const file = path.join(templatesRoot, templateDir, name);
  let template = cache.get(file);
  if (template === undefined) {
    template = compileTemplate(readFileSync(file, 'utf8'), file);
    cache.set(file, template);
  }
  return template;
}
