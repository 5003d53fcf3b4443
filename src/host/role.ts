/** What the target host was installed as: the role in ROLE_FILE, or nothing on a host without an install. */
import { InputError } from '../core/errors.js';
import { ROLE_FILE } from '../core/locations.js';
import { messages, systemReason } from '../core/messages.js';
import type { Role } from '../core/role.js';
import { parseRoleFile } from '../core/role.js';
import type { TargetHost } from './target-host.js';

/** undefined when FILE does not exist (a fresh host); a file that is not one role is refused. */
export async function readHostRole(
  target: Pick<TargetHost, 'readFile'>,
  file: string = ROLE_FILE,
): Promise<Role | undefined> {
  let text: string | undefined;
  try {
    text = await target.readFile(file);
  } catch (error) {
    throw new InputError(
      messages.roleFileUnreadable(file, systemReason(error)),
      messages.roleFileUnreadableHint,
    );
  }
  return text === undefined ? undefined : parseRoleFile(text, file);
}
