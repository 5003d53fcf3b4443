/**
 * Records which inputs a file's rendering reads. The answers (and the host context) are handed to the
 * file table and the templates through a proxy that notes the dotted path of every value read: a leaf,
 * or a whole list. What a file read is exactly what can change it, and whether it holds a secret: the
 * renderer marks a file secret (0600, never hashed in the MANIFEST or the plan) when it read a secret
 * answer or the admin password (see RenderedFile.dependsOn).
 */
import type { AnswersModel } from '../answers/model.js';
import { hostNetworkSources } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';

export interface Tracked<T extends object> {
  value: T;
  /** dotted paths read so far, e.g. "network.address", "cloud.publicIps", "context.nicHwaddr" */
  reads: Set<string>;
}

export function track<T extends object>(root: T, prefix: readonly string[] = []): Tracked<T> {
  const reads = new Set<string>();
  return { value: trackRecord(root, [...prefix], reads), reads };
}

function trackRecord<T extends object>(record: T, path: string[], reads: Set<string>): T {
  return new Proxy(record, {
    get(target, key, receiver) {
      const value: unknown = Reflect.get(target, key, receiver);
      if (typeof key === 'symbol') return value;
      const at = [...path, key];
      if (Array.isArray(value)) {
        reads.add(at.join('.'));
        // A copy: the reader gets the list's values, and the whole list counts as one input.
        return Object.freeze([...(value as unknown[])]);
      }
      if (typeof value === 'object' && value !== null) return trackRecord(value, at, reads);
      reads.add(at.join('.'));
      return value;
    },
    set() {
      throw new Error('rendering must not change its inputs');
    },
  });
}

/**
 * The answers' model over tracked answers: reading a parsed value records the answer it was parsed from
 * (hostNetworkSources), so that a file that writes net.address depends on network.address as if it had
 * read the text itself.
 */
export function trackModel(model: AnswersModel, answers: Tracked<Answers>): AnswersModel {
  const recording = <T extends object>(record: T, sourceOf: (key: string) => string | undefined): T =>
    new Proxy(record, {
      get(target, key, receiver) {
        const source = typeof key === 'string' ? sourceOf(key) : undefined;
        if (source !== undefined) answers.reads.add(source);
        return Reflect.get(target, key, receiver) as unknown;
      },
      set() {
        throw new Error('rendering must not change its inputs');
      },
    });
  return {
    answers: answers.value,
    net: recording(model.net, (key) =>
      Object.hasOwn(hostNetworkSources, key)
        ? hostNetworkSources[key as keyof typeof hostNetworkSources]
        : undefined,
    ),
    ranges: recording(model.ranges, (key) => (key in model.ranges ? `cloud.${key}` : undefined)),
  };
}
