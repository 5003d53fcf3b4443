/** What this host was installed as: the role in ROLE_FILE, or nothing on a host without an install. */
import { readFile } from 'node:fs/promises';
import { InputError } from '../core/errors.js';
import { ROLE_FILE } from '../core/locations.js';
import { messages, systemReason } from '../core/messages.js';
import type { Role } from '../core/role.js';
import { parseRoleFile } from '../core/role.js';

/** undefined when FILE does not exist (a fresh host); a file that is not one role is refused. */
export async function readHostRole(file: string = ROLE_FILE): Promise<Role | undefined> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(
      messages.roleFileUnreadable(file, systemReason(error)),
      messages.roleFileUnreadableHint,
    );
  }
  return parseRoleFile(text, file);
}
