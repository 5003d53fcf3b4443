/** Narrowing helpers for JSON that a tool printed: anything of the wrong type reads as absent. */

export type JsonObject = Record<string, unknown>;

export function objects(value: unknown): JsonObject[] {
  return Array.isArray(value) ? value.filter(isObject) : [];
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/** Parses JSON output; throws with the tool's name so that a probe note says what broke. */
export function parseJsonArray(text: string, what: string): unknown[] {
  const trimmed = text.trim();
  // Some iproute2 versions print nothing at all for an empty table.
  if (trimmed === '') return [];
  const value: unknown = JSON.parse(trimmed);
  if (!Array.isArray(value)) throw new Error(`${what}: expected a JSON array`);
  return value;
}
