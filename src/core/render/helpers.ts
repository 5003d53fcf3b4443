/**
 * The quoting helpers templates write values with, one per target format. Each takes a wrapped value
 * (./opaque.ts) or a literal from the template and returns text that the file's reader turns back into
 * exactly that value, or throws when the format cannot hold it.
 */
import { iniValue, jsonValue, shellDoubleQuoted, yamlValue } from '../quote.js';
import { Opaque, TemplateValueError, reveal, revealDeep } from './opaque.js';

// C0 controls, DEL and C1 controls: line breaks end a config line, escape sequences rewrite a terminal.
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u001f\u007f-\u009f]/;

/** Names a value in an error by where it came from, so that a secret never lands in a message or log. */
const named = (value: unknown): string =>
  value instanceof Opaque ? value.label : `the template's literal ${JSON.stringify(String(reveal(value)))}`;

/** A double-quoted value for files bash sources (eucalyptus.conf, ifcfg-*). */
const sh = (value: unknown): string => shellDoubleQuoted(reveal(value));

/**
 * JSON for a value, a list or a record of wrapped values: on one line, or pretty-printed (two spaces per
 * level) when given the column the value starts at, so that it nests inside a hand-written document.
 */
const json = (value: unknown, column?: number): string => {
  const data = revealDeep(value);
  if (data === undefined) throw new TemplateValueError('json() got nothing to write');
  return column === undefined
    ? jsonValue(data)
    : JSON.stringify(data, null, 2).replace(/\n/g, `\n${' '.repeat(column)}`);
};

/** A YAML scalar or flow collection on one line. */
const yaml = (value: unknown): string => yamlValue(revealDeep(value));

/** A value after `key = ` in an INI file (yum, euca2ools): no quoting exists, so line breaks are refused. */
const ini = (value: unknown): string => {
  const text = String(reveal(value));
  if (/[\r\n]/.test(text) || text.trim() !== text) {
    throw new TemplateValueError(
      `${named(value)} cannot be an INI value: line breaks and edge blanks do not survive`,
    );
  }
  return iniValue(text);
};

/** The name inside an INI section header `[...]`. */
const iniSection = (value: unknown): string => {
  const text = ini(value);
  if (text.includes(']') || text === '')
    throw new TemplateValueError(`${named(value)} cannot name an INI section`);
  return text;
};

/**
 * A word in a whitespace-separated format without quoting (/etc/hosts, chrony.conf): host names and
 * addresses. Blanks, comment characters and control characters cannot be written there.
 */
const word = (value: unknown): string => {
  const text = String(reveal(value));
  if (text === '' || /[\s#;!%"'\\]/.test(text) || controlCharacters.test(text)) {
    throw new TemplateValueError(`${named(value)} cannot be written as a single word`);
  }
  return text;
};

/** Text for people (the summary): one line, nothing that a terminal would interpret. */
const text = (value: unknown): string => {
  const written = String(reveal(value));
  if (controlCharacters.test(written)) {
    throw new TemplateValueError(`${named(value)} holds control characters; it cannot be shown as text`);
  }
  return written;
};

/**
 * The value itself, for files whose whole content is one value (the admin password file). The file's
 * reader takes everything but the final newline, so any value survives, line breaks included.
 */
const plain = (value: unknown): string => String(reveal(value));

/**
 * Compares a wrapped value with a literal, for branching on enums (`is(answers.storage.blockStorage, 'das')`):
 * `===` on a wrapper is always false, and `==` throws.
 */
const is = (value: unknown, literal: string | number): boolean => reveal(value) === literal;

export const helpers = { sh, json, yaml, ini, iniSection, word, text, plain, is } as const;
export type Helpers = typeof helpers;
