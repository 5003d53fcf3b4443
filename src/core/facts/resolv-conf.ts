/** /etc/resolv.conf as glibc reads it (resolv.conf(5)). */
import type { ResolvConf } from './types.js';

/** glibc uses at most this many name servers; later ones are ignored. */
const MAXNS = 3;

export function parseResolvConf(text: string): ResolvConf {
  const result: ResolvConf = { nameservers: [], search: [], options: [] };
  for (const raw of text.split('\n')) {
    // `#` and `;` start a comment only at the start of a line; glibc keeps them elsewhere.
    if (/^\s*[#;]/.test(raw)) continue;
    const [keyword, ...args] = raw.trim().split(/\s+/);
    if (keyword === 'nameserver' && args[0] !== undefined) {
      if (result.nameservers.length < MAXNS) result.nameservers.push(args[0]);
    } else if (keyword === 'search') {
      result.search = args;
    } else if (keyword === 'domain' && args[0] !== undefined) {
      result.search = [args[0]];
    } else if (keyword === 'options') {
      result.options.push(...args);
    }
  }
  return result;
}
