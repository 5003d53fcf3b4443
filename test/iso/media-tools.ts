/**
 * Reading ISOs and making RPMs for the ISO tests, with the real tools (xorriso, rpmbuild): the test side
 * of the host boundary.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';

const execFileAsync = promisify(execFile);

export interface Listing {
  volumeId: string;
  files: string[];
  bootRecord: string;
}

export async function isoListing(iso: string): Promise<Listing> {
  const { stdout, stderr } = await execFileAsync(
    'xorriso',
    ['-indev', iso, '-pvd_info', '-find', '/', '-type', 'f'],
    {
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return {
    volumeId: /^Volume Id\s*: (.*)$/m.exec(stdout)?.[1]?.trimEnd() ?? '',
    files: stdout
      .split('\n')
      .filter((l) => l.startsWith("'/"))
      .map((l) => l.slice(1, -1)),
    bootRecord: /^Boot record\s*: (.*)$/m.exec(stderr)?.[1]?.trim() ?? '',
  };
}

export async function isoFileText(iso: string, isoPath: string, { gunzip = false } = {}): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-iso-read-'));
  try {
    const local = path.join(dir, 'file');
    await execFileAsync('xorriso', ['-osirrox', 'on', '-indev', iso, '-extract', isoPath, local]);
    const bytes = readFileSync(local);
    return (gunzip ? gunzipSync(bytes) : bytes).toString('utf8');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The grub.cfg inside the ISO's EFI boot image (/images/efiboot.img), read with mtools. */
export async function efibootGrubText(iso: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-efiboot-'));
  try {
    const image = path.join(dir, 'efiboot.img');
    await execFileAsync('xorriso', [
      '-osirrox',
      'on',
      '-indev',
      iso,
      '-extract',
      '/images/efiboot.img',
      image,
    ]);
    return (await execFileAsync('mtype', ['-i', image, '::/EFI/BOOT/grub.cfg'])).stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * GRUB's own script parser (grub-script-check, from grub-common): what it refuses, GRUB refuses at boot.
 * Returns its complaint, or '' when the script parses.
 */
export async function grubScriptProblems(script: string): Promise<string> {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-grub-check-'));
  try {
    const file = path.join(dir, 'grub.cfg');
    writeFileSync(file, script);
    await execFileAsync('grub-script-check', [file]);
    return '';
  } catch (error) {
    const { stderr = '', message } = error as { stderr?: string; message: string };
    return stderr.trim() || message;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Empty noarch RPMs, built with rpmbuild into DIR/noarch/; returns DIR. */
export async function buildTestRpms(dir: string, names: readonly string[]): Promise<string> {
  const top = mkdtempSync(path.join(tmpdir(), 'ciab-rpmbuild-'));
  try {
    for (const name of names) {
      const spec = path.join(top, `${name}.spec`);
      writeFileSync(
        spec,
        [
          `Name: ${name}`,
          'Version: 1.0',
          'Release: 1',
          'Summary: a package for the cloud-in-a-box ISO tests',
          'License: Apache-2.0',
          'BuildArch: noarch',
          '%description',
          'Empty: it only has to be a valid RPM in a yum repository.',
          '%files',
          '',
        ].join('\n'),
      );
      mkdirSync(dir, { recursive: true });
      await execFileAsync('rpmbuild', [
        '-bb',
        '--define',
        `_topdir ${top}`,
        '--define',
        `_rpmdir ${dir}`,
        spec,
      ]);
    }
    return dir;
  } finally {
    rmSync(top, { recursive: true, force: true });
  }
}
