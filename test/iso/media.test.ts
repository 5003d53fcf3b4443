/**
 * The pure half of `cloud-in-a-box iso`: what a base ISO is, the volume label rules, reading CentOS 7's
 * boot menus and writing ours. The boot menus are real CentOS 7.9 ones (test/fixtures/iso/).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BaseMediaError, identifyBase } from '../../src/core/iso/base-media.js';
import { BootConfigError, parseGrub, parseIsolinux } from '../../src/core/iso/boot-config.js';
import { kernelLabel, labelProblem } from '../../src/core/iso/label.js';
import { renderGrubMenu, renderIsolinuxMenu } from '../../src/core/iso/menus.js';

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/iso');
const isolinuxText = readFileSync(path.join(fixtures, 'centos7-isolinux.cfg'), 'utf8');
const grubText = readFileSync(path.join(fixtures, 'centos7-grub.cfg'), 'utf8');
const LABEL = 'CentOS 7 x86_64';
const STAGE2 = 'inst.stage2=hd:LABEL=CentOS\\x207\\x20x86_64';

const treeinfo = (family: string, version: string, arch: string): string =>
  `[general]\nname = ${family}-${version}\nfamily = ${family}\ntimestamp = 1603916306.18\nvariant = \nversion = ${version}\narch = ${arch}\n\n[stage2]\nmainimage = LiveOS/squashfs.img\n`;
const bootFiles = ['/isolinux/isolinux.cfg', '/EFI/BOOT/grub.cfg', '/images/efiboot.img'];

describe('base media', () => {
  it('takes CentOS 7 x86_64 (.treeinfo) and tells the DVD from the Minimal ISO', () => {
    const minimal = identifyBase({
      volumeId: LABEL,
      files: new Set(bootFiles),
      treeinfo: treeinfo('CentOS', '7', 'x86_64'),
    });
    assert.deepEqual(minimal, {
      family: 'CentOS',
      version: '7',
      arch: 'x86_64',
      volumeId: LABEL,
      hasPackages: false,
    });
    const dvd = identifyBase({
      volumeId: LABEL,
      files: new Set([...bootFiles, '/Packages/bash-4.2.46-34.el7.x86_64.rpm']),
      discinfo: '1603916306.180385\n7\nx86_64\n',
    });
    assert.equal(dvd.hasPackages, true);
  });

  for (const [name, facts, reason] of [
    ['CentOS 8', { treeinfo: treeinfo('CentOS', '8', 'x86_64') }, /CentOS 8 x86_64; .*CentOS 7 x86_64/],
    ['Debian', { treeinfo: treeinfo('Debian', '12', 'x86_64') }, /Debian 12/],
    ['aarch64', { treeinfo: treeinfo('CentOS', '7', 'aarch64') }, /aarch64/],
    ['no tree information', {}, /neither \.treeinfo nor \.discinfo/],
  ] as const) {
    it(`refuses ${name}`, () => {
      assert.throws(
        () => identifyBase({ volumeId: 'X', files: new Set(bootFiles), ...facts }),
        (error) => {
          assert.ok(error instanceof BaseMediaError);
          assert.match(error.message, reason);
          return true;
        },
      );
    });
  }

  it('refuses CentOS 7 media without the UEFI menu', () => {
    assert.throws(
      () =>
        identifyBase({
          volumeId: LABEL,
          files: new Set(['/isolinux/isolinux.cfg']),
          treeinfo: treeinfo('CentOS', '7', 'x86_64'),
        }),
      /no \/EFI\/BOOT\/grub\.cfg/,
    );
  });
});

describe('volume label', () => {
  it('takes 32 characters and refuses 33', () => {
    assert.equal(labelProblem('A'.repeat(32)), undefined);
    assert.equal(labelProblem('A'.repeat(33)), 'too-long');
  });
  it('refuses characters that udev or dracut would rewrite, and edge spaces', () => {
    for (const bad of ['CIAB/7', "CIAB'7", 'CIAB:7', 'CIAB\\x20', 'CIAB(7)', 'Ciab\t7'])
      assert.equal(labelProblem(bad), 'characters', bad);
    assert.equal(labelProblem(' CIAB'), 'edge-spaces');
    assert.equal(labelProblem(''), 'empty');
    assert.equal(labelProblem(LABEL), undefined);
  });
  it('writes spaces as \\x20 on the kernel command line, as CentOS does', () => {
    assert.equal(kernelLabel(LABEL), 'CentOS\\x207\\x20x86_64');
  });
});

describe("CentOS 7's boot menus", () => {
  it('isolinux: the install entry, the rescue arguments and the look', () => {
    const config = parseIsolinux(isolinuxText);
    assert.equal(config.ui, 'vesamenu.c32');
    assert.deepEqual(config.install, { kernel: 'vmlinuz', initrd: 'initrd.img', args: ['quiet'] });
    assert.deepEqual(config.rescueArgs, ['rescue']);
    assert.ok(config.header.includes('menu background splash.png'));
    for (const line of config.header)
      assert.doesNotMatch(line, /^(default|timeout|menu title|menu default)\b/);
  });

  it('grub: linuxefi/initrdefi, the install entry, the rescue arguments, the header without its search', () => {
    const config = parseGrub(grubText);
    assert.equal(config.linuxCommand, 'linuxefi');
    assert.equal(config.initrdCommand, 'initrdefi');
    assert.deepEqual(config.install, {
      kernel: '/images/pxeboot/vmlinuz',
      initrd: '/images/pxeboot/initrd.img',
      args: ['quiet'],
    });
    assert.deepEqual(config.rescueArgs, ['rescue']);
    assert.ok(config.header.includes('insmod part_gpt'));
    for (const line of config.header) assert.doesNotMatch(line, /^(set default|set timeout|search )/);
  });

  it('refuses menus without an install entry', () => {
    assert.throws(
      () => parseIsolinux('default vesamenu.c32\nlabel local\n  localboot 0xffff\n'),
      BootConfigError,
    );
    assert.throws(() => parseGrub("menuentry 'x' {\n  chainloader +1\n}\n"), BootConfigError);
  });
});

describe('our boot menus', () => {
  const options = { label: LABEL, defaultEntry: 'local', timeoutSeconds: 60, disk: 'sda' } as const;
  const profiles = ['ciab', 'frontend', 'nc', 'minimal'];

  /** label -> append line of each isolinux entry, and which one is the default */
  function isolinuxEntries(text: string): { entries: Map<string, string>; defaults: string[] } {
    const entries = new Map<string, string>();
    const defaults: string[] = [];
    let current = '';
    for (const line of text.split('\n')) {
      const [key = '', ...rest] = line.trim().split(/\s+/);
      if (key === 'label') current = rest.join(' ');
      if (key === 'append' || key === 'localboot') entries.set(current, line.trim());
      if (line.trim() === 'menu default') defaults.push(current);
    }
    return { entries, defaults };
  }

  it('isolinux: an install entry per profile with its kickstart by label, rescue, local drive by default', () => {
    const text = renderIsolinuxMenu(parseIsolinux(isolinuxText), options);
    const { entries, defaults } = isolinuxEntries(text);
    assert.deepEqual([...entries.keys()], [...profiles, 'rescue', 'local']);
    for (const profile of profiles) {
      assert.equal(
        entries.get(profile),
        `append initrd=initrd.img ${STAGE2} inst.ks=hd:LABEL=CentOS\\x207\\x20x86_64:/ks/${profile}.cfg quiet`,
      );
    }
    assert.equal(entries.get('rescue'), `append initrd=initrd.img ${STAGE2} quiet rescue`);
    assert.equal(entries.get('local'), 'localboot 0xffff');
    assert.deepEqual(defaults, ['local']);
    assert.match(text, /^timeout 600$/m);
    assert.match(text, /^default vesamenu\.c32$/m);
    assert.match(text, /^menu background splash\.png$/m, "the base's look stays");
    assert.match(text, /ERASES sda/);
  });

  it('isolinux: --default-entry and --timeout 0 (isolinux would wait for ever on 0)', () => {
    const text = renderIsolinuxMenu(parseIsolinux(isolinuxText), {
      ...options,
      defaultEntry: 'nc',
      timeoutSeconds: 0,
    });
    assert.deepEqual(isolinuxEntries(text).defaults, ['nc']);
    assert.match(text, /^timeout 1$/m);
  });

  it('grub: the same entries, default by index, the label searched unescaped and passed escaped', () => {
    for (const [defaultEntry, index] of [
      ['local', 5],
      ['ciab', 0],
      ['minimal', 3],
    ] as const) {
      const text = renderGrubMenu(parseGrub(grubText), { ...options, defaultEntry, label: 'CIAB-7' });
      assert.match(text, new RegExp(`^set default="${index}"$`, 'm'));
      assert.match(text, /^search --no-floppy --set=root -l 'CIAB-7'$/m);
      const kernels = text.split('\n').filter((l) => l.trim().startsWith('linuxefi '));
      assert.deepEqual(
        kernels.map((l) => l.trim()),
        [
          ...profiles.map(
            (p) =>
              `linuxefi /images/pxeboot/vmlinuz inst.stage2=hd:LABEL=CIAB-7 inst.ks=hd:LABEL=CIAB-7:/ks/${p}.cfg quiet`,
          ),
          'linuxefi /images/pxeboot/vmlinuz inst.stage2=hd:LABEL=CIAB-7 quiet rescue',
        ],
      );
      assert.equal(
        text.split('\n').filter((l) => l.trim() === 'initrdefi /images/pxeboot/initrd.img').length,
        5,
      );
      assert.match(text, /menuentry 'Boot from local drive' \{\n\texit 1\n\}/);
      assert.match(text, /^set timeout=60$/m);
      assert.doesNotMatch(text, /CentOS\\x207/, 'the old label is gone everywhere');
    }
  });
});
