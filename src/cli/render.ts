/** `cloud-in-a-box render --answers FILE --out DIR`: every file the install would write, for review. */
import type { Command } from 'commander';
import type { RenderedFile } from '../core/render/index.js';
import type { Io } from './io.js';

export function registerRender(program: Command, io: Io): void {
  program
    .command('render')
    .description(
      'write every file the install would write under DIR, plus DIR/MANIFEST; changes nothing else',
    )
    .requiredOption('-a, --answers <file>', 'the answers file (YAML)')
    .requiredOption('-o, --out <dir>', 'where to write the files; must not exist or be empty')
    .option('--force', 'replace DIR when it holds an earlier render (it has a MANIFEST)')
    .addHelpText(
      'after',
      '\nExample:\n  cloud-in-a-box render --answers ciab.yaml --out ~/ciab-files && cat ~/ciab-files/MANIFEST',
    )
    .action(async (options: { answers: string; out: string; force?: boolean }) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { getRelease } = await import('../core/release/index.js');
      const { renderFiles, manifest } = await import('../core/render/index.js');
      const { messages } = await import('../core/messages.js');
      const { answers, warnings } = await loadAnswers(options.answers);
      warnings.forEach((w) => {
        io.err(messages.problem(options.answers, w) + '\n');
      });
      // No host here: no HWADDR to keep, and a password file only when the answers carry the password.
      const files = renderFiles(answers, getRelease(answers.release), {
        ...(answers.admin.password === null ? {} : { adminPassword: answers.admin.password }),
      });
      const out = await writeTree(options.out, files, manifest(files), options.force === true);
      io.out(messages.renderWritten(out, files.length) + '\n');
    });
}

/**
 * Writes the files into a fresh sibling directory and renames it into place, so DIR is either absent,
 * the previous render, or complete. Returns the absolute DIR. Runs as root: DIR's parent must be one no
 * other user can change, and DIR is replaced only when it is provably an earlier render of ours.
 */
async function writeTree(
  dir: string,
  files: readonly RenderedFile[],
  manifestText: string,
  force: boolean,
): Promise<string> {
  const { chmod, lstat, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } =
    await import('node:fs/promises');
  const path = await import('node:path');
  const { InputError, WorkError } = await import('../core/errors.js');
  const { resolvePrivateDir } = await import('../host/private-dir.js');
  const { provenEarlierRender, removeEarlierRender } = await import('./earlier-render.js');
  const { messages, systemReason } = await import('../core/messages.js');
  const target = path.resolve(dir);
  const parent = await resolvePrivateDir(path.dirname(target));
  if (parent.problem !== undefined)
    throw new InputError(messages.renderOutUnusable(target, parent.problem), messages.renderOutPrivateHint);
  const out = path.join(parent.real, path.basename(target));
  let existing: string[] | undefined;
  try {
    if (!(await lstat(out)).isDirectory())
      throw new InputError(messages.renderOutUnusable(target, messages.renderOutNotADirectory));
    existing = await readdir(out);
  } catch (error) {
    if (error instanceof InputError) throw error;
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
      throw new InputError(messages.renderOutUnusable(target, systemReason(error)));
  }
  const replacing = existing !== undefined && existing.length > 0;
  const earlier = replacing ? await provenEarlierRender(out) : undefined;
  if (typeof earlier === 'string') {
    throw force
      ? new InputError(messages.renderOutNotReplaceable(target, earlier), messages.renderOutNotRenderHint)
      : new InputError(messages.renderOutNotEmpty(target), messages.renderOutNewHint);
  }
  if (earlier !== undefined && !force)
    throw new InputError(messages.renderOutNotEmpty(target), messages.renderOutNotEmptyHint);
  await mkdir(parent.real, { recursive: true });
  const temp = await mkdtemp(`${out}.tmp-`);
  try {
    for (const file of files) {
      const at = path.join(temp, file.path);
      await mkdir(path.dirname(at), { recursive: true, mode: 0o755 });
      await writeFile(at, file.content, { mode: file.mode, flag: 'wx' });
      await chmod(at, file.mode); // the umask must not loosen or tighten what the manifest says
    }
    await writeFile(path.join(temp, 'MANIFEST'), manifestText, { mode: 0o644, flag: 'wx' });
    await chmod(temp, 0o755);
    if (earlier !== undefined) {
      // Set aside in a directory only we can enter, then deleted file by file.
      const aside = await mkdtemp(`${out}.old-`);
      await rename(out, path.join(aside, 'render'));
      await rename(temp, out);
      await removeEarlierRender(path.join(aside, 'render'), earlier);
      await rmdir(aside);
    } else {
      if (existing !== undefined) await rmdir(out); // empty: it was checked above
      await rename(temp, out);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof InputError) throw error;
    throw new WorkError(messages.renderWriteFailed(target, systemReason(error)));
  }
  return out;
}
