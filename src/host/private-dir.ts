/**
 * Whether another local user could change a directory we are about to write into (or delete from) as
 * root: swap it, or any directory on its way from /, for a symlink to somewhere else between our check and
 * our use. Node.js has no openat/unlinkat, so every write and delete goes by path; it is safe only when
 * nobody but us and root can rename or replace any directory along that path. That holds for a directory
 * owned by root or by us that others cannot write, or that has the sticky bit (as /tmp has: others can
 * add entries, never rename or remove ours; the next step then must be ours or root's).
 */
import type { Stats } from 'node:fs';
import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { messages } from '../core/messages.js';

/** The uid this process runs as (root for an install). */
export const ownUid = (): number => process.getuid?.() ?? 0;

const WRITABLE_BY_OTHERS = 0o022;
const STICKY = 0o1000;

/** Writable by group or others: someone besides the owner may add, rename or remove entries. */
export const writableByOthers = (info: Stats): boolean => (info.mode & WRITABLE_BY_OTHERS) !== 0;

/**
 * `dir` with every symlink on its way resolved (use this path, not `dir`: a symlink can be swapped), and
 * why another user could change it or the way to it, if they could. `dir` need not exist: its nearest
 * existing ancestor is checked (what we then create in it is ours).
 */
export async function resolvePrivateDir(dir: string): Promise<{ real: string; problem?: string }> {
  let existing = path.resolve(dir);
  let missing = '';
  for (;;) {
    try {
      existing = await realpath(existing);
      break;
    } catch (error) {
      const parent = path.dirname(existing);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === existing) throw error;
      missing = path.join(path.basename(existing), missing);
      existing = parent;
    }
  }
  const real = path.join(existing, missing);
  let at = '';
  for (const part of ['/', ...existing.split('/').filter(Boolean)]) {
    at = path.join(at, part);
    const info = await lstat(at);
    if (info.uid !== 0 && info.uid !== ownUid())
      return { real, problem: messages.pathOwnedByOther(at, info.uid) };
    if (writableByOthers(info) && (info.mode & STICKY) === 0)
      return { real, problem: messages.pathWritableByOthers(at) };
  }
  return { real };
}
