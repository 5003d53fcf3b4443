/**
 * Our boot menus, for BIOS (isolinux) and UEFI (GRUB): one install entry per kickstart profile, the
 * base's rescue entry, and boot from local drive, which is the default because every install entry
 * erases a disk (Silvereye's default too). Rendered from iso/isolinux.cfg.ejs and iso/grub.cfg.ejs.
 */
import { KICKSTART_PROFILES } from '../kickstart/index.js';
import type { KickstartProfile } from '../kickstart/index.js';
import { packageFile } from '../package-files.js';
import { loadTemplate } from '../render/templates.js';
import { buildView } from '../render/view.js';
import type { GrubConfig, IsolinuxConfig, KernelEntry } from './boot-config.js';
import { kernelLabel } from './label.js';
import type { DefaultEntry } from './options.js';

/** Where each profile's kickstart lives on the media. */
export const kickstartPathOnMedia = (profile: KickstartProfile): string => `/ks/${profile}.cfg`;

export interface MenuOptions {
  label: string;
  defaultEntry: DefaultEntry;
  timeoutSeconds: number;
  /** the disk the install entries erase (answers.kickstart.disk), named in their titles */
  disk: string;
}

interface Entry {
  id: KickstartProfile | 'rescue' | 'local';
  title: string;
  isDefault: boolean;
  /** undefined for the local-drive entry */
  kernel?: KernelEntry;
}

const installTitles: Record<KickstartProfile, string> = {
  ciab: 'Install CentOS 7 with a whole Eucalyptus cloud on this host',
  frontend: 'Install CentOS 7 with the Eucalyptus frontend',
  nc: 'Install CentOS 7 with a Eucalyptus node controller',
  minimal: 'Install CentOS 7 without Eucalyptus',
};

function entries(install: KernelEntry, rescueArgs: string[] | undefined, options: MenuOptions): Entry[] {
  const stage2 = `inst.stage2=hd:LABEL=${kernelLabel(options.label)}`;
  const installs = KICKSTART_PROFILES.map((profile): Entry => ({
    id: profile,
    title: `${installTitles[profile]} (ERASES ${options.disk})`,
    isDefault: options.defaultEntry === profile,
    kernel: {
      ...install,
      args: [
        stage2,
        `inst.ks=hd:LABEL=${kernelLabel(options.label)}:${kickstartPathOnMedia(profile)}`,
        ...install.args,
      ],
    },
  }));
  const rescue: Entry[] =
    rescueArgs === undefined
      ? []
      : [
          {
            id: 'rescue',
            title: 'Rescue a CentOS system',
            isDefault: false,
            kernel: { ...install, args: [stage2, ...install.args, ...rescueArgs] },
          },
        ];
  const local: Entry = {
    id: 'local',
    title: 'Boot from local drive',
    isDefault: options.defaultEntry === 'local',
  };
  return [...installs, ...rescue, local];
}

export function renderIsolinuxMenu(base: IsolinuxConfig, options: MenuOptions): string {
  return render('isolinux.cfg.ejs', {
    ui: base.ui,
    header: base.header,
    // isolinux counts tenths of a second and takes 0 as "wait for ever"
    timeoutTenths: Math.max(1, options.timeoutSeconds * 10),
    entries: entries(base.install, base.rescueArgs, options),
  });
}

export function renderGrubMenu(base: GrubConfig, options: MenuOptions): string {
  const list = entries(base.install, base.rescueArgs, options);
  return render('grub.cfg.ejs', {
    header: base.header,
    linuxCommand: base.linuxCommand,
    initrdCommand: base.initrdCommand,
    label: options.label,
    timeoutSeconds: options.timeoutSeconds,
    defaultIndex: list.findIndex((e) => e.isDefault),
    entries: list,
  });
}

const render = (name: string, file: Record<string, unknown>): string =>
  loadTemplate(packageFile('iso', name))(buildView({ file }));
