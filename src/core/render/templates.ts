/**
 * The one template loader: every ejs template of the package (the release's files under templates/, the
 * kickstart under kickstart/, the boot menus under iso/) is read and compiled here, with the options that
 * keep ejs's HTML escaping out of every file. What a template sees is built by ./view.ts.
 */
import { readFileSync } from 'node:fs';
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

const cache = new Map<string, CompiledTemplate>();

/**
 * The compiled template in FILE, an absolute path (a release's templates, or the package's own through
 * packageFile: packageFile('kickstart', 'kickstart.cfg.ejs')); read and compiled once per process.
 */
export function loadTemplate(file: string): CompiledTemplate {
  let template = cache.get(file);
  if (template === undefined) {
    template = compileTemplate(readFileSync(file, 'utf8'), file);
    cache.set(file, template);
  }
  return template;
}
