/** Writes a file that may hold secrets: mode 0600 from the first byte, atomically (temp file + rename). */
import { randomBytes } from 'node:crypto';
import { access, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { messages } from '../messages.js';

export async function writeSecretFile(
  file: string,
  text: string,
  { overwrite }: { overwrite: boolean },
): Promise<void> {
  if (!overwrite && (await exists(file)))
    throw new InputError(messages.answersExists(file), messages.answersExistsHint);
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o600, flag: 'wx' });
    await rename(temp, file);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}
