/**
 * One install or uninstall at a time on a host: two runs would interleave their tasks and their journal
 * entries. The standalone script (and so the first boot of kickstart and ISO installs) takes the same lock,
 * so `cloud-in-a-box install` started while the first boot still runs is refused, not run alongside.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { RUN_LOCK_NAME, STATE_DIR } from '../core/locations.js';
import { WorkError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { takeLock } from './tools/flock.js';
import { ToolError } from './tools/tool.js';

export async function withRunLock<T>(run: () => Promise<T>): Promise<T> {
  mkdirSync(STATE_DIR, { recursive: true, mode: 0o700 });
  const file = path.join(STATE_DIR, RUN_LOCK_NAME);
  const lock = await takeLock(file).catch((error: unknown) => {
    if (error instanceof ToolError)
      throw new WorkError(messages.runLockFailed(file, error.message), undefined, error.lastLines);
    throw error;
  });
  if (lock === undefined) throw new WorkError(messages.runLocked(file), messages.runLockedHint);
  try {
    return await run();
  } finally {
    await lock.release();
  }
}
