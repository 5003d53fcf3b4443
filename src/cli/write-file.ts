/** Writes a file that may hold secrets: mode 0600 from the first byte, atomically (temp file + rename). */
import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError, WorkError } from '../core/errors.js';
import { isPathError, messages, systemReason, writeHint } from '../core/messages.js';
import { exists } from './config-dir.js';

/** Refuses a file that exists, before any work is done for it; `hint` names the way out. */
export async function refuseExisting(file: string, hint: string = messages.answersExistsHint): Promise<void> {
  if (await exists(file)) throw new InputError(messages.answersExists(file), hint);
}

export async function writeSecretFile(
  file: string,
  text: string,
  { overwrite, existsHint }: { overwrite: boolean; existsHint?: string },
): Promise<void> {
  if (!overwrite) await refuseExisting(file, existsHint);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    const message = messages.fileUnwritable(file, systemReason(error));
    throw isPathError(error) ? new InputError(message, writeHint(error)) : new WorkError(message);
  }
}
