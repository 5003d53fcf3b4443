/**
 * What the base ISO is, from the files every CentOS 7 install ISO (DVD, Minimal, NetInstall) carries:
 * `.treeinfo` (family, version, arch) and `.discinfo` (timestamp, version, arch), plus the boot menus
 * we rewrite. Anything else is refused before a byte is written.
 */

export interface BaseFacts {
  volumeId: string;
  /** every file path on the ISO, absolute (`/isolinux/isolinux.cfg`) */
  files: ReadonlySet<string>;
  treeinfo?: string;
  discinfo?: string;
}

export interface BaseMedia {
  family: string;
  version: string;
  arch: string;
  volumeId: string;
  /** true for the DVD, which carries the CentOS packages (Packages/); false for Minimal and NetInstall */
  hasPackages: boolean;
}

/** The boot files we read and replace; both are on every CentOS 7 x86_64 install ISO. */
export const BOOT_FILES = {
  isolinux: '/isolinux/isolinux.cfg',
  grub: '/EFI/BOOT/grub.cfg',
  efiboot: '/images/efiboot.img',
} as const;
/** The efiboot.img copy of the UEFI menu: what the firmware actually reads when booting the CD. */
export const EFIBOOT_GRUB_PATH = '::/EFI/BOOT/grub.cfg';

export class BaseMediaError extends Error {
  override readonly name = 'BaseMediaError';
}

export function identifyBase(facts: BaseFacts): BaseMedia {
  const tree = facts.treeinfo === undefined ? undefined : iniSection(facts.treeinfo, 'general');
  const disc = facts.discinfo?.split('\n').map((l) => l.trim());
  const family = tree?.get('family') ?? (disc === undefined ? undefined : 'CentOS');
  const version = tree?.get('version') ?? disc?.[1];
  const arch = tree?.get('arch') ?? disc?.[2];
  if (family === undefined || version === undefined || arch === undefined) {
    throw new BaseMediaError('it has neither .treeinfo nor .discinfo: it is not a CentOS install ISO');
  }
  const found = `${family} ${version} ${arch}`;
  if (!/^CentOS/i.test(family) || !/^7(\.|$)/.test(version) || arch !== 'x86_64') {
    throw new BaseMediaError(`it is ${found}; cloud-in-a-box remasters CentOS 7 x86_64 install ISOs only`);
  }
  for (const file of [BOOT_FILES.isolinux, BOOT_FILES.grub]) {
    if (!facts.files.has(file)) throw new BaseMediaError(`it is ${found} but has no ${file} to boot from`);
  }
  return {
    family,
    version,
    arch,
    volumeId: facts.volumeId,
    hasPackages: [...facts.files].some((f) => f.startsWith('/Packages/')),
  };
}

/** The keys of one `[section]` of an INI file (.treeinfo is Python ConfigParser syntax). */
function iniSection(text: string, name: string): Map<string, string> {
  const values = new Map<string, string>();
  let inside = false;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header !== null) {
      inside = header[1] === name;
      continue;
    }
    const pair = /^([^=:#;]+?)\s*[=:]\s*(.*)$/.exec(line);
    if (inside && pair?.[1] !== undefined && pair[2] !== undefined) values.set(pair[1], pair[2]);
  }
  return values;
}
