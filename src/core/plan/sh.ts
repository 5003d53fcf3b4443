/**
 * `sh` builds bash snippets from validated values: every interpolated value is quoted as one shell
 * word (arrays as several words), so an answer can never become shell syntax. Trusted bash written
 * by us is spliced in with `raw(...)`.
 */
import { shellWord } from '../quote.js';

class RawBash {
  constructor(readonly text: string) {}
}

export const raw = (text: string): RawBash => new RawBash(text);

type Value = string | number | RawBash | readonly (string | number)[];

export function sh(strings: TemplateStringsArray, ...values: Value[]): string {
  return strings.reduce((out, literal, i) => {
    const value = values[i - 1] as Value;
    const text =
      value instanceof RawBash
        ? value.text
        : Array.isArray(value)
          ? value.map(shellWord).join(' ')
          : shellWord(value as string | number);
    return out + text + literal;
  });
}

/** Joins snippets into one, each on its own line. */
export const lines = (...snippets: string[]): string => snippets.filter((s) => s !== '').join('\n');
