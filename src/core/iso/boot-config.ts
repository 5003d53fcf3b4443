/**
 * Reading the base media's boot menus: what the install entry boots (kernel, initrd, arguments) and
 * what its rescue entry adds, for BIOS (isolinux.cfg) and UEFI (EFI/BOOT/grub.cfg). Our menus are
 * written from iso/*.ejs with these facts; nothing else of the base's entries is kept, so every entry
 * we write carries the label we chose.
 */

/** How a menu entry boots: the same kernel and initrd for every entry of one menu. */
export interface KernelEntry {
  kernel: string;
  initrd: string;
  /** arguments besides the initrd, the stage2 and any kickstart, in the base's order */
  args: string[];
}

export interface IsolinuxConfig {
  /** the UI module the base uses (`vesamenu.c32` on CentOS 7) */
  ui: string;
  /** the base's menu look (colours, background, margins) before its first entry, kept as it is */
  header: string[];
  install: KernelEntry;
  /** the arguments that make the base's rescue entry a rescue, e.g. `rescue` */
  rescueArgs?: string[];
}

export interface GrubConfig {
  /** `linuxefi`/`initrdefi` on CentOS 7's shim-signed GRUB, `linux`/`initrd` elsewhere */
  linuxCommand: string;
  initrdCommand: string;
  /** the base's lines before its first entry (video, modules), without default, timeout and search */
  header: string[];
  install: KernelEntry;
  rescueArgs?: string[];
}

export class BootConfigError extends Error {
  override readonly name = 'BootConfigError';
}

/** Arguments we write ourselves on every entry, so the base's copies are dropped. */
const OURS = /^(initrd=|inst\.stage2=|inst\.ks=|ks=)/;
/** Arguments that make an entry something other than a plain install. */
const RESCUE = new Set(['rescue', 'inst.rescue']);
const NOT_PLAIN_INSTALL = new Set([...RESCUE, 'rd.live.check', 'nomodeset', 'xdriver=vesa']);

const words = (text: string): string[] => text.trim().split(/\s+/).filter(Boolean);
const hasStage2 = (args: readonly string[]): boolean => args.some((a) => a.startsWith('inst.stage2='));

export function parseIsolinux(text: string): IsolinuxConfig {
  const lines = text.split('\n');
  const firstLabel = lines.findIndex((l) => /^\s*label\s/i.test(l));
  const header = (firstLabel < 0 ? lines : lines.slice(0, firstLabel)).filter(
    (l) => !/^\s*(default|timeout|ontimeout|menu\s+title|menu\s+default)\b/i.test(l),
  );
  const ui = /^\s*(?:default|ui)\s+(\S+\.c32)\s*$/im.exec(text)?.[1] ?? 'vesamenu.c32';
  const entries: { kernel?: string; append: string[] }[] = [];
  for (const line of lines.slice(Math.max(firstLabel, 0))) {
    const [keyword = '', ...rest] = words(line);
    const key = keyword.toLowerCase();
    if (key === 'label') entries.push({ append: [] });
    const entry = entries.at(-1);
    if (entry === undefined) continue;
    if (key === 'kernel' || key === 'linux') entry.kernel = rest[0];
    if (key === 'append') entry.append = rest;
  }
  const booting = entries.filter(
    (e): e is { kernel: string; append: string[] } => e.kernel !== undefined && hasStage2(e.append),
  );
  const install = booting.find((e) => !e.append.some((a) => NOT_PLAIN_INSTALL.has(a)));
  const initrd = install?.append.find((a) => a.startsWith('initrd='))?.slice('initrd='.length);
  if (install === undefined || initrd === undefined)
    throw new BootConfigError(
      'isolinux/isolinux.cfg has no install entry (kernel, initrd= and inst.stage2=)',
    );
  const rescue = booting.find((e) => e.append.some((a) => RESCUE.has(a)));
  return {
    ui,
    header: trimBlankEdges(header),
    install: { kernel: install.kernel, initrd, args: install.append.filter((a) => !OURS.test(a)) },
    ...(rescue === undefined ? {} : { rescueArgs: extraArgs(rescue.append, install.append) }),
  };
}

export function parseGrub(text: string): GrubConfig {
  const lines = text.split('\n');
  const firstEntry = lines.findIndex((l) => /^\s*(menuentry|submenu)\s/.test(l));
  const header = (firstEntry < 0 ? lines : lines.slice(0, firstEntry)).filter(
    // grub2-mkconfig's section markers would frame entries that are no longer there
    (l) => !/^\s*(set\s+(default|timeout)=|search\s|### (BEGIN|END) )/.test(l),
  );
  const entries: { linux?: string[]; initrd?: string[] }[] = [];
  for (const line of lines.slice(Math.max(firstEntry, 0))) {
    const [keyword = '', ...rest] = words(line);
    if (keyword === 'menuentry') entries.push({});
    const entry = entries.at(-1);
    if (entry === undefined) continue;
    if (/^linux(efi|16)?$/.test(keyword)) entry.linux = [keyword, ...rest];
    if (/^initrd(efi|16)?$/.test(keyword)) entry.initrd = [keyword, ...rest];
  }
  const booting = entries.filter(
    (e): e is { linux: [string, string, ...string[]]; initrd: [string, string] } =>
      e.linux !== undefined &&
      e.linux.length >= 2 &&
      e.initrd !== undefined &&
      e.initrd.length >= 2 &&
      hasStage2(e.linux.slice(2)),
  );
  const install = booting.find((e) => !e.linux.slice(2).some((a) => NOT_PLAIN_INSTALL.has(a)));
  if (install === undefined)
    throw new BootConfigError('EFI/BOOT/grub.cfg has no install entry (linux with inst.stage2=, initrd)');
  const [linuxCommand, kernel, ...args] = install.linux;
  const [initrdCommand, initrd] = install.initrd;
  const rescue = booting.find((e) => e.linux.slice(2).some((a) => RESCUE.has(a)));
  return {
    linuxCommand,
    initrdCommand,
    header: trimBlankEdges(header),
    install: { kernel, initrd, args: args.filter((a) => !OURS.test(a)) },
    ...(rescue === undefined ? {} : { rescueArgs: extraArgs(rescue.linux.slice(2), args) }),
  };
}

/** What the rescue entry has that the install entry has not. */
const extraArgs = (rescue: readonly string[], install: readonly string[]): string[] =>
  rescue.filter((a) => !install.includes(a) && !OURS.test(a));

/** Without blank lines at either end, and without runs of blank lines that dropped lines leave behind. */
function trimBlankEdges(lines: string[]): string[] {
  const kept = lines.filter((line, i) => line.trim() !== '' || (lines[i - 1]?.trim() ?? '') !== '');
  while (kept[0]?.trim() === '') kept.shift();
  while (kept.at(-1)?.trim() === '') kept.pop();
  return kept;
}
