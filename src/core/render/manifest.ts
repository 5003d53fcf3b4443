/** The MANIFEST of a set of rendered files: one line per file, sorted by path. */
import { createHash } from 'node:crypto';
import type { RenderedFile } from './types.js';

/** "<path> <mode, 4 octal digits> <owner> <sha256 of the content>" per line, sorted by path (code units). */
export function manifest(files: readonly RenderedFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((f) => `${f.path} ${f.mode.toString(8).padStart(4, '0')} ${f.owner} ${sha256(f.content)}\n`)
    .join('');
}

export const sha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');
