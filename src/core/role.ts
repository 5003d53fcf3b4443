/**
 * The role of a host, and how the host keeps it in ROLE_FILE (src/core/locations.ts): one word, the role's name, on a line of
 * its own. Written by the install's `host.answers` task and by kickstart %post; read by every command
 * that builds a plan on the host, so that a frontend or a node controller is never resumed as a ciab host.
 */
import { InputError } from './errors.js';
import { messages } from './messages.js';

/** What the host becomes: everything on one host, the frontend without a node controller, or a node only. */
export type Role = 'ciab' | 'frontend' | 'nc';
export const roles: readonly Role[] = ['ciab', 'frontend', 'nc'];

/** The file's content for ROLE. */
export const roleFileText = (role: Role): string => `${role}\n`;

/** The role FILE says; anything but one known word (spaces and a newline around it allowed) is refused. */
export function parseRoleFile(text: string, file: string): Role {
  const word = text.trim();
  const role = roles.find((r) => r === word);
  if (role === undefined)
    throw new InputError(messages.roleFileMalformed(file, text), messages.roleFileMalformedHint(file));
  return role;
}

/**
 * The role a command works with: the one asked for, else the one the host recorded, else ciab (a fresh
 * host). Asking for another role than the recorded one is refused: it would turn a node controller into
 * a whole cloud (or the other way round) on top of what is installed.
 */
export function chooseRole(requested: Role | undefined, recorded: Role | undefined, file: string): Role {
  if (requested !== undefined && recorded !== undefined && requested !== recorded)
    throw new InputError(messages.roleChange(recorded, requested, file), messages.roleChangeHint(recorded));
  return requested ?? recorded ?? 'ciab';
}
