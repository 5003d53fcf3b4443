/**
 * mtools: reading and replacing one file inside a FAT image (images/efiboot.img) without mounting it,
 * so that building an ISO needs neither root nor loop devices.
 */
import type { ToolOptions } from './tool.js';
import { runTool } from './tool.js';

// efiboot.img images are plain FAT file systems whose geometry mtools may find unusual.
const env = { MTOOLS_SKIP_CHECK: '1' };

/** The file's content, or undefined when the image has no such file. `path` is like `::/EFI/BOOT/grub.cfg`. */
export async function readFatFile(
  image: string,
  path: string,
  options: ToolOptions = {},
): Promise<string | undefined> {
  const dir = path.slice(0, path.lastIndexOf('/')) || '::/';
  const name = path.slice(path.lastIndexOf('/') + 1);
  const listing = await runTool('mdir', ['-b', '-i', image, dir], { ...options, env }).catch(() => '');
  const names = listing.split('\n').map((line) => line.slice(line.lastIndexOf('/') + 1).trim());
  if (!names.some((n) => n.toLowerCase() === name.toLowerCase())) return undefined;
  return runTool('mtype', ['-i', image, path], { ...options, env });
}

/** Replaces (or adds) the file at `path` inside the image with the local file. */
export async function writeFatFile(
  image: string,
  path: string,
  local: string,
  options: ToolOptions = {},
): Promise<void> {
  await runTool('mcopy', ['-o', '-i', image, local, path], { ...options, env });
}
