/** The MANIFEST of a set of rendered files: one line per file, sorted by path. */
import { createHash } from 'node:crypto';
import type { RenderedFile } from './types.js';

/**
 * "<path> <mode, 4 octal digits> <owner> <sha256 of the content>" per line, sorted by path (code units). A
 * secret file has the word `secret` instead of its hash: the MANIFEST is world-readable, and an unsalted
 * hash of a password gives it away to a dictionary.
 */
export function manifest(files: readonly RenderedFile[]): string {
  return [...files]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(
      (f) =>
        `${f.path} ${f.mode.toString(8).padStart(4, '0')} ${f.owner} ${f.secret ? 'secret' : sha256(f.content)}\n`,
    )
    .join('');
}

export const sha256 = (content: string): string => createHash('sha256').update(content, 'utf8').digest('hex');
