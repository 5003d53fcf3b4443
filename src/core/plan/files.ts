/**
 * Tasks that install rendered files: checked by content hash (a secret file: against its staged content),
 * installed from the staging directory, undone from the backup.
 */
import type { RenderedFile } from '../render/index.js';
import { sha256 } from '../render/manifest.js';
import { lines, sh } from './sh.js';
import type { PlanFile } from './types.js';

export function planFile(
  file: Pick<RenderedFile, 'path' | 'content' | 'mode' | 'owner' | 'secret'>,
): PlanFile {
  return {
    path: file.path,
    mode: file.mode.toString(8),
    owner: file.owner,
    sha256: file.secret ? null : sha256(file.content),
    staged: file.secret ? `secret-${sha256(file.path).slice(0, 16)}` : sha256(file.content),
    secret: file.secret,
    content: file.content,
  };
}

export const filesAreInPlace = (files: readonly PlanFile[]): string =>
  files
    .map((f) =>
      f.sha256 === null
        ? sh`ciab_secret_is ${f.path} ${f.mode} ${f.owner} ${f.staged}`
        : sh`ciab_file_is ${f.path} ${f.mode} ${f.owner} ${f.sha256}`,
    )
    .join(' &&\n');

export const putFiles = (files: readonly PlanFile[]): string =>
  lines(...files.map((f) => sh`ciab_put_file ${f.path} ${f.mode} ${f.owner} ${f.staged}`));

export const restoreFiles = (files: readonly PlanFile[]): string =>
  lines(...files.map((f) => sh`ciab_restore ${f.path}`));
