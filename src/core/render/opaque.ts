/**
 * Opaque template values. Every value a template gets from the answers (or computes from them) is wrapped,
 * and a wrapper refuses to become text on its own: `<%- value %>`, string concatenation and JSON.stringify
 * all throw. Only the quoting helpers (./helpers.ts) unwrap it, so a template cannot write an answer into a
 * file without choosing the quoting for that file's format.
 */

/** A template wrote a value without a quoting helper, or wrote something no format can hold. */
export class TemplateValueError extends Error {
  override readonly name = 'TemplateValueError';
}

const values = new WeakMap<Opaque, string | number>();

export class Opaque {
  /** where the value came from, for the error message; never the value itself (it may be a secret) */
  readonly label: string;
  constructor(value: string | number, label: string) {
    values.set(this, value);
    this.label = label;
  }
  private refuse(): never {
    throw new TemplateValueError(
      `template used a value without a quoting helper (${this.label}); write <%- sh(…) %>, json(…), ini(…), ` +
        'word(…), text(…) or plain(…)',
    );
  }
  toString(): string {
    return this.refuse();
  }
  valueOf(): never {
    return this.refuse();
  }
  toJSON(): never {
    return this.refuse();
  }
  [Symbol.toPrimitive](): never {
    return this.refuse();
  }
}

/** The value inside a wrapper; plain strings and numbers (template literals) pass through. */
export function reveal(value: unknown): string | number {
  if (value instanceof Opaque) return values.get(value) as string | number;
  if (typeof value === 'string' || typeof value === 'number') return value;
  throw new TemplateValueError(`a quoting helper got ${describe(value)}, not a single value`);
}

/** Unwraps lists and records of wrappers, for helpers that write structures (json, yaml). */
export function revealDeep(value: unknown): unknown {
  if (value instanceof Opaque) return reveal(value);
  if (Array.isArray(value)) return value.map(revealDeep);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.keys(value).map((k) => [k, revealDeep((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

/**
 * The template's view of a value: strings and numbers become wrappers, lists become lists of wrappers,
 * records become read-only views whose fields are wrapped when read (so reading stays lazy and the
 * dependency tracker in ./track.ts sees exactly what a template used). Booleans, null and undefined stay
 * as they are: templates branch on them, and none of them can carry text into a file.
 */
export function opaque(value: unknown, label: string): unknown {
  if (typeof value === 'string' || typeof value === 'number') return new Opaque(value, label);
  if (Array.isArray(value)) return Object.freeze(value.map((item, i) => opaque(item, `${label}[${i}]`)));
  if (typeof value === 'object' && value !== null) return recordView(value, label);
  return value;
}

/**
 * A read-only view of a record. The proxy's target is an empty object rather than the record itself, so
 * proxy invariants never force it to hand out a raw field (frozen data), and listing keys reads no values.
 */
function recordView(record: object, label: string): object {
  return new Proxy(Object.create(null) as object, {
    get: (_, key) =>
      typeof key === 'symbol' ? undefined : opaque(Reflect.get(record, key) as unknown, `${label}.${key}`),
    has: (_, key) => Reflect.has(record, key),
    ownKeys: () => Reflect.ownKeys(record).filter((k) => typeof k === 'string'),
    getOwnPropertyDescriptor: (_, key) => {
      const found = Reflect.getOwnPropertyDescriptor(record, key);
      return found === undefined
        ? undefined
        : { configurable: true, enumerable: found.enumerable ?? false, writable: false, value: undefined };
    },
    set: () => {
      throw new TemplateValueError(`templates cannot change ${label}`);
    },
    defineProperty: () => {
      throw new TemplateValueError(`templates cannot change ${label}`);
    },
    deleteProperty: () => {
      throw new TemplateValueError(`templates cannot change ${label}`);
    },
  });
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (value === null) return 'null';
  return typeof value === 'object' ? 'a record' : typeof value;
}
