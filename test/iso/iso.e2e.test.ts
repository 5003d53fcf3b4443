/**
 * `cloud-in-a-box iso` end to end: remaster the fixture base (a small ISO shaped like the CentOS 7 Minimal
 * ISO, test/iso/fixture.ts), boot the result under qemu with software emulation, with SeaBIOS and with
 * OVMF, and read on the serial console what the kernel got and what the stand-in for anaconda found
 * through the label. Debian's GRUB turns an unquoted `\x20` into `x20` (RHEL 7's passes it through), so
 * the spaced label is tested under SeaBIOS/isolinux and the OVMF boots use a fixture labelled without
 * spaces; what we write for real CentOS media does not change for the fixture's sake.
 */
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { ensureBuilt, root } from '../install/helpers.js';
import { shellCommand } from '../../src/core/quote.js';
import { buildFixtureBase } from './fixture.js';
import { FIRMWARE_MENU, bootIso, buildLocalDisk } from './qemu.js';
import {
  buildTestRpms,
  efibootGrubText,
  grubScriptProblems,
  isoFileText,
  isoListing,
} from './media-tools.js';

const execFileAsync = promisify(execFile);
const SPACED = 'CentOS 7 x86_64';
const UNSPACED = 'CentOS-7-x86_64';
const PROFILES = ['ciab', 'frontend', 'nc', 'minimal'] as const;
const escaped = (label: string): string => label.replaceAll(' ', '\\x20');

const work = mkdtempSync(path.join(tmpdir(), 'ciab-iso-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

const answers = path.join(work, 'answers.yaml');
let spacedBase = '';
let unspacedBase = '';
let localDisk = '';

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function ciab(args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [path.join(root, 'bin/cloud-in-a-box.js'), ...args],
      {
        env: { ...process.env, ...env },
        maxBuffer: 16 * 1024 * 1024,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Builds our ISO from a base; returns its path. */
async function buildIso(base: string, name: string, ...extra: string[]): Promise<string> {
  const output = path.join(work, `${name}.iso`);
  const r = await ciab([
    'iso',
    '--base',
    base,
    '--answers',
    answers,
    '-o',
    output,
    '--timeout',
    '1',
    ...extra,
  ]);
  assert.equal(r.code, 0, r.stderr);
  return output;
}

before(() => {
  ensureBuilt();
  const text = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8')
    .replace('rootPassword: null', 'rootPassword: Root-Pw-4-Test')
    .replace('password: null', 'password: Admin-Pw-4-Test');
  writeFileSync(answers, text, { mode: 0o600 });
  spacedBase = buildFixtureBase({ label: SPACED });
  unspacedBase = buildFixtureBase({ label: UNSPACED });
  localDisk = buildLocalDisk(path.join(work, 'disk'));
});

/** The kickstart the stand-in printed, between its markers. */
function printedKickstart(serial: string): string {
  const match = /CIAB-STANDIN ks-begin (\S+)\r?\n([\s\S]*?)CIAB-STANDIN ks-end/.exec(serial);
  assert.ok(match, `the stand-in printed no kickstart:\n${serial.slice(-3000)}`);
  return match[2] ?? '';
}

function assertInstallBoot(serial: string, label: string, profile: string): void {
  const cmdline = /CIAB-STANDIN cmdline: (.*)/.exec(serial)?.[1] ?? '';
  assert.match(
    cmdline,
    new RegExp(`inst\\.ks=hd:LABEL=${escaped(label).replaceAll('\\', '\\\\')}:/ks/${profile}\\.cfg(\\s|$)`),
    cmdline,
  );
  assert.ok(cmdline.includes(`inst.stage2=hd:LABEL=${escaped(label)}`), cmdline);
  assert.match(serial, new RegExp(`CIAB-STANDIN stage2-label: ${label} device: \\S+`));
  const ks = printedKickstart(serial);
  assert.match(ks, new RegExp(`^# cloud-in-a-box kickstart, profile ${profile}:`, 'm'));
  assert.match(ks, new RegExp(`on the install media labelled "${label}"`));
  assert.match(serial, /CIAB-STANDIN done/);
}

describe('cloud-in-a-box iso: boots', { concurrency: 2 }, () => {
  for (const profile of PROFILES) {
    it(`SeaBIOS, spaced label, --default-entry ${profile}: the kernel gets inst.ks and the stand-in reads it by label`, async () => {
      const iso = await buildIso(spacedBase, `bios-${profile}`, '--default-entry', profile);
      const { serial } = await bootIso(iso, { firmware: 'bios', localDisk });
      assertInstallBoot(serial, SPACED, profile);
    });
    it(`OVMF, label without spaces, --default-entry ${profile}`, async () => {
      const iso = await buildIso(unspacedBase, `uefi-${profile}`, '--default-entry', profile);
      const { serial } = await bootIso(iso, { firmware: 'uefi', localDisk });
      assertInstallBoot(serial, UNSPACED, profile);
    });
  }

  it('SeaBIOS: the default entry boots the local drive', async () => {
    const iso = await buildIso(spacedBase, 'bios-local');
    const { serial } = await bootIso(iso, { firmware: 'bios', localDisk });
    assert.match(serial, /CIAB-LOCAL-DISK booted/);
    assert.doesNotMatch(serial, /CIAB-STANDIN/, 'no installer started');
  });

  // Our UEFI entry leaves GRUB with `exit 1`, so that the firmware boots its next device (EDK2 does only
  // after a failure). Debian 12's GRUB 2.06, the fixture's, ignores exit's code (RHEL 7's takes it), so
  // OVMF shows its own boot manager here instead of reaching the disk: what this boot proves is that the
  // default entry leaves GRUB and hands the machine back to the firmware without starting an installer.
  it('OVMF: the default entry leaves GRUB and hands back to the firmware', async () => {
    const iso = await buildIso(unspacedBase, 'uefi-local');
    const { serial } = await bootIso(iso, { firmware: 'uefi', localDisk });
    const left = serial.indexOf("Booting `Boot from local drive'");
    assert.ok(left >= 0, serial.slice(-2000));
    assert.match(serial.slice(left), FIRMWARE_MENU);
    assert.doesNotMatch(serial, /CIAB-STANDIN/, 'no installer started');
  });
});

describe('cloud-in-a-box iso: the media', () => {
  it('checkisomd5 passes; the boot records and the hybrid layout of the base stay; the kickstarts are on it', async () => {
    const iso = await buildIso(spacedBase, 'media');
    await execFileAsync('checkisomd5', [iso]);
    const [base, ours] = await Promise.all([isoListing(spacedBase), isoListing(iso)]);
    assert.equal(ours.bootRecord, base.bootRecord);
    assert.match(ours.bootRecord, /El Torito.*MBR.*GPT/);
    assert.equal(ours.volumeId, SPACED);
    for (const profile of PROFILES) assert.ok(ours.files.includes(`/ks/${profile}.cfg`), profile);
    for (const file of base.files) assert.ok(ours.files.includes(file), `kept ${file}`);
    const grub = await isoFileText(iso, '/EFI/BOOT/grub.cfg');
    assert.match(grub, /inst\.ks=hd:LABEL=CentOS\\x207\\x20x86_64:\/ks\/ciab\.cfg/);
    // Every grub.cfg the media carry parses with GRUB's own parser.
    const efiboot = await efibootGrubText(iso);
    assert.match(efiboot, /inst\.ks=/, 'the EFI boot image carries our menu too');
    const carried: [string, string][] = [
      ['/EFI/BOOT/grub.cfg', grub],
      ['/images/efiboot.img:/EFI/BOOT/grub.cfg', efiboot],
    ];
    for (const [where, text] of carried) assert.equal(await grubScriptProblems(text), '', where);
    assert.notEqual(await grubScriptProblems(`${grub}\nmenuentry 'unclosed' {\n`), '', 'the check can fail');
  });

  it('eucalyptus-5 answers: every kickstart on the media installs eucalyptus-5, with its policy lines', async () => {
    const five = path.join(work, 'answers-5.yaml');
    writeFileSync(five, readFileSync(answers, 'utf8').replace(/^release: .*$/m, 'release: eucalyptus-5'), {
      mode: 0o600,
    });
    const output = path.join(work, 'five.iso');
    const r = await ciab(['iso', '--base', spacedBase, '--answers', five, '-o', output, '--timeout', '1']);
    assert.equal(r.code, 0, r.stderr);
    for (const profile of PROFILES.filter((p) => p !== 'minimal')) {
      const ks = await isoFileText(output, `/ks/${profile}.cfg`);
      assert.match(ks, /^release: eucalyptus-5$/m, profile);
      assert.match(ks, /as Eucalyptus 5's playbooks set it/, profile);
    }
  });

  it('--repo: RPMs built here become an offline repository with valid metadata, found by the stand-in', async () => {
    const rpms = await buildTestRpms(path.join(work, 'rpms'), ['ciab-test-one', 'ciab-test-two']);
    const iso = await buildIso(spacedBase, 'repo', '--repo', rpms, '--default-entry', 'ciab');
    const listing = await isoListing(iso);
    assert.ok(listing.files.includes('/repo/repodata/repomd.xml'));
    for (const name of ['ciab-test-one', 'ciab-test-two'])
      assert.ok(
        listing.files.some((f) => f.startsWith(`/repo/noarch/${name}-1.0-1.noarch.rpm`)),
        name,
      );
    const primaryName = listing.files.find((f) => /^\/repo\/repodata\/[0-9a-f]+-primary\.xml\.gz$/.test(f));
    assert.ok(primaryName);
    const primary = await isoFileText(iso, primaryName, { gunzip: true });
    assert.match(primary, /packages="2"/);
    assert.match(primary, /location href="noarch\/ciab-test-one-1\.0-1\.noarch\.rpm"/);
    assert.deepEqual(readdirSync(rpms).sort(), ['noarch'], 'the RPM directory is only read');
    const ks = await isoFileText(iso, '/ks/ciab.cfg');
    // The first boot installs from the repository's copy on the disk, with signatures checked.
    assert.match(
      ks,
      /^cp -a \/run\/install\/repo\/repo\/\. \/mnt\/sysimage\/var\/lib\/cloud-in-a-box\/offline-repo\/$/m,
    );
    const { serial } = await bootIso(iso, { firmware: 'bios', localDisk });
    const repoListing =
      /CIAB-STANDIN repo-listing-begin\r?\n([\s\S]*?)CIAB-STANDIN repo-listing-end/.exec(serial)?.[1] ?? '';
    assert.match(repoListing, /repomd\.xml/);
    assert.match(repoListing, /ciab-test-two-1\.0-1\.noarch\.rpm/);
  });
});

describe('cloud-in-a-box iso: refusals and failures leave nothing behind', () => {
  const outputs = (dir: string): string[] =>
    readdirSync(dir).filter((f) => f.endsWith('.iso') || f.endsWith('.partial'));

  it('a volume label of 33 characters is refused before anything is written (exit 2)', async () => {
    const dir = mkdtempSync(path.join(work, 'label-'));
    const r = await ciab([
      'iso',
      '--base',
      spacedBase,
      '--answers',
      answers,
      '-o',
      path.join(dir, 'out.iso'),
      '--volid',
      'A'.repeat(33),
    ]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /33 characters; ISO 9660 allows 32/);
    assert.match(r.stderr, /--volid/);
    assert.deepEqual(outputs(dir), []);
  });

  it('a base that is not CentOS 7 install media is refused (exit 2)', async () => {
    const dir = mkdtempSync(path.join(work, 'notcentos-'));
    mkdirSync(path.join(dir, 'tree'));
    writeFileSync(path.join(dir, 'tree/README'), 'not an installer\n');
    const other = path.join(dir, 'other.iso');
    await execFileAsync('xorriso', ['-as', 'mkisofs', '-V', 'OTHER', '-o', other, path.join(dir, 'tree')]);
    const r = await ciab(['iso', '--base', other, '--answers', answers, '-o', path.join(dir, 'out.iso')]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /cannot be the base: it has neither \.treeinfo nor \.discinfo/);
    assert.deepEqual(
      outputs(dir).filter((f) => f !== 'other.iso'),
      [],
    );
  });

  /**
   * A fake at the host boundary: an xorriso that lists and extracts with the real one, and when asked for
   * the remastered image runs `remaster(image)`, a shell snippet around `image`, the real xorriso's command
   * that writes it. Anything else it refuses, loudly.
   */
  async function fakeXorriso(bin: string, remaster: (image: string) => string): Promise<void> {
    const real = (await execFileAsync('sh', ['-c', 'command -v xorriso'])).stdout.trim();
    mkdirSync(bin);
    writeFileSync(
      path.join(bin, 'xorriso'),
      [
        '#!/bin/sh',
        'case " $* " in',
        `  *" -outdev - "*) ${remaster(`${real} "$@"`)} ;;`,
        `  *" -pvd_info "*|*" -osirrox on "*) exec ${real} "$@" ;;`,
        '  *) echo "fake xorriso: unexpected call: $*" >&2; exit 99 ;;',
        'esac',
        '',
      ].join('\n'),
    );
    chmodSync(path.join(bin, 'xorriso'), 0o755);
  }

  /** The first 4 MiB of the image, then `then`. */
  const afterFourMiB =
    (then: string) =>
    (image: string): string =>
      `${image} | head -c 4194304; ${then}`;

  /** `cloud-in-a-box iso` writing DIR/out.iso, with the fake xorriso in DIR/bin. */
  async function isoWithFakeXorriso(dir: string, remaster: (image: string) => string): Promise<CliResult> {
    const bin = path.join(dir, 'bin');
    await fakeXorriso(bin, remaster);
    return ciab(['iso', '--base', spacedBase, '--answers', answers, '-o', path.join(dir, 'out.iso')], {
      PATH: `${bin}:${process.env.PATH ?? ''}`,
    });
  }

  it('xorriso failing half-way through the image leaves no output file (exit 1)', async () => {
    const dir = mkdtempSync(path.join(work, 'fail-'));
    const r = await isoWithFakeXorriso(
      dir,
      afterFourMiB('echo "xorriso : FAILURE : simulated write error" >&2; exit 5'),
    );
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /xorriso failed \(exit 5\)/);
    assert.match(r.stderr, /simulated write error/);
    assert.deepEqual(readdirSync(dir).sort(), ['bin'], 'no output, no temporary file');
  });

  it('an image that stops short although xorriso says it succeeded is refused (exit 1)', async () => {
    const dir = mkdtempSync(path.join(work, 'short-'));
    const r = await isoWithFakeXorriso(dir, afterFourMiB('exit 0'));
    assert.equal(r.code, 1, r.stderr);
    assert.match(
      r.stderr,
      /image xorriso wrote for .*out\.iso is unusable: it ended after 4194304 bytes; its primary volume descriptor gives \d+/,
    );
    assert.deepEqual(readdirSync(dir).sort(), ['bin'], 'no output, no temporary file');
  });

  it('the disk filling up while the image is written leaves no output file (exit 1)', async () => {
    // A file system of its own, with room for the free-space check (image + 64 MiB), which something else
    // then fills before the image is written: the write itself fails with ENOSPC.
    const dir = mkdtempSync(path.join(work, 'full-'));
    const baseBytes = statSync(spacedBase).size;
    const mib = Math.ceil(baseBytes / 2 ** 20) + 64 + 16;
    await execFileAsync('mount', ['-t', 'tmpfs', '-o', `size=${mib}m`, 'tmpfs', dir]);
    try {
      const filler = path.join(dir, 'filler');
      const r = await isoWithFakeXorriso(
        dir,
        (image) => `head -c ${(mib - 8) * 2 ** 20} /dev/zero >'${filler}' && exec ${image}`,
      );
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /cannot write .*out\.iso: ENOSPC: no space left on device/);
      assert.deepEqual(readdirSync(dir).sort(), ['bin', 'filler'], 'no output, no temporary file');
    } finally {
      await execFileAsync('umount', [dir]);
    }
  });

  /**
   * `cloud-in-a-box iso` writing DIR/out.iso with a fake xorriso that stops after 4 MiB of the image and
   * then waits to be stopped (touching DIR/writing-started): ignoring SIGINT, as the real one does while
   * it writes (xorriso(1), -signal_handling: libburn's handler, on by default, answers Ctrl-C with "ABORT :
   * Wait the normal burning time before any kill -9" and keeps writing), so that only our SIGTERM ends it.
   * `start` runs the command line it is given (argv) and returns the child.
   */
  async function interruptedIso(
    start: (argv: string[], env: NodeJS.ProcessEnv) => ChildProcessWithoutNullStreams,
    interrupt: (child: ChildProcessWithoutNullStreams) => void,
  ): Promise<void> {
    const dir = mkdtempSync(path.join(work, 'interrupt-'));
    const bin = path.join(dir, 'bin');
    const scratch = path.join(dir, 'tmp');
    mkdirSync(scratch);
    const started = path.join(dir, 'writing-started');
    await fakeXorriso(bin, afterFourMiB(`trap '' INT; touch '${started}'; exec sleep 60`));
    const output = path.join(dir, 'out.iso');
    const child = start(
      [
        process.execPath,
        path.join(root, 'bin/cloud-in-a-box.js'),
        'iso',
        '--base',
        spacedBase,
        '--answers',
        answers,
        '-o',
        output,
      ],
      { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, TMPDIR: scratch },
    );
    let said = '';
    const collect = (chunk: Buffer): void => {
      said += chunk.toString();
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        resolve(code);
      });
    });
    while (!existsSync(started)) await new Promise((resolve) => setTimeout(resolve, 20));
    interrupt(child);
    assert.equal(await exited, 130, said);
    assert.match(said, /cancelled; nothing was written/);
    assert.deepEqual(
      readdirSync(dir).sort(),
      ['bin', 'tmp', 'writing-started'],
      'no output, no partial file',
    );
    assert.deepEqual(readdirSync(scratch), [], 'no work directory left');
  }

  it('Ctrl-C typed on a terminal while the ISO is being written stops xorriso and leaves nothing behind (exit 130)', async () => {
    // A terminal of its own (script(1) runs the command on a new pty): the live progress renderer is on,
    // and ^C typed on the pty is the line discipline's SIGINT to the whole foreground process group,
    // node and xorriso alike. script exits with the command's status (130 also when it died of SIGINT:
    // the message and the files tell the two apart).
    await interruptedIso(
      (argv, env) => spawn('script', ['-qfec', `exec ${shellCommand(argv)}`, '/dev/null'], { env }),
      (child) => child.stdin.write('\x03'),
    );
  });

  it('SIGINT to node alone while the ISO is being written stops xorriso and leaves nothing behind (exit 130)', async () => {
    await interruptedIso(
      ([command, ...args], env) => spawn(command ?? '', args, { env, stdio: ['pipe', 'pipe', 'pipe'] }),
      (child) => child.kill('SIGINT'),
    );
  });

  it('an output in a directory that does not exist: one sentence and a hint, exit 2', async () => {
    const output = path.join(work, 'no/such/dir/x.iso');
    const r = await ciab(['iso', '--base', spacedBase, '--answers', answers, '-o', output]);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(
      r.stderr,
      `error: cannot write into ${path.dirname(output)}: no such file or directory\n` +
        'hint: create that directory first, or name the output in another one with -o FILE\n',
    );
  });

  it('an existing output is kept unless --force', async () => {
    const dir = mkdtempSync(path.join(work, 'exists-'));
    const output = path.join(dir, 'out.iso');
    writeFileSync(output, 'precious\n');
    const r = await ciab(['iso', '--base', spacedBase, '--answers', answers, '-o', output]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /already exists/);
    const forced = await ciab(['iso', '--base', spacedBase, '--answers', answers, '-o', output, '--force']);
    assert.equal(forced.code, 0, forced.stderr);
    assert.match(forced.stderr, /wrote .*out\.iso \(label "CentOS 7 x86_64"/);
  });
});
