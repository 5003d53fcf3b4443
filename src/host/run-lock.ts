/**
 * One install or uninstall at a time on a host: two runs would interleave their tasks and their journal
 * entries. The standalone script (and so the first boot of kickstart and ISO installs) takes the same lock,
 * so `cloud-in-a-box install` started while the first boot still runs is refused, not run alongside; and
 * a run over SSH takes it on the target, so a local run and one from a workstation never meet either.
 */
import path from 'node:path';
import { RUN_LOCK_NAME, STATE_DIR } from '../core/locations.js';
import { WorkError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import type { TargetHost } from './target-host.js';
import { ToolError } from './tools/tool.js';

export async function withRunLock<T>(target: TargetHost, run: () => Promise<T>): Promise<T> {
  const file = path.posix.join(STATE_DIR, RUN_LOCK_NAME);
  const lock = await target.takeRunLock(file).catch((error: unknown) => {
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
