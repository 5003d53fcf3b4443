/**
 * Takes every secret out of a text for the support bundle: the values known to be secret (the secret
 * answers, the admin's password and access keys, the cloud's system keys), and what has the shape of one
 * wherever it comes from (a Eucalyptus log, a command's output): PEM private key blocks (also cut short at a
 * log tail's edge), access key ids, values after a secret's name, crypt(3) password hashes, and the
 * credentials in a URL. Better a harmless word lost than a secret kept: the patterns err on the safe side.
 */
import { REDACTED } from '../answers/secrets.js';

/** A PEM private key (PKCS#1 `RSA PRIVATE KEY`, PKCS#8 `PRIVATE KEY`, `ENCRYPTED PRIVATE KEY`, `EC ...`). */
const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY-----[\s\S]*?(?:-----END \1PRIVATE KEY-----|$)/g;
/** The end of a block whose start a tail cut off, with the base64 lines before it. */
const PEM_ORPHAN_END = /(?:^[A-Za-z0-9+/=]+\r?\n)*-----END ([A-Z0-9 ]*)PRIVATE KEY-----/gm;
/** AWS and Eucalyptus access key ids: AKI (Eucalyptus, AWS AKIA) or ASIA (temporary) and 12 or more. */
const ACCESS_KEY_ID = /\b(?:AKI|ASI)[A-Z0-9]{12,}\b/g;
/** `secret-key = V`, `AWS_SECRET_ACCESS_KEY=V`, `"password": "V"`, `rootpw --iscrypted V` (kickstart) */
const NAMED_SECRET =
  /((?:secret[-_ ]?(?:access[-_ ]?)?key|secret|password|passwd|passphrase|token)["']?\s*[:=]\s*["']?|\brootpw(?:\s+--\S+)*\s+)(?!\[redacted\])[^\s"',;]+/gi;
/** crypt(3) hashes: MD5 ($1$), SHA-256 ($5$), SHA-512 ($6$), bcrypt ($2a$ ...), yescrypt ($y$). */
const CRYPT_HASH = /\$(?:1|5|6|2[aby]?|y)\$[^\s$:]*\$[A-Za-z0-9./]{16,}/g;
/** user:password@ in a URL (a proxy's credentials) */
const URL_CREDENTIALS = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/:@]+:[^\s/@]+@/gi;
/**
 * A secret access key's shape: 32 to 64 letters, digits, `+` or `/`, with upper and lower case letters and
 * digits all in it (task hashes and checksums are lower-case hex and stay).
 */
const KEY_LIKE =
  /(?<![A-Za-z0-9+/])(?=[A-Za-z0-9+/]*[a-z])(?=[A-Za-z0-9+/]*[A-Z])(?=[A-Za-z0-9+/]*[0-9])[A-Za-z0-9+/]{32,64}(?![A-Za-z0-9+/])/g;

/** The redaction of every text of one bundle; KNOWN: the secret values themselves (short ones too). */
export function redactor(known: readonly string[]): (text: string) => string {
  const values = [...new Set(known.map((k) => k.trim()).filter((k) => k.length > 0))].sort(
    (a, b) => b.length - a.length,
  );
  return (text) => {
    const known = values.reduce((t, value) => t.split(value).join(REDACTED), text);
    // A block's end first, with the base64 before it: what is left of a block whose start a tail cut off.
    return known
      .replace(PEM_ORPHAN_END, (_m, kind: string) => `${REDACTED}\n-----END ${kind}PRIVATE KEY-----`)
      .replace(
        PEM_BLOCK,
        (_m, kind: string) =>
          `-----BEGIN ${kind}PRIVATE KEY-----\n${REDACTED}\n-----END ${kind}PRIVATE KEY-----`,
      )
      .replace(URL_CREDENTIALS, `$1${REDACTED}@`)
      .replace(CRYPT_HASH, REDACTED)
      .replace(ACCESS_KEY_ID, REDACTED)
      .replace(NAMED_SECRET, `$1${REDACTED}`)
      .replace(KEY_LIKE, REDACTED);
  };
}
