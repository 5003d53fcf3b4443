/**
 * `cloud-in-a-box iso`: remaster a CentOS 7 install ISO into cloud-in-a-box media. In two stages, so that
 * nothing is written before everything is known to work: `prepareIso` checks the base, the label, the
 * answers, the kickstarts and the free space, and renders every file we add in a work directory;
 * `writeIso` writes the image next to the output under a temporary name, with its media check MD5, and
 * renames it, so a failure never leaves a half-written ISO behind.
 */
import { randomBytes } from 'node:crypto';
import {
  chmod,
  mkdir,
  mkdtemp,
  readFile,
  readdir,
  rename,
  rm,
  stat,
  statfs,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AnswersModel } from '../core/answers/model.js';
import { BaseMediaError, BOOT_FILES, EFIBOOT_GRUB_PATH, identifyBase } from '../core/iso/base-media.js';
import type { BaseMedia } from '../core/iso/base-media.js';
import { BootConfigError, parseGrub, parseIsolinux } from '../core/iso/boot-config.js';
import { labelProblem } from '../core/iso/label.js';
import { MediaCheckError } from '../core/iso/media-check.js';
import type { DefaultEntry } from '../core/iso/options.js';
import { kickstartPathOnMedia, renderGrubMenu, renderIsolinuxMenu } from '../core/iso/menus.js';
import { InputError, WorkError } from '../core/errors.js';
import { KICKSTART_PROFILES, OFFLINE_REPO_DIR, renderKickstart } from '../core/kickstart/index.js';
import { getRelease } from '../core/release/index.js';
import type { ReleaseProfile } from '../core/release/index.js';
import { resolvePrivateDir } from '../host/private-dir.js';
import { messages, systemReason } from '../core/messages.js';
import { createRepoMetadata } from '../host/tools/createrepo.js';
import { readFatFile, writeFatFile } from '../host/tools/mtools.js';
import { ToolError } from '../host/tools/tool.js';
import { extractFromIso, listIso, remasterIso } from '../host/tools/xorriso.js';
import { implantMediaCheck, writeImageFile } from './image-file.js';
import { MediaCheckThread } from './media-check-thread.js';

export interface IsoRequest {
  base: string;
  model: AnswersModel;
  output: string;
  overwrite: boolean;
  /** a directory of RPMs to carry as the offline Eucalyptus repository */
  repo?: string;
  volumeId?: string;
  defaultEntry: DefaultEntry;
  timeoutSeconds: number;
}

export interface PreparedIso {
  request: IsoRequest;
  media: BaseMedia;
  volumeId: string;
  bootRecord: string;
  /** what goes onto the ISO: local path -> ISO path */
  map: { local: string; isoPath: string }[];
  packages: number;
  workDir: string;
}

/** Room the output needs besides the base's and the repository's bytes (xorriso pads, metadata grows). */
const SPACE_MARGIN_BYTES = 64 * 1024 * 1024;

export async function prepareIso(request: IsoRequest, signal?: AbortSignal): Promise<PreparedIso> {
  const volumeProblem = request.volumeId === undefined ? undefined : labelProblem(request.volumeId);
  if (request.volumeId !== undefined && volumeProblem !== undefined)
    throw new InputError(messages.isoLabelInvalid(request.volumeId, volumeProblem), messages.isoLabelHint);
  const baseSize = await fileSize(request.base, messages.isoBaseUnreadable);
  if (path.resolve(request.base) === path.resolve(request.output))
    throw new InputError(messages.isoOutputIsBase(request.output));
  // Written as root: into a directory where no other user can swap our temporary file or the image.
  const outputDir = await resolvePrivateDir(path.dirname(path.resolve(request.output)));
  if (outputDir.problem !== undefined)
    throw new InputError(
      messages.isoOutputDirUnusable(outputDir.real, outputDir.problem),
      messages.isoOutputDirPrivateHint,
    );
  if (!request.overwrite && (await exists(request.output)))
    throw new InputError(messages.isoOutputExists(request.output), messages.isoOutputExistsHint);
  const release = getRelease(request.model.answers.release);
  const repoFiles = request.repo === undefined ? undefined : await repoEntries(request.repo, release);

  const workDir = await mkdtemp(path.join(tmpdir(), 'cloud-in-a-box-iso-'));
  try {
    const options = signal === undefined ? {} : { signal };
    const listing = await tooling(() => listIso(request.base, options), request.base);
    const files = new Set(listing.files);
    const info = ['/.treeinfo', '/.discinfo'].filter((f) => files.has(f));
    await tooling(
      () =>
        extractFromIso(
          request.base,
          [...info, BOOT_FILES.isolinux, BOOT_FILES.grub, BOOT_FILES.efiboot]
            .filter((f) => files.has(f))
            .map((isoPath) => ({ isoPath, local: local(workDir, 'base', isoPath) })),
          options,
        ),
      request.base,
    );
    const media = identifyOrRefuse(request.base, {
      volumeId: listing.volumeId,
      files,
      ...(info.includes('/.treeinfo') ? { treeinfo: await readText(workDir, 'base', '/.treeinfo') } : {}),
      ...(info.includes('/.discinfo') ? { discinfo: await readText(workDir, 'base', '/.discinfo') } : {}),
    });
    const volumeId = request.volumeId ?? media.volumeId;
    const baseLabelProblem = labelProblem(volumeId);
    if (baseLabelProblem !== undefined)
      throw new InputError(messages.isoLabelInvalid(volumeId, baseLabelProblem), messages.isoBaseLabelHint);

    const menu = {
      label: volumeId,
      defaultEntry: request.defaultEntry,
      timeoutSeconds: request.timeoutSeconds,
      disk: request.model.answers.kickstart.disk,
    };
    const map: PreparedIso['map'] = [];
    const put = async (isoPath: string, content: string, mode = 0o644): Promise<void> => {
      const file = local(workDir, 'new', isoPath);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content, { mode });
      map.push({ local: file, isoPath });
    };
    const isolinuxText = await readText(workDir, 'base', BOOT_FILES.isolinux);
    const grubText = await readText(workDir, 'base', BOOT_FILES.grub);
    const grubMenu = renderGrubMenu(
      bootConfig(request.base, () => parseGrub(grubText), BOOT_FILES.grub),
      menu,
    );
    await put(
      BOOT_FILES.isolinux,
      renderIsolinuxMenu(
        bootConfig(request.base, () => parseIsolinux(isolinuxText), BOOT_FILES.isolinux),
        menu,
      ),
    );
    await put(BOOT_FILES.grub, grubMenu);
    if (files.has(BOOT_FILES.efiboot)) {
      const image = local(workDir, 'base', BOOT_FILES.efiboot);
      await chmod(image, 0o600);
      // media whose efiboot.img carries no grub.cfg (it then reads the one on the ISO) keep it as it is
      const copy = await tooling(() => readFatFile(image, EFIBOOT_GRUB_PATH, options), BOOT_FILES.efiboot);
      if (copy !== undefined) {
        await tooling(
          () => writeFatFile(image, EFIBOOT_GRUB_PATH, local(workDir, 'new', BOOT_FILES.grub), options),
          BOOT_FILES.efiboot,
        );
        map.push({ local: image, isoPath: BOOT_FILES.efiboot });
      }
    }

    for (const profile of KICKSTART_PROFILES) {
      const text = renderKickstart(request.model, release, {
        profile,
        media: { label: volumeId, offlineRepo: repoFiles !== undefined },
      });
      await put(kickstartPathOnMedia(profile), text, 0o600);
    }

    let repoBytes = 0;
    const repo = request.repo;
    if (repo !== undefined && repoFiles !== undefined) {
      const metadata = path.join(workDir, 'repo-metadata');
      await mkdir(metadata);
      await tooling(() => createRepoMetadata(repo, metadata, options), repo);
      for (const name of repoFiles.entries) {
        map.push({ local: path.join(repo, name), isoPath: `/${OFFLINE_REPO_DIR}/${name}` });
      }
      map.push({ local: path.join(metadata, 'repodata'), isoPath: `/${OFFLINE_REPO_DIR}/repodata` });
      repoBytes = repoFiles.bytes;
    }

    const needed = baseSize + repoBytes + SPACE_MARGIN_BYTES;
    const free = await freeBytes(path.dirname(path.resolve(request.output)));
    if (free < needed) throw new InputError(messages.isoNoSpace(request.output, needed, free));

    return {
      // the output by its resolved path: a symlink on the way could be swapped
      request: { ...request, output: path.join(outputDir.real, path.basename(request.output)) },
      media,
      volumeId,
      bootRecord: listing.bootRecord,
      map,
      packages: repoFiles?.rpms ?? 0,
      workDir,
    };
  } catch (error) {
    await rm(workDir, { recursive: true, force: true });
    throw error;
  }
}

export interface WriteProgress {
  onProgress?: (percent: number) => void;
  signal?: AbortSignal;
}

/**
 * Writes the ISO under a temporary name in the output's directory, with the MD5 that the installer's media
 * check verifies computed as it is written, then renames it.
 */
export async function writeIso(prepared: PreparedIso, progress: WriteProgress = {}): Promise<void> {
  const { output } = prepared.request;
  const temp = path.join(
    path.dirname(output),
    `.${path.basename(output)}.${randomBytes(4).toString('hex')}.partial`,
  );
  const check = new MediaCheckThread();
  try {
    await tooling(
      () =>
        remasterIso({
          base: prepared.request.base,
          volumeId: prepared.volumeId,
          map: prepared.map,
          consumeImage: (image) => writeImageFile(image, temp, check, progress.onProgress),
          ...(progress.signal === undefined ? {} : { signal: progress.signal }),
        }),
      output,
    );
    await tooling(() => implantMediaCheck(temp, check), output);
    await rename(temp, output);
  } finally {
    await check.stop();
    await rm(temp, { force: true });
  }
}

export async function cleanUp(prepared: PreparedIso): Promise<void> {
  await rm(prepared.workDir, { recursive: true, force: true });
}

function identifyOrRefuse(base: string, facts: Parameters<typeof identifyBase>[0]): BaseMedia {
  try {
    return identifyBase(facts);
  } catch (error) {
    if (error instanceof BaseMediaError)
      throw new InputError(messages.isoBaseRefused(base, error.message), messages.isoBaseHint);
    throw error;
  }
}

function bootConfig<T>(base: string, parse: () => T, file: string): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof BootConfigError)
      throw new InputError(messages.isoBaseRefused(base, error.message), messages.isoBaseHint);
    throw new InputError(messages.isoBaseRefused(base, `cannot read ${file}`));
  }
}

/**
 * Runs a tool (or writes the image) and turns what can go wrong there into a WorkError: a tool's failure
 * with its last output, an image without a place for the media check, a write the disk refused.
 */
async function tooling<T>(run: () => Promise<T>, subject: string): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof ToolError)
      throw new WorkError(messages.isoToolFailed(error.message, subject), undefined, error.lastLines);
    if (error instanceof MediaCheckError)
      throw new WorkError(messages.isoImageUnusable(subject, error.message));
    if (isSystemError(error)) throw new WorkError(messages.isoWriteFailed(subject, error.message));
    throw error;
  }
}

/** A failed system call (ENOSPC, EIO, ...), not a mistake of ours. */
const isSystemError = (error: unknown): error is NodeJS.ErrnoException =>
  error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';

const local = (workDir: string, tree: 'base' | 'new', isoPath: string): string =>
  path.join(workDir, tree, isoPath);

const readText = (workDir: string, tree: 'base' | 'new', isoPath: string): Promise<string> =>
  readFile(local(workDir, tree, isoPath), 'utf8');

async function fileSize(file: string, message: (file: string, reason: string) => string): Promise<number> {
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new Error('not a file');
    return info.size;
  } catch (error) {
    throw new InputError(message(file, systemReason(error)));
  }
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

async function freeBytes(dir: string): Promise<number> {
  try {
    const fs = await statfs(dir);
    return fs.bavail * fs.bsize;
  } catch (error) {
    throw new InputError(messages.isoOutputDirUnusable(dir, systemReason(error)), messages.isoOutputDirHint);
  }
}

/** The repository directory's top-level entries (its own repodata/ is replaced), RPM count and size. */
async function repoEntries(
  dir: string,
  release: ReleaseProfile,
): Promise<{ entries: string[]; rpms: number; bytes: number }> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    throw new InputError(messages.isoRepoUnreadable(dir, systemReason(error)));
  }
  const all = await readdir(dir, { recursive: true, withFileTypes: true });
  const rpms = all.filter((e) => e.isFile() && e.name.endsWith('.rpm'));
  if (rpms.length === 0)
    throw new InputError(messages.isoRepoEmpty(dir), messages.isoRepoHint(release.eucalyptusVersion));
  let bytes = 0;
  for (const entry of all)
    if (entry.isFile()) bytes += (await stat(path.join(entry.parentPath, entry.name))).size;
  return { entries: names.filter((n) => n !== 'repodata'), rpms: rpms.length, bytes };
}
