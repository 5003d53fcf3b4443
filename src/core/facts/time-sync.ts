/** NTP sources in /etc/chrony.conf (chrony.conf(5)) and /etc/ntp.conf (ntp.conf(5)). */
import type { TimeSource, TimeSourceKind, TimeSyncConfig } from './types.js';

/** chrony: `!`, `;`, `#` and `%` start comments; ntpd: `#`. Both only at the start of a word in practice. */
const COMMENT = { chrony: /[#!;%]/, ntp: /#/ } as const;

export function parseChronyConf(text: string, path = '/etc/chrony.conf'): TimeSyncConfig {
  return { path, sources: sources(text, 'chrony') };
}

export function parseNtpConf(text: string, path = '/etc/ntp.conf'): TimeSyncConfig {
  return { path, sources: sources(text, 'ntp') };
}

function sources(text: string, format: keyof typeof COMMENT): TimeSource[] {
  const out: TimeSource[] = [];
  for (const raw of text.split('\n')) {
    const line = stripComment(raw, COMMENT[format]).trim();
    const [keyword, host, ...options] = line.split(/\s+/);
    if (keyword !== 'server' && keyword !== 'pool' && keyword !== 'peer') continue;
    if (host === undefined || host.startsWith('-')) continue;
    // 127.127.t.u are ntpd's reference-clock drivers (127.127.1.0 = the local clock), not servers.
    if (format === 'ntp' && host.startsWith('127.127.')) continue;
    out.push({ kind: keyword satisfies TimeSourceKind, host, options });
  }
  return out;
}

/** The line up to the first comment character that starts a word (host names never contain them). */
function stripComment(line: string, comment: RegExp): string {
  const words = line.split(/(\s+)/);
  const cut = words.findIndex((w) => comment.test(w.charAt(0)));
  return cut < 0 ? line : words.slice(0, cut).join('');
}
