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
      '\nExample:\n  cloud-in-a-box render --answers ciab.yaml --out /tmp/ciab-files && cat /tmp/ciab-files/MANIFEST',
    )
    .action(async (options: { answers: string; out: string; force?: boolean }) => {
      const { loadAnswers } = await import('./answers-file.js');
      const { getRelease } = await import('../core/release/index.js');
      const { renderFiles, manifest } = await import('../core/render/index.js');
      const { messages } = await import('../messages.js');
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
 * the previous render, or complete. Returns the absolute DIR.
 */
async function writeTree(
  dir: string,
  files: readonly RenderedFile[],
  manifestText: string,
  force: boolean,
): Promise<string> {
  const { chmod, mkdir, mkdtemp, readdir, rename, rm, rmdir, writeFile } = await import('node:fs/promises');
  const path = await import('node:path');
  const { InputError, WorkError } = await import('../core/errors.js');
  const { messages, systemReason } = await import('../messages.js');
  const target = path.resolve(dir);
  const existing = await readdir(target).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new InputError(messages.renderOutUnusable(target, systemReason(error)));
  });
  const replacing = existing !== undefined && existing.length > 0;
  if (replacing && !(force && existing.includes('MANIFEST'))) {
    throw new InputError(
      messages.renderOutNotEmpty(target),
      force ? messages.renderOutNotRenderHint : messages.renderOutNotEmptyHint,
    );
  }
  await mkdir(path.dirname(target), { recursive: true });
  const temp = await mkdtemp(`${target}.tmp-`);
  try {
    for (const file of files) {
      const at = path.join(temp, file.path);
      await mkdir(path.dirname(at), { recursive: true });
      await writeFile(at, file.content, { mode: file.mode, flag: 'wx' });
      await chmod(at, file.mode); // the umask must not loosen or tighten what the manifest says
    }
    await writeFile(path.join(temp, 'MANIFEST'), manifestText, { mode: 0o644, flag: 'wx' });
    await chmod(temp, 0o755);
    if (replacing) {
      const old = `${temp}.old`;
      await rename(target, old);
      await rename(temp, target);
      await rm(old, { recursive: true, force: true });
    } else {
      if (existing !== undefined) await rmdir(target); // empty: it was checked above
      await rename(temp, target);
    }
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    if (error instanceof InputError) throw error;
    throw new WorkError(messages.renderWriteFailed(target, systemReason(error)));
  }
  return target;
}
