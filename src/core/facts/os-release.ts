/** /etc/os-release (os-release(5)) and /etc/redhat-release, which FastStart matched for the OS gate. */
import type { OsRelease, RedhatRelease } from './types.js';
import { withOptional } from './optional.js';
import { parseShellVars } from './shell-vars.js';

export function parseOsRelease(text: string): OsRelease {
  const variables = parseShellVars(text);
  return withOptional(
    { idLike: (variables.ID_LIKE ?? '').split(/\s+/).filter((w) => w !== ''), variables },
    {
      id: variables.ID,
      versionId: variables.VERSION_ID,
      name: variables.NAME,
      prettyName: variables.PRETTY_NAME,
    },
  );
}

/** "CentOS Linux release 7.9.2009 (Core)", "Red Hat Enterprise Linux Server release 7.4 (Maipo)". */
const RELEASE = /^(.+?)\s+release\s+(\d+)(?:\.(\d+))?(\S*)(?:\s+\(([^)]*)\))?/;

export function parseRedhatRelease(text: string): RedhatRelease | undefined {
  const line = text
    .split('\n')
    .find((l) => l.trim() !== '')
    ?.trim();
  if (line === undefined) return undefined;
  const m = RELEASE.exec(line);
  if (m?.[1] === undefined || m[2] === undefined) return undefined;
  return withOptional(
    {
      text: line,
      distribution: m[1],
      version: `${m[2]}${m[3] === undefined ? '' : `.${m[3]}`}${m[4] ?? ''}`,
      major: Number(m[2]),
    },
    { minor: m[3] === undefined ? undefined : Number(m[3]), codename: m[5] },
  );
}
