/** Tasks that install rendered files: checked and installed by content hash, undone from the backup. */
import { createHash } from 'node:crypto';
import type { RenderedFile } from '../render/index.js';
import { lines, sh } from './sh.js';
import type { PlanFile } from './types.js';

export function planFile(
  file: Pick<RenderedFile, 'path' | 'content' | 'mode' | 'owner' | 'secret'>,
): PlanFile {
  return {
    path: file.path,
    mode: file.mode.toString(8),
    owner: file.owner,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    secret: file.secret,
    content: file.content,
  };
}

export const filesAreInPlace = (files: readonly PlanFile[]): string =>
  files.map((f) => sh`ciab_file_is ${f.path} ${f.mode} ${f.owner} ${f.sha256}`).join(' &&\n');

export const putFiles = (files: readonly PlanFile[]): string =>
  lines(...files.map((f) => sh`ciab_put_file ${f.path} ${f.mode} ${f.owner} ${f.sha256}`));

export const restoreFiles = (files: readonly PlanFile[]): string =>
  lines(...files.map((f) => sh`ciab_restore ${f.path}`));
