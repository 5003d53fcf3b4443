/**
 * The directory of a run's ssh control sockets: private (0700, mkdtemp) and short enough for a socket path
 * (sun_path holds 108 bytes), in the system's temp directory. A run that is killed cannot remove its own:
 * the next run sweeps away the directories whose sockets no master listens on any more.
 */
import { mkdtemp, readdir, rmdir, stat, unlink } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const PREFIX = 'ciab-ssh-';
/** Younger than this, a directory may be a run's that is still starting (mkdtemp, then its master's socket). */
const STALE_AFTER_MS = 60_000;

export async function makeControlDir(parent = tmpdir()): Promise<string> {
  await sweepControlDirs(parent);
  return mkdtemp(path.join(parent, PREFIX));
}

/**
 * Removes the control directories of ours that earlier runs left: each socket in them that refuses a
 * connection (its master is gone), then the directory, which rmdir removes only when nothing else is left.
 */
export async function sweepControlDirs(parent: string, now = Date.now()): Promise<void> {
  const names = await readdir(parent).catch(() => []);
  const uid = process.getuid?.();
  for (const name of names.filter((n) => n.startsWith(PREFIX))) {
    const dir = path.join(parent, name);
    const info = await stat(dir).catch(() => undefined);
    if (info?.isDirectory() !== true || info.uid !== uid || now - info.mtimeMs < STALE_AFTER_MS) continue;
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const socket = path.join(dir, entry.name);
      if (entry.isSocket() && (await refused(socket))) await unlink(socket).catch(() => undefined);
    }
    await rmdir(dir).catch(() => undefined);
  }
}

/** Does nobody listen on the socket? */
function refused(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const connection = createConnection(socket);
    connection.once('connect', () => {
      connection.destroy();
      resolve(false);
    });
    connection.once('error', (error: NodeJS.ErrnoException) => {
      resolve(error.code === 'ECONNREFUSED');
    });
  });
}
