/**
 * xorriso: reading an ISO's label and file list, extracting single files, and writing a remastered copy
 * in one pass. `-boot_image any replay` re-creates the base's El Torito records (isolinux for BIOS,
 * efiboot.img for UEFI) and its hybrid MBR/GPT from the loaded image, so the output boots wherever the
 * base did (the approach of lorax's mkksiso, weldr/lorax src/pylorax/cmdline/mkksiso.py). The image goes
 * to standard output, so that its one reader can write it and checksum it in the same pass.
 */
import type { Readable } from 'node:stream';
import type { ToolOptions } from './tool.js';
import { runTool, streamTool } from './tool.js';

export interface IsoListing {
  volumeId: string;
  /** absolute paths of the regular files */
  files: string[];
  /** xorriso's one-line summary of the boot records, e.g. "El Torito , MBR isohybrid cyl-align-on GPT" */
  bootRecord: string;
}

export async function listIso(iso: string, options: ToolOptions = {}): Promise<IsoListing> {
  let bootRecord = '';
  const stdout = await runTool('xorriso', ['-indev', iso, '-pvd_info', '-find', '/', '-type', 'f'], {
    ...options,
    onStderrLine: (line) => {
      const boot = /^Boot record\s*:\s*(.*)$/.exec(line);
      if (boot?.[1] !== undefined) bootRecord = boot[1].trim();
    },
  });
  const volumeId = /^Volume Id\s*:\s?(.*)$/m.exec(stdout)?.[1]?.trimEnd() ?? '';
  const files = stdout
    .split('\n')
    .filter((line) => line.startsWith("'/"))
    .map(unquote);
  return { volumeId, files, bootRecord };
}

/** Copies files out of the ISO: each `isoPath` to its `local` path. */
export async function extractFromIso(
  iso: string,
  files: readonly { isoPath: string; local: string }[],
  options: ToolOptions = {},
): Promise<void> {
  await runTool(
    'xorriso',
    ['-osirrox', 'on', '-indev', iso, ...files.flatMap((f) => ['-extract', f.isoPath, f.local])],
    options,
  );
}

export interface RemasterOptions extends ToolOptions {
  base: string;
  volumeId: string;
  /** local files and directories put at these ISO paths, replacing what the base has there */
  map: readonly { local: string; isoPath: string }[];
  /** takes the image as xorriso writes it, from its first byte to its last */
  consumeImage: (image: Readable) => Promise<void>;
}

/** Writes the remastered image to standard output (xorriso then sends its messages to stderr only). */
export async function remasterIso(options: RemasterOptions): Promise<void> {
  const { base, volumeId, map, consumeImage, ...tool } = options;
  await streamTool(
    'xorriso',
    [
      '-indev',
      base,
      '-outdev',
      '-',
      '-boot_image',
      'any',
      'replay',
      '-volid',
      volumeId,
      ...map.flatMap((m) => ['-map', m.local, m.isoPath]),
    ],
    consumeImage,
    tool,
  );
}

/** xorriso quotes file names in single quotes, a quote inside as '"'"'. */
const unquote = (line: string): string => line.slice(1, -1).replaceAll(`'"'"'`, "'");
