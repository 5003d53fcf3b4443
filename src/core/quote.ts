/**
 * Quoting per target format. Every value from the answers reaches a shell snippet or a rendered file
 * only through one of these, chosen for the format that reads it.
 */
import yaml from 'js-yaml';

/** A word for bash: left bare when it holds only characters no shell treats specially, else single-quoted. */
export function shellWord(value: string | number): string {
  const text = String(value);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** An argv array as one bash command line. */
export function shellCommand(argv: readonly (string | number)[]): string {
  return argv.map(shellWord).join(' ');
}

/**
 * A double-quoted value for files that bash sources (eucalyptus.conf, ifcfg-*): inside double quotes
 * only \ " $ and ` are special, so escaping those four gives back the literal value.
 */
export function shellDoubleQuoted(value: string | number): string {
  return `"${String(value).replace(/[\\"$`]/g, (c) => `\\${c}`)}"`;
}

export function jsonValue(value: unknown): string {
  return JSON.stringify(value);
}

/** A YAML scalar or flow collection on one line. */
export function yamlValue(value: unknown): string {
  return yaml.dump(value, { flowLevel: 0, lineWidth: -1 }).trimEnd();
}

/**
 * A value for yum's INI files. Yum's parser has no quoting: the value runs to the end of the line and
 * surrounding blanks are dropped, so a value with a line break or edge blanks cannot be written safely.
 */
export function iniValue(value: string | number): string {
  const text = String(value);
  if (/[\r\n]/.test(text) || text.trim() !== text) {
    throw new Error(
      `cannot write ${JSON.stringify(text)} to an INI file: line breaks and edge blanks do not survive`,
    );
  }
  return text;
}
