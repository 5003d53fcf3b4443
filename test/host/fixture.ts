import { readFileSync } from 'node:fs';

const base = new URL('../fixtures/host/', import.meta.url);

/** A recorded file under test/fixtures/host/. */
export function fixture(relative: string): string {
  return readFileSync(new URL(relative, base), 'utf8');
}

export function fixturePath(relative: string): string {
  return new URL(relative, base).pathname;
}
