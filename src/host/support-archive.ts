/**
 * Writes the support bundle on this machine: its files into a private temporary directory, one tar pass
 * streamed into a private partial file beside OUT, then linked to OUT, which must not exist (link(2) never
 * replaces a file): no half-written archive under OUT's name, and no other user's file overwritten.
 */
import { createWriteStream } from 'node:fs';
import { link, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { CollectedFile } from '../core/support/collect.js';
import { tarGzip } from './tools/tar.js';

/** A bundle path is relative and plain: no empty, `.` or `..` part (file names come from the host). */
const plain = (file: string): boolean =>
  file.split('/').every((part) => part !== '' && part !== '.' && part !== '..');

export async function writeSupportArchive(
  files: readonly CollectedFile[],
  top: string,
  out: string,
): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ciab-bundle-'));
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.${process.pid}.partial`);
  try {
    for (const file of files) {
      if (!plain(file.path)) throw new Error(`not a plain bundle path: ${JSON.stringify(file.path)}`);
      const where = path.join(dir, top, file.path);
      await mkdir(path.dirname(where), { recursive: true, mode: 0o700 });
      await writeFile(where, file.content, { mode: 0o600, flag: 'wx' });
    }
    await tarGzip(dir, top, (stdout) =>
      pipeline(stdout, createWriteStream(partial, { flags: 'wx', mode: 0o600 })),
    );
    await link(partial, out);
  } finally {
    await rm(partial, { force: true });
    await rm(dir, { recursive: true, force: true });
  }
}
