/**
 * The repositories of a yum .repo file, as yum 3.4.3 reads it: INI sections (Python's ConfigParser: an
 * indented line continues the previous value), `enabled` on unless 0/no/false, and where the repository's
 * metadata comes from: the first `baseurl` (a list split on blanks), else `mirrorlist`, else `metalink`
 * (yum/config.py RepoConf; yum.repos.d(5)).
 */

export interface RepoSection {
  id: string;
  enabled: boolean;
  /** what yum fetches first: a baseurl, or the mirror list / metalink URL */
  source?: { kind: 'baseurl' | 'mirrorlist' | 'metalink'; url: string };
}

export function parseRepoFile(text: string): RepoSection[] {
  const sections: { id: string; values: Map<string, string> }[] = [];
  let last: string | undefined;
  for (const line of text.split('\n')) {
    if (/^\s*([#;].*)?$/.test(line)) continue;
    const header = /^\[([^\]]+)\]\s*$/.exec(line)?.[1];
    if (header !== undefined) {
      sections.push({ id: header.trim(), values: new Map() });
      last = undefined;
      continue;
    }
    const current = sections.at(-1);
    if (current === undefined) continue;
    if (/^\s/.test(line) && last !== undefined) {
      current.values.set(last, `${current.values.get(last) ?? ''} ${line.trim()}`);
      continue;
    }
    const pair = /^([^=:\s]+)\s*[=:]\s*(.*)$/.exec(line);
    if (pair === null) continue;
    last = (pair[1] ?? '').toLowerCase();
    current.values.set(last, (pair[2] ?? '').trim());
  }
  return sections.map(({ id, values }) => {
    const enabled = !['0', 'no', 'false', 'off'].includes((values.get('enabled') ?? '1').toLowerCase());
    const baseurl = (values.get('baseurl') ?? '').split(/\s+/).find((u) => u !== '');
    const mirrorlist = values.get('mirrorlist');
    const metalink = values.get('metalink');
    const source =
      baseurl !== undefined
        ? { kind: 'baseurl' as const, url: baseurl }
        : mirrorlist !== undefined && mirrorlist !== ''
          ? { kind: 'mirrorlist' as const, url: mirrorlist }
          : metalink !== undefined && metalink !== ''
            ? { kind: 'metalink' as const, url: metalink }
            : undefined;
    return { id, enabled, ...(source === undefined ? {} : { source }) };
  });
}

/** yum's $releasever and $basearch in a URL (the only variables a CentOS 7 .repo file uses besides $infra). */
export function expandYumVariables(url: string, releasever: string, basearch: string): string {
  return url
    .replace(/\$\{?releasever\}?/g, releasever)
    .replace(/\$\{?basearch\}?/g, basearch)
    .replace(/\$\{?infra\}?/g, 'stock');
}
