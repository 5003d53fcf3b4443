/**
 * Adds the optional properties that have a value, so that absent ones are missing rather than present
 * and undefined (facts compare equal to fixtures and serialise without noise).
 */
export function withOptional<T extends object, O extends object>(
  base: T,
  optional: { [K in keyof O]: O[K] | undefined },
): T & Partial<O> {
  const out = { ...base } as Record<string, unknown>;
  for (const [key, value] of Object.entries(optional))
    if (value !== undefined && value !== null) out[key] = value;
  return out as T & Partial<O>;
}
