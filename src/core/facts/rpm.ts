/** Installed packages from `rpm -qa --qf '%{NAME}\t%{VERSION}\t%{RELEASE}\t%{ARCH}\n' ...`. */
import type { InstalledPackage } from './types.js';

/** The query format the rpm wrapper asks for (rpm itself expands its backslash escapes). */
export const RPM_QUERY_FORMAT = '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n';

export function parseRpmQuery(text: string): InstalledPackage[] {
  return text.split('\n').flatMap((line): InstalledPackage[] => {
    const [name, version, release, arch] = line.split('\t');
    if (name === undefined || name === '' || version === undefined || release === undefined) return [];
    return [{ name, version, release, arch: arch ?? '' }];
  });
}
