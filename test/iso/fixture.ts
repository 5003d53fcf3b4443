/**
 * The fixture base ISO: built by the test suite from Debian packages and shaped like the CentOS 7 Minimal
 * ISO (isolinux/ with CentOS 7.9's own isolinux.cfg, EFI/BOOT/ with its grub.cfg and a GRUB EFI binary,
 * images/efiboot.img, images/pxeboot/, .discinfo, .treeinfo), built with the mkisofs arguments lorax uses
 * for CentOS 7 media: El Torito isolinux for BIOS, efiboot.img for UEFI, isohybrid MBR and GPT.
 *
 * Its kernel is Debian's; its initrd is the stand-in for anaconda in ./standin/init. The boot menus are
 * CentOS's (test/fixtures/iso/) with the label substituted and one deviation: `console=ttyS0` on every
 * kernel line, so the tests can read the serial console.
 *
 * Cached under ${CIAB_TEST_CACHE:-/var/cache/cloud-in-a-box-test}, keyed by everything it is made of.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const fixtures = path.resolve(here, '../fixtures/iso');
const cacheDir = process.env.CIAB_TEST_CACHE ?? '/var/cache/cloud-in-a-box-test';

/** The CD-ROM stack the stand-in loads (Debian builds it as modules), in dependency order. */
const MODULES = ['scsi_common', 'scsi_mod', 'libata', 'ata_piix', 'cdrom', 'sr_mod', 'isofs'];
// `exit` (boot from local drive) is in minicmd; RHEL 7's monolithic grubx64.efi has it built in.
const GRUB_MODULES = [
  'minicmd',
  'normal',
  'configfile',
  'linux',
  'linuxefi',
  'search',
  'search_label',
  'search_fs_file',
  'iso9660',
  'fat',
  'part_gpt',
  'part_msdos',
  'echo',
  'serial',
  'terminal',
  'efi_gop',
  'efi_uga',
  'all_video',
  'video_bochs',
  'video_cirrus',
  'test',
  'gzio',
  'ext2',
  'chain',
  'halt',
  'reboot',
  'sleep',
];
/** Bump when the way the fixture is built changes: old cache entries are then ignored. */
const RECIPE = 4;

export interface FixtureOptions {
  /** the volume label; `CentOS 7 x86_64` is CentOS's own */
  label: string;
  /** random data added as /pad.bin, for the benchmark's 1 GiB base */
  padMiB?: number;
}

export function buildFixtureBase({ label, padMiB = 0 }: FixtureOptions): string {
  const kernelVersion = readdirSync('/lib/modules').sort().at(-1);
  if (kernelVersion === undefined)
    throw new Error('no kernel in /lib/modules: apt-get install linux-image-amd64');
  const kernel = `/boot/vmlinuz-${kernelVersion}`;
  const key = createHash('sha256')
    .update(JSON.stringify({ RECIPE, label, padMiB, kernelVersion }))
    .update(readFileSync(path.join(here, 'standin/init')))
    .update(readFileSync(path.join(fixtures, 'centos7-isolinux.cfg')))
    .update(readFileSync(path.join(fixtures, 'centos7-grub.cfg')))
    .digest('hex')
    .slice(0, 16);
  const target = path.join(cacheDir, `iso-fixture-${key}.iso`);
  if (existsSync(target)) return target;

  mkdirSync(cacheDir, { recursive: true });
  const work = mkdtempSync(path.join(cacheDir, 'iso-fixture-build-'));
  try {
    const tree = path.join(work, 'tree');
    for (const dir of ['isolinux', 'EFI/BOOT', 'images/pxeboot', 'LiveOS'])
      mkdirSync(path.join(tree, dir), { recursive: true });
    const initrd = path.join(work, 'initrd.img');
    buildInitrd(path.join(work, 'initrd'), initrd, kernelVersion);

    for (const file of ['isolinux.bin'])
      copyFileSync(`/usr/lib/ISOLINUX/${file}`, path.join(tree, 'isolinux', file));
    for (const file of ['ldlinux.c32', 'vesamenu.c32', 'libcom32.c32', 'libutil.c32'])
      copyFileSync(`/usr/lib/syslinux/modules/bios/${file}`, path.join(tree, 'isolinux', file));
    for (const dir of ['isolinux', 'images/pxeboot']) {
      copyFileSync(kernel, path.join(tree, dir, 'vmlinuz'));
      copyFileSync(initrd, path.join(tree, dir, 'initrd.img'));
    }
    writeFileSync(path.join(tree, 'isolinux/isolinux.cfg'), isolinuxConfig(label));
    const grubConfig = path.join(tree, 'EFI/BOOT/grub.cfg');
    writeFileSync(grubConfig, grubMenu(label));
    const grubImage = path.join(tree, 'EFI/BOOT/BOOTX64.EFI');
    // Like CentOS's, the image looks for its grub.cfg in /EFI/BOOT of the device it was loaded from:
    // inside efiboot.img when the firmware boots the CD, on the ISO when it boots the hybrid's ESP.
    execFileSync('grub-mkimage', ['-O', 'x86_64-efi', '-p', '/EFI/BOOT', '-o', grubImage, ...GRUB_MODULES]);
    copyFileSync(grubImage, path.join(tree, 'EFI/BOOT/grubx64.efi'));
    buildEfiboot(path.join(tree, 'images/efiboot.img'), [
      grubImage,
      path.join(tree, 'EFI/BOOT/grubx64.efi'),
      grubConfig,
    ]);

    writeFileSync(path.join(tree, '.discinfo'), '1603916306.180385\n7\nx86_64\n');
    writeFileSync(
      path.join(tree, '.treeinfo'),
      [
        '[general]',
        'name = CentOS-7',
        'family = CentOS',
        'timestamp = 1603916306.18',
        'variant = ',
        'version = 7',
        'packagedir = ',
        'arch = x86_64',
        '',
        '[stage2]',
        'mainimage = LiveOS/squashfs.img',
        '',
        '[images-x86_64]',
        'kernel = images/pxeboot/vmlinuz',
        'initrd = images/pxeboot/initrd.img',
        'efiboot.img = images/efiboot.img',
        '',
      ].join('\n'),
    );
    writeFileSync(path.join(tree, 'LiveOS/squashfs.img'), 'a stand-in: the fixture has no anaconda\n');
    if (padMiB > 0)
      execFileSync('bash', [
        '-c',
        `head -c ${padMiB}M /dev/urandom > "$1"`,
        'pad',
        path.join(tree, 'pad.bin'),
      ]);

    const iso = path.join(work, 'base.iso');
    // lorax's mkisofs arguments for CentOS 7 (templates/x86.tmpl) in xorriso's mkisofs emulation, with
    // xorriso's isohybrid options in place of the separate `isohybrid --uefi` run.
    execFileSync(
      'xorriso',
      [
        '-as',
        'mkisofs',
        '-o',
        iso,
        '-V',
        label,
        '-R',
        '-J',
        '-b',
        'isolinux/isolinux.bin',
        '-c',
        'isolinux/boot.cat',
        '-no-emul-boot',
        '-boot-load-size',
        '4',
        '-boot-info-table',
        '-eltorito-alt-boot',
        '-e',
        'images/efiboot.img',
        '-no-emul-boot',
        '-isohybrid-mbr',
        '/usr/lib/ISOLINUX/isohdpfx.bin',
        '-isohybrid-gpt-basdat',
        tree,
      ],
      { stdio: 'ignore' },
    );
    renameSync(iso, target);
    return target;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const escaped = (label: string): string => label.replaceAll(' ', '\\x20');
const CENTOS_LABEL = 'CentOS\\x207\\x20x86_64';

function isolinuxConfig(label: string): string {
  return readFileSync(path.join(fixtures, 'centos7-isolinux.cfg'), 'utf8')
    .replaceAll(CENTOS_LABEL, escaped(label))
    .replace(/^(\s*append .*)$/gm, '$1 console=ttyS0');
}

function grubMenu(label: string): string {
  return readFileSync(path.join(fixtures, 'centos7-grub.cfg'), 'utf8')
    .replaceAll(CENTOS_LABEL, escaped(label))
    .replaceAll("-l 'CentOS 7 x86_64'", `-l '${label}'`)
    .replace(/^(\s*linuxefi .*)$/gm, '$1 console=ttyS0');
}

/** busybox, the stand-in init and the CD-ROM modules in a gzipped newc cpio archive. */
function buildInitrd(dir: string, output: string, kernelVersion: string): void {
  for (const sub of ['bin', 'proc', 'sys', 'dev', 'lib/modules'])
    mkdirSync(path.join(dir, sub), { recursive: true });
  copyFileSync('/bin/busybox', path.join(dir, 'bin/busybox'));
  chmodSync(path.join(dir, 'bin/busybox'), 0o755);
  copyFileSync(path.join(here, 'standin/init'), path.join(dir, 'init'));
  chmodSync(path.join(dir, 'init'), 0o755);
  const modulesDir = `/lib/modules/${kernelVersion}`;
  const dep = readFileSync(path.join(modulesDir, 'modules.dep'), 'utf8');
  for (const name of MODULES) {
    const line = dep.split('\n').find((l) => l.split(':')[0]?.endsWith(`/${name}.ko`));
    if (line === undefined) throw new Error(`module ${name} not found in ${modulesDir}/modules.dep`);
    copyFileSync(
      path.join(modulesDir, line.split(':')[0] ?? ''),
      path.join(dir, 'lib/modules', `${name}.ko`),
    );
  }
  execFileSync('bash', [
    '-c',
    'cd "$1" && find . | cpio --quiet -o -H newc | gzip -9 > "$2"',
    'cpio',
    dir,
    output,
  ]);
}

/** A FAT image holding EFI/BOOT/<files>, written with mtools (no loop mount). */
function buildEfiboot(image: string, files: readonly string[]): void {
  execFileSync('mkfs.vfat', ['-C', image, '8192'], { stdio: 'ignore' });
  const env = { ...process.env, MTOOLS_SKIP_CHECK: '1' };
  execFileSync('mmd', ['-i', image, '::/EFI', '::/EFI/BOOT'], { env });
  for (const file of files)
    execFileSync('mcopy', ['-i', image, file, `::/EFI/BOOT/${path.basename(file)}`], { env });
}
