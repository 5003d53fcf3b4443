/**
 * The root password a kickstart writes: always a SHA-512 crypt hash (`rootpw --iscrypted`), never the plain
 * text. A value that already is a SHA-512 crypt hash is kept; anything else is hashed with a random salt.
 */
import { randomBytes } from 'node:crypto';
import { encrypt } from 'unixcrypt';
import type { Answers } from '../answers/schema.js';
import { InputError } from '../errors.js';
import { messages } from '../messages.js';

/** crypt(3)'s alphabet for salts and hashes. */
const CRYPT_ALPHABET = './0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `$6$[rounds=N$]salt$hash`: glibc's SHA-512 crypt, which CentOS 7's shadow and anaconda read. */
export const SHA512_CRYPT = /^\$6\$(rounds=[0-9]{1,9}\$)?[./A-Za-z0-9]{1,16}\$[./A-Za-z0-9]{86}$/;

/** A 16-character salt (the most SHA-512 crypt uses) from the operating system's random source. */
export function randomSalt(): string {
  return [...randomBytes(16)].map((byte) => CRYPT_ALPHABET[byte % 64]).join('');
}

/**
 * The hash for `rootpw --iscrypted`. An absent password is an input error rather than `rootpw --lock`:
 * without rootpw anaconda stops and asks for one (no longer unattended), and a locked root leaves a host
 * nobody can log in to on the console, which is where the first boot tells what went wrong; node
 * controllers also need root over SSH for `clusteradmin-copy-keys` from the frontend.
 */
export function rootPasswordHash(value: string | null, salt: string = randomSalt()): string {
  if (value === null) {
    throw new InputError(messages.kickstartRootPasswordMissing, messages.kickstartRootPasswordMissingHint);
  }
  if (SHA512_CRYPT.test(value)) return value;
  if (value.startsWith('$6$')) {
    throw new InputError(messages.kickstartRootPasswordBadHash, messages.kickstartRootPasswordBadHashHint);
  }
  if (!/^[./A-Za-z0-9]{1,16}$/.test(salt)) throw new Error(`invalid crypt salt ${JSON.stringify(salt)}`);
  return encrypt(value, `$6$${salt}`);
}

/**
 * kickstart.rootPassword as a host keeps it in its answers (ANSWERS_FILE, and the install scripts that embed
 * them): only a SHA-512 crypt hash (what a kickstart hands its first boot), else nothing. Only a kickstart
 * sets the root password; plain text has no use on an installed host, and hashing it here with a random salt
 * would make the plan differ on every run.
 */
export function hostRootPassword(answers: Answers): string | null {
  const value = answers.kickstart.rootPassword;
  return value !== null && SHA512_CRYPT.test(value) ? value : null;
}
