import type { Position } from './locate.js';

/** One thing wrong (or worth a warning) in a set of answers. */
export interface Problem {
  path: readonly (string | number)[];
  /** a predicate about the value: "is outside the host subnet ...; use ..." */
  message: string;
  severity: 'error' | 'warning';
  /** the offending value, absent for secrets and missing keys */
  value?: unknown;
  position?: Position;
}

export const dotted = (path: readonly (string | number)[]): string =>
  path.reduce<string>(
    (out, seg) => (typeof seg === 'number' ? `${out}[${seg}]` : out ? `${out}.${seg}` : seg),
    '',
  );
