/**
 * The ISO volume label: anaconda finds its stage2 and our kickstarts through it (`hd:LABEL=...`), so it
 * must survive three readers. ISO 9660 stores at most 32 bytes. udev names /dev/disk/by-label/ entries
 * with everything outside `0-9A-Za-z#+-.:=@_` written as \xNN (systemd src/shared/device-nodes.c,
 * encode_devnode_name), and dracut only turns spaces and slashes of a LABEL= into \x20 and \x2f
 * (dracut modules.d/99base/dracut-lib.sh, label_uuid_to_dev). So a label of letters, digits, space, `.`,
 * `_` and `-` is found by every one of them; the kernel command line cannot carry a space, so it is
 * written `\x20` there, as CentOS's own media do (`inst.stage2=hd:LABEL=CentOS\x207\x20x86_64`).
 */

export const MAX_LABEL_LENGTH = 32;
const LABEL_CHARACTERS = /^[A-Za-z0-9 ._-]+$/;

export type LabelProblem = 'empty' | 'too-long' | 'characters' | 'edge-spaces';

/** Why the label cannot be used, or undefined when it can. */
export function labelProblem(label: string): LabelProblem | undefined {
  if (label === '') return 'empty';
  if (label.length > MAX_LABEL_LENGTH) return 'too-long';
  if (!LABEL_CHARACTERS.test(label)) return 'characters';
  if (label.trim() !== label) return 'edge-spaces';
  return undefined;
}

/** The label as the kernel command line carries it: spaces as \x20 (the only character we escape). */
export const kernelLabel = (label: string): string => label.replaceAll(' ', '\\x20');
