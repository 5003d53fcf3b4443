/**
 * What `render --force` may replace, and how it deletes it. Only an earlier render that is provably ours:
 * a real directory that we own and nobody else can write, holding its MANIFEST and nothing but the files
 * that MANIFEST lists and the directories on their way, each ours and closed to others likewise. Then no
 * other user can swap anything in it for a symlink while we delete by path (Node.js has no unlinkat), and
 * we delete exactly those files and directories: unlink and rmdir, never a recursive removal.
 * The directory it sits in must be checked too (src/host/private-dir.ts).
 */
import type { Stats } from 'node:fs';
import { lstat, readdir, readFile, rmdir, unlink } from 'node:fs/promises';
import path from 'node:path';
import { ownUid, writableByOthers } from '../host/private-dir.js';
import { messages } from '../core/messages.js';

/** An earlier render's entries, relative to its directory ("/etc/hosts"). */
export interface EarlierRender {
  files: string[];
  /** each after everything in it, so that it is empty when its turn to go comes */
  dirs: string[];
}

const ours = (info: Stats): boolean => info.uid === ownUid() && !writableByOthers(info);

/** The earlier render in `dir`, or why `dir` is not one that may be replaced. */
export async function provenEarlierRender(dir: string): Promise<EarlierRender | string> {
  const top = await lstat(dir);
  if (!top.isDirectory() || !ours(top)) return messages.renderNotPrivate(dir);
  const manifest = await lstat(path.join(dir, 'MANIFEST')).catch(() => undefined);
  if (manifest === undefined || !manifest.isFile() || manifest.uid !== ownUid())
    return messages.renderNoManifest;
  const listed = new Set<string>();
  for (const line of (await readFile(path.join(dir, 'MANIFEST'), 'utf8')).split('\n')) {
    const file = line.split(' ')[0] ?? '';
    if (file === '') continue;
    const parts = file.split('/').slice(1);
    if (!file.startsWith('/') || parts.some((p) => p === '' || p === '.' || p === '..'))
      return messages.renderManifestOddPath(file);
    listed.add(file);
  }
  const found: EarlierRender = { files: [], dirs: [] };
  const walk = async (relative: string): Promise<string | undefined> => {
    for (const name of await readdir(path.join(dir, relative))) {
      const entry = `${relative}/${name}`;
      if (entry === '/MANIFEST') continue;
      const info = await lstat(path.join(dir, entry));
      if (listed.has(entry)) {
        if (!info.isFile() || info.uid !== ownUid()) return messages.renderNotPrivate(path.join(dir, entry));
        found.files.push(entry);
      } else if (info.isDirectory() && [...listed].some((file) => file.startsWith(`${entry}/`))) {
        if (!ours(info)) return messages.renderNotPrivate(path.join(dir, entry));
        const problem = await walk(entry);
        if (problem !== undefined) return problem;
        found.dirs.push(entry); // after its contents: deepest first
      } else {
        return messages.renderUnlisted(entry);
      }
    }
    return undefined;
  };
  return (await walk('')) ?? found;
}

/** Deletes a proven earlier render at `dir` (moved there since it was proven: same directory). */
export async function removeEarlierRender(dir: string, render: EarlierRender): Promise<void> {
  for (const file of [...render.files, '/MANIFEST']) await unlink(path.join(dir, file));
  for (const sub of render.dirs) await rmdir(path.join(dir, sub));
  await rmdir(dir);
}
