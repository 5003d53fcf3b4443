/**
 * Kickstart files: RHEL 7 syntax (against the allow-list extracted from pykickstart), goldens, the root
 * password, the disk, and what %post writes on the host compared with what the first boot expects.
 * Regenerate the goldens with: UPDATE_GOLDEN=1 node --import tsx --test test/kickstart/kickstart.test.ts
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { verify } from 'unixcrypt';
import { main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';
import { deriveModel } from '../../src/core/answers/model.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { InputError } from '../../src/core/errors.js';
import type { KickstartMedia, KickstartProfile } from '../../src/core/kickstart/index.js';
import {
  FIRSTBOOT_SCRIPT,
  FIRSTBOOT_UNIT_FILE,
  KICKSTART_COPIES,
  KICKSTART_PROFILES,
  OFFLINE_REPO_DIR,
  kickstartParts,
  renderKickstart,
} from '../../src/core/kickstart/index.js';
import { rootPasswordHash, SHA512_CRYPT } from '../../src/core/kickstart/root-password.js';
import { ANSWERS_FILE, FIRSTBOOT_UNIT, ROLE_FILE } from '../../src/core/locations.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { Release } from '../../src/core/release/index.js';
import { getRelease } from '../../src/core/release/index.js';
import { compileScript } from '../../src/core/bash/standalone.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const goldenDir = path.resolve(here, '../golden/kickstart');
const release = getRelease('eucalyptus-4.4');
const ROOT_PLAIN = 'r00t-Pass word';
const ADMIN_PLAIN = 'Adm1nSecretPw';
const SALT = 'cloudinabox0salt';

function loadAnswers(edit: (text: string) => string = (t) => t): Answers {
  const text = edit(readFileSync(path.resolve(here, '../fixtures/answers/example.yaml'), 'utf8'))
    .replace('password: null', `password: ${ADMIN_PLAIN}`)
    .replace('rootPassword: null', `rootPassword: '${ROOT_PLAIN}'`);
  const { answers, problems } = validateAnswersText(text);
  assert.ok(answers, JSON.stringify(problems));
  return answers;
}
const answers = loadAnswers();

const MEDIA_VARIANTS: { name: string; media?: KickstartMedia }[] = [
  { name: 'network' },
  { name: 'media', media: { label: 'CentOS 7 x86_64', offlineRepo: false } },
  { name: 'offline', media: { label: 'CIAB-4.4', offlineRepo: true } },
];
const cases = KICKSTART_PROFILES.flatMap((profile) =>
  MEDIA_VARIANTS.map((variant) => ({ profile, ...variant })),
);
/** The same answers for Eucalyptus 5: its kickstarts (goldens eucalyptus-5-<profile>-<media>.cfg). */
const answers5 = loadAnswers((t) => t.replace(/^release: .*$/m, 'release: eucalyptus-5'));
const release5 = getRelease('eucalyptus-5');
const releaseCases = [
  ...cases.map((c) => ({ ...c, golden: `${c.profile}-${c.name}`, answers, release })),
  ...cases.map((c) => ({
    ...c,
    golden: `eucalyptus-5-${c.profile}-${c.name}`,
    answers: answers5,
    release: release5,
  })),
];
const render = (
  profile: KickstartProfile,
  media?: KickstartMedia,
  a: Answers = answers,
  r: Release = release,
): string =>
  renderKickstart(deriveModel(a), r, {
    profile,
    salt: SALT,
    ...(media === undefined ? {} : { media }),
  });

// --- a reader for the kickstart text, enough for the checks below ------------------------------------

interface KsLine {
  line: number;
  words: string[];
}
interface KsSection {
  header: KsLine;
  body: string[];
}

/** Splits a command line like pykickstart does (shlex, with # comments); refuses quotes, which we never write. */
function words(text: string, line: number): string[] {
  assert.doesNotMatch(text, /["'\\]/, `line ${line} has quotes or backslashes: ${text}`);
  return text
    .replace(/\s#.*$/, '')
    .trim()
    .split(/\s+/);
}

function parseKickstart(text: string): { commands: KsLine[]; sections: KsSection[]; problems: string[] } {
  const commands: KsLine[] = [];
  const sections: KsSection[] = [];
  const problems: string[] = [];
  let current: KsSection | undefined;
  const unclosed = (section: KsSection): string =>
    `line ${section.header.line}: ${section.header.words[0] ?? ''} has no %end`;
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    const trimmed = raw.trim();
    if (current !== undefined) {
      if (trimmed === '%end') {
        current = undefined;
        return;
      }
      if (!raw.startsWith('%')) {
        current.body.push(raw);
        return;
      }
      problems.push(unclosed(current));
      current = undefined;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (trimmed === '%end') {
      problems.push(`line ${line}: %end outside a section`);
      return;
    }
    if (raw.startsWith('%')) {
      current = { header: { line, words: words(raw, line) }, body: [] };
      sections.push(current);
      return;
    }
    commands.push({ line, words: words(raw, line) });
  });
  if (current !== undefined) problems.push(unclosed(current));
  return { commands, sections, problems };
}

interface AllowedOption {
  deprecated: boolean;
  takesValue: boolean;
  /** the values argparse's `choices=` accepts */
  choices?: string[];
  /** argparse's `type=int` or pykickstart's `type=ksboolean` */
  valueKind?: 'integer' | 'boolean';
}
interface Allowlist {
  source: { repository: string; commit: string; handler: string };
  commands: Record<
    string,
    { deprecated: boolean; removed: boolean; options?: Record<string, AllowedOption> }
  >;
  sections: Record<string, { options: Record<string, AllowedOption> }>;
}
const allowlist = JSON.parse(readFileSync(path.join(here, 'rhel7-allowlist.json'), 'utf8')) as Allowlist;

/** pykickstart's ksboolean (pykickstart/options.py): the words it takes for true and false. */
const KS_BOOLEAN = ['on', 'yes', 'true', '1', 'off', 'no', 'false', '0'];

/** What argparse, with the option's `type=` or `choices=`, would refuse as VALUE. */
function valueProblem(option: AllowedOption, value: string): string | undefined {
  if (option.choices !== undefined && !option.choices.includes(value))
    return `takes one of ${option.choices.join(', ')}, not ${value}`;
  if (option.valueKind === 'integer' && !/^-?\d+$/.test(value)) return `takes an integer, not ${value}`;
  if (option.valueKind === 'boolean' && !KS_BOOLEAN.includes(value.toLowerCase()))
    return `takes a boolean, not ${value}`;
  return undefined;
}

/**
 * Rules between options that Anaconda enforces: "The static method requires that you specify at least IP
 * address and netmask with --ip and --netmask options" (pykickstart/commands/network.py, --bootproto).
 */
function crossOptionProblems(ks: KsLine, given: Map<string, string | undefined>): string[] {
  if (ks.words[0] !== 'network' || given.get('--bootproto') !== 'static') return [];
  return ['--ip', '--netmask']
    .filter((o) => given.get(o) === undefined)
    .map((o) => `line ${ks.line}: network --bootproto=static needs ${o}`);
}

/** Every command, section and option outside RHEL 7's syntax, or deprecated there. */
function syntaxProblems(text: string): string[] {
  const { commands, sections, problems } = parseKickstart(text);
  const checkOptions = (what: string, ks: KsLine, allowed: Record<string, AllowedOption>): void => {
    const args = ks.words.slice(1);
    const given = new Map<string, string | undefined>();
    for (let i = 0; i < args.length; i++) {
      const arg = args[i] ?? '';
      if (!arg.startsWith('-')) continue;
      const [name = '', ...rest] = arg.split('=');
      const option = allowed[name];
      if (given.has(name)) problems.push(`line ${ks.line}: ${what} ${name} is given twice`);
      if (option === undefined) problems.push(`line ${ks.line}: ${what} has no option ${name} in RHEL 7`);
      else if (option.deprecated) problems.push(`line ${ks.line}: ${what} ${name} is deprecated in RHEL 7`);
      else if (!option.takesValue && arg.includes('='))
        problems.push(`line ${ks.line}: ${what} ${name} takes no value`);
      let value: string | undefined;
      if (option?.takesValue === true) {
        value = arg.includes('=') ? rest.join('=') : args[++i];
        const wrong = value === undefined ? 'needs a value' : valueProblem(option, value);
        if (wrong !== undefined) problems.push(`line ${ks.line}: ${what} ${name} ${wrong}`);
      }
      given.set(name, value);
    }
    problems.push(...crossOptionProblems(ks, given));
  };
  for (const ks of commands) {
    const name = ks.words[0] ?? '';
    const command = allowlist.commands[name];
    if (command === undefined) problems.push(`line ${ks.line}: ${name} is not a RHEL 7 kickstart command`);
    else if (command.deprecated || command.removed)
      problems.push(`line ${ks.line}: ${name} is deprecated or removed in RHEL 7`);
    else checkOptions(name, ks, command.options ?? {});
  }
  for (const { header } of sections) {
    const name = header.words[0] ?? '';
    const section = allowlist.sections[name];
    if (section === undefined) problems.push(`line ${header.line}: section ${name} is not checked here`);
    else checkOptions(name, header, section.options);
  }
  return problems;
}

const postBodies = (text: string): string[] =>
  parseKickstart(text)
    .sections.filter((s) => s.header.words[0] === '%post')
    .map((s) => `${s.body.join('\n')}\n`);

/** The body of the %post that runs chrooted in the installed system (the one that writes the host's files). */
const chrootedPost = (text: string): string =>
  parseKickstart(text)
    .sections.filter((s) => s.header.words[0] === '%post' && !s.header.words.includes('--nochroot'))
    .map((s) => `${s.body.join('\n')}\n`)[0] ?? '';

/** Files a %post writes with `cat >PATH <<'DELIM'`: path -> content. */
function heredocFiles(post: string): Map<string, string> {
  const files = new Map<string, string>();
  const start = /^cat >([^>\s]\S*) <<'([A-Z_]+)'$/;
  const lines = post.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = start.exec(lines[i] ?? '');
    if (m === null) continue;
    const [, file, delimiter] = m;
    const end = lines.indexOf(delimiter ?? '', i + 1);
    assert.ok(end > i, `heredoc ${delimiter} has no end`);
    files.set(file ?? '', `${lines.slice(i + 1, end).join('\n')}\n`);
    i = end;
  }
  return files;
}

/**
 * systemd's own unit parser: `systemd-analyze verify` prints every setting systemd would ignore or refuse
 * (it exits 0 for some of them, so any output counts). Returns that output, or '' for a clean unit.
 */
function unitProblems(unitPath: string, unit: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-unit-'));
  try {
    const file = path.join(dir, path.basename(unitPath));
    writeFileSync(file, unit);
    const result = spawnSync('systemd-analyze', ['verify', file], { encoding: 'utf8' });
    return (
      `${result.error?.message ?? ''}${result.stdout}${result.stderr}`.trim() ||
      (result.status === 0 ? '' : `exit ${result.status}`)
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const ELIDED = '[install.sh elided from the golden: kickstart.test.ts checks it equals compileScript(plan)]';
/** The golden form: the embedded first-boot script (covered by test/script and by the tests below) elided. */
function goldenText(text: string): string {
  return text.replace(
    /(<<'CIAB_INSTALL_SH_EOF'\n)[\s\S]*?\n(CIAB_INSTALL_SH_EOF\n)/,
    (_, start: string, end: string) => `${start}${ELIDED}\n${end}`,
  );
}

// -------------------------------------------------------------------------------------------------------

describe('kickstart goldens', () => {
  for (const { profile, name, media, golden, answers: a, release: r } of releaseCases) {
    it(`${r.id}: ${profile}, ${name}`, () => {
      const file = path.join(goldenDir, `${golden}.cfg`);
      const actual = goldenText(render(profile, media, a, r));
      if (process.env.UPDATE_GOLDEN === '1') {
        mkdirSync(goldenDir, { recursive: true });
        writeFileSync(file, actual);
      }
      assert.ok(existsSync(file), `no golden ${file}; run with UPDATE_GOLDEN=1`);
      assert.equal(actual, readFileSync(file, 'utf8'));
    });
  }
});

describe('RHEL 7 kickstart syntax (allow-list from pykickstart)', () => {
  it('the allow-list names its source', () => {
    assert.equal(allowlist.source.repository, 'https://github.com/pykickstart/pykickstart');
    assert.match(allowlist.source.commit, /^[0-9a-f]{40}$/);
    assert.equal(allowlist.source.handler, 'pykickstart/handlers/rhel7.py');
  });

  it('flags commands and options RHEL 7 does not have, and deprecated ones', () => {
    const bad = [
      'bogus --x',
      'rootpw --iscrypted --allow-ssh x', // --allow-ssh came with Fedora 37
      'network --device=eth0 --bootproto=static --ip=10.0.0.2 --netmask=255.0.0.0 --ipv4-dns-search=x', // RHEL 8 and later
      'timezone UTC --utc=yes',
      '%packages --nobase', // deprecated in RHEL 7
      '%end',
    ].join('\n');
    const problems = syntaxProblems(bad);
    assert.equal(problems.length, 5, problems.join('\n'));
    assert.deepEqual(syntaxProblems('network --device eth0 --activate\nreqpart --add-boot\n'), []);
  });

  it('flags what ksvalidator or Anaconda would refuse: unclosed sections, repeated options, wrong values', () => {
    const cases: [string, RegExp][] = [
      ['%post\necho x\n', /line 1: %post has no %end/],
      ['%post\necho x\n%packages\n@core\n%end\n', /line 1: %post has no %end/],
      ['%end\n', /line 1: %end outside a section/],
      ['network --device=eth0 --device=eth1 --bootproto=dhcp\n', /network --device is given twice/],
      ['network --device=eth0 --bootproto=fixed\n', /--bootproto takes one of .*static, not fixed/],
      ['network --device=eth0 --bootproto=dhcp --onboot=maybe\n', /--onboot takes a boolean, not maybe/],
      ['network --device=eth0 --bootproto=static --ip=10.0.0.2\n', /--bootproto=static needs --netmask/],
      ['network --device=eth0 --bootproto static --netmask=255.0.0.0\n', /--bootproto=static needs --ip/],
      ['part /var --size=lots\n', /part --size takes an integer, not lots/],
      ['part /var --size\n', /part --size needs a value/],
      ['firewall --enabled\nselinux --permissive\nreboot --eject\nclearpart --all --initlabel\n', /^$/],
    ];
    for (const [text, expected] of cases)
      assert.match(syntaxProblems(text).join('\n'), expected, JSON.stringify(text));
  });

  for (const { profile, name, media, answers: a, release: r } of releaseCases) {
    it(`${r.id}: ${profile}, ${name}: every command and option is RHEL 7 syntax`, () => {
      assert.deepEqual(syntaxProblems(render(profile, media, a, r)), []);
    });
  }
});

describe('kickstart content', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-ks-'));
  after(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [profile, a, r] of KICKSTART_PROFILES.filter((p) => p !== 'minimal').flatMap((p) => [
    [p, answers, release] as const,
    [p, answers5, release5] as const,
  ])) {
    it(`${r.id}: ${profile}: %post passes shellcheck`, () => {
      const bodies = postBodies(render(profile, { label: 'X', offlineRepo: true }, a, r));
      assert.equal(bodies.length, 2, 'the offline repository copy and the chrooted %post');
      bodies.forEach((body, i) => {
        const file = path.join(dir, `${r.id}-${profile}-post-${i}.sh`);
        writeFileSync(file, body);
        try {
          execFileSync('shellcheck', ['-s', 'bash', file], { encoding: 'utf8' });
        } catch (error) {
          assert.fail(`shellcheck:\n${(error as { stdout?: string }).stdout ?? String(error)}`);
        }
      });
    });
  }

  it('minimal installs the OS only: no %post, no Eucalyptus packages, no answers', () => {
    for (const media of [undefined, { label: 'X', offlineRepo: false }, { label: 'X', offlineRepo: true }]) {
      const text = render('minimal', media);
      assert.deepEqual(postBodies(text), []);
      const { commands, sections } = parseKickstart(text);
      assert.deepEqual(
        commands.filter((c) => c.words[0] === 'repo'),
        [],
      );
      assert.deepEqual(
        sections.map((s) => [s.header.words.join(' '), s.body]),
        [['%packages', ['@core']]],
      );
      assert.ok(!text.includes(ADMIN_PLAIN));
      // A plain CentOS keeps its firewall (with SSH open); `cloud-in-a-box install` disables it later.
      assert.ok(commands.some((c) => c.words.join(' ') === 'firewall --enabled --ssh'));
    }
  });

  it('never writes the plain root password; the hash verifies; the salt is random unless given', () => {
    const hashes = new Set<string>();
    for (const profile of KICKSTART_PROFILES) {
      const text = renderKickstart(deriveModel(answers), release, { profile });
      assert.ok(!text.includes(ROOT_PLAIN), profile);
      assert.ok(!text.includes(Buffer.from(ROOT_PLAIN).toString('base64')), profile);
      const hash = /^rootpw --iscrypted (\S+)$/m.exec(text)?.[1] ?? '';
      assert.match(hash, SHA512_CRYPT);
      assert.ok(verify(ROOT_PLAIN, hash), profile);
      hashes.add(hash);
    }
    assert.equal(hashes.size, KICKSTART_PROFILES.length, 'a random salt per render');
    assert.match(render('ciab'), new RegExp(`^rootpw --iscrypted \\$6\\$${SALT}\\$`, 'm'));
  });

  it('keeps a SHA-512 crypt hash given in the answers', () => {
    const hash = rootPasswordHash('another one', 'abcdefgh');
    const a = { ...answers, kickstart: { ...answers.kickstart, rootPassword: hash } };
    assert.match(
      render('nc', undefined, a),
      new RegExp(`^rootpw --iscrypted ${hash.replace(/[$./]/g, '\\$&')}$`, 'm'),
    );
  });

  it('refuses an absent root password, and a broken hash, naming kickstart.rootPassword', () => {
    for (const rootPassword of [null, '$6$short$abc']) {
      const a = { ...answers, kickstart: { ...answers.kickstart, rootPassword } };
      assert.throws(
        () => render('ciab', undefined, a),
        (e: unknown) => e instanceof InputError && e.message.includes('kickstart.rootPassword'),
      );
    }
  });

  it('touches only kickstart.disk', () => {
    const a = loadAnswers((t) => t.replace('disk: sda', 'disk: vdb'));
    for (const profile of KICKSTART_PROFILES) {
      const { commands } = parseKickstart(render(profile, undefined, a));
      const find = (name: string) => commands.filter((c) => c.words[0] === name);
      assert.deepEqual(
        find('ignoredisk').map((c) => c.words.slice(1)),
        [['--only-use=vdb']],
      );
      assert.deepEqual(
        find('clearpart').map((c) => c.words.slice(1)),
        [['--all', '--initlabel', '--drives=vdb']],
      );
      for (const c of commands) {
        for (const w of c.words.slice(1)) {
          const [option, value] = w.split('=');
          if (
            ['--drives', '--only-use', '--ondisk', '--ondrive', '--boot-drive', '--driveorder'].includes(
              option ?? '',
            )
          )
            assert.equal(value, 'vdb', `line ${c.line}: ${c.words.join(' ')}`);
          assert.ok(!['--onpart', '--usepart', '--onbiosdisk'].includes(option ?? ''), c.words.join(' '));
        }
      }
      for (const c of find('part')) assert.ok(c.words.includes('--ondisk=vdb'), c.words.join(' '));
      assert.equal(find('bootloader')[0]?.words.includes('--boot-drive=vdb'), true);
      assert.equal(
        find('logvol')
          .find((c) => c.words[1] === '/var')
          ?.words.includes('--grow'),
        true,
      );
    }
  });

  it('sets SELinux as host.selinux says, as the install does (default permissive)', () => {
    const selinux = (text: string) =>
      parseKickstart(text)
        .commands.filter((c) => c.words[0] === 'selinux')
        .map((c) => c.words.slice(1).join(' '));
    const enforcing = loadAnswers((t) =>
      t.replace('  timezone: UTC', '  timezone: UTC\n  selinux: enforcing'),
    );
    for (const profile of ['ciab', 'frontend', 'nc'] as const) {
      assert.deepEqual(selinux(render(profile)), ['--permissive'], profile);
      assert.deepEqual(selinux(render(profile, undefined, enforcing)), ['--enforcing'], profile);
    }
  });

  it("sizes /var from the release's floor and names the guide's and FastStart's sizes", () => {
    const { requirements } = release;
    const text = render('ciab');
    const varVolume = parseKickstart(text).commands.find(
      (c) => c.words[0] === 'logvol' && c.words[1] === '/var',
    );
    assert.ok(
      varVolume?.words.includes(`--size=${requirements.minVarGiB * 1024}`),
      varVolume?.words.join(' '),
    );
    assert.equal(requirements.minVarGiB, 32);
    assert.match(
      text,
      /the install guide asks for 160 GB of storage\n# per host, and FastStart for 100 GB free under \/var/,
    );
  });

  it('takes the OS from the media, or from the base URL without media', () => {
    const cmd = (text: string) => parseKickstart(text).commands.map((c) => c.words.join(' '));
    assert.ok(cmd(render('ciab', { label: 'L', offlineRepo: false })).includes('cdrom'));
    const network = cmd(render('ciab'));
    assert.ok(network.includes(`url --url=${release.repositories.base.baseurl}`));
    assert.ok(!network.includes('cdrom'));
  });

  // Issue 13 point 2: anaconda checks no signature (kickstart `repo` repositories have no gpgcheck), so
  // nothing of Eucalyptus may come from it; the first boot's yum checks every package with local keys.
  it('installs no Eucalyptus package before signatures can be checked: anaconda the OS alone, yum the rest', () => {
    for (const { name, media } of MEDIA_VARIANTS) {
      for (const profile of KICKSTART_PROFILES) {
        const text = render(profile, media);
        const parsed = parseKickstart(text);
        const packages = parsed.sections.find((s) => s.header.words[0] === '%packages')?.body ?? [];
        assert.deepEqual(packages, ['@core'], `${profile}, ${name}: %packages`);
        assert.deepEqual(
          parsed.commands.filter((c) => c.words[0] === 'repo'),
          [],
          `${profile}, ${name}: no kickstart repository`,
        );
        if (profile === 'minimal') continue;
        const script = heredocFiles(chrootedPost(text)).get(FIRSTBOOT_SCRIPT) ?? '';
        const install = script.split('\n').filter((line) => /\byum\b.* install /.test(line));
        assert.equal(install.length, 1, `${profile}, ${name}: one yum install at the first boot`);
        assert.doesNotMatch(install[0] ?? '', /nogpgcheck|gpgcheck=0/);
        const parts = kickstartParts(deriveModel(answers), release, {
          profile,
          salt: SALT,
          ...(media ? { media } : {}),
        });
        const repoFiles = (parts.plan?.tasks ?? [])
          .flatMap((t) => t.files)
          .filter((f) => f.path.startsWith('/etc/yum.repos.d/'));
        assert.ok(repoFiles.length > 0);
        for (const f of repoFiles) {
          assert.doesNotMatch(f.content, /^gpgcheck=0/m, f.path);
          assert.doesNotMatch(f.content, /^\s*(gpgkey=)?(https?|ftp):/m, `${f.path}: keys are local files`);
        }
      }
    }
  });

  it('with the offline repository, %post copies it to the disk and the first boot installs from the copy alone', () => {
    const media = { label: 'L', offlineRepo: true };
    const text = render('ciab', media);
    const copy = parseKickstart(text).sections.find(
      (s) => s.header.words[0] === '%post' && s.header.words.includes('--nochroot'),
    );
    assert.ok(copy, 'a %post outside the chroot, while the media is mounted');
    assert.ok(copy.header.words.includes('--erroronfail'));
    assert.ok(
      copy.body.includes(
        `cp -a /run/install/repo/${OFFLINE_REPO_DIR}/. /mnt/sysimage/var/lib/cloud-in-a-box/offline-repo/`,
      ),
      copy.body.join('\n'),
    );
    const parts = kickstartParts(deriveModel(answers), release, { profile: 'ciab', salt: SALT, media });
    assert.equal(parts.answers.repositories.offline, 'file:///var/lib/cloud-in-a-box/offline-repo/');
    const install = parts.plan?.tasks.find((t) => t.id === 'packages.install')?.apply ?? '';
    assert.match(install, /yum -y '--disablerepo=\*' --enablerepo=cloud-in-a-box-offline install /);
    const offlineRepo = parts.plan?.tasks
      .flatMap((t) => t.files)
      .find((f) => f.path === '/etc/yum.repos.d/cloud-in-a-box-offline.repo');
    assert.ok(offlineRepo);
    assert.match(offlineRepo.content, /^baseurl=file:\/\/\/var\/lib\/cloud-in-a-box\/offline-repo\/$/m);
    assert.match(offlineRepo.content, /^gpgcheck=1$/m);
    for (const key of ['CentOS-7', 'EPEL-7', 'eucalyptus-release-as', 'eucalyptus-release'])
      assert.match(offlineRepo.content, new RegExp(`file:///etc/pki/rpm-gpg/RPM-GPG-KEY-${key}$`, 'm'));
    // Without the offline repository, nothing is copied and the release's repositories serve the first boot.
    assert.equal(
      kickstartParts(deriveModel(answers), release, { profile: 'ciab', salt: SALT }).answers.repositories
        .offline,
      undefined,
    );
  });

  for (const profile of ['ciab', 'frontend', 'nc'] as const) {
    it(`${profile}: %post writes the answers, the role, the first-boot script and its unit, exactly`, () => {
      const media = { label: 'L', offlineRepo: true };
      const text = render(profile, media);
      const parts = kickstartParts(deriveModel(answers), release, { profile, salt: SALT, media });
      const files = heredocFiles(chrootedPost(text));
      assert.deepEqual([...files.keys()], [ANSWERS_FILE, ROLE_FILE, FIRSTBOOT_SCRIPT, FIRSTBOOT_UNIT_FILE]);
      for (const [file, content] of files) assert.equal(content, parts.files.get(file), file);
      // What the host is, for `cloud-in-a-box install` on it: the profile's role.
      assert.equal(files.get(ROLE_FILE), `${profile}\n`);

      // The answers validate with the same schema, hold the root password only as its hash, and keep the
      // admin password where the first boot needs it: not on a node controller.
      const answersText = files.get(ANSWERS_FILE) ?? '';
      const { answers: onHost, problems } = validateAnswersText(answersText);
      assert.ok(onHost, JSON.stringify(problems));
      assert.ok(!answersText.includes(ROOT_PLAIN));
      assert.match(onHost.kickstart.rootPassword ?? '', SHA512_CRYPT);
      assert.ok(verify(ROOT_PLAIN, onHost.kickstart.rootPassword ?? ''));
      assert.equal(onHost.admin.password, profile === 'nc' ? null : ADMIN_PLAIN);
      assert.equal(onHost.repositories.offline, 'file:///var/lib/cloud-in-a-box/offline-repo/');
      assert.deepEqual(
        { ...onHost, admin: answers.admin, kickstart: answers.kickstart, repositories: answers.repositories },
        answers,
      );

      // The script is the plan of the same answers for the role, compiled: `install --answers` on the
      // host builds the same plan, so either resumes the other.
      const plan = buildPlan(onHost, release, {}, profile);
      assert.equal(
        files.get(FIRSTBOOT_SCRIPT),
        compileScript(plan, {
          generatedBy: `for the kickstart profile ${profile}, first boot`,
          role: profile,
          firstbootRemoves: KICKSTART_COPIES,
        }),
      );
      assert.ok(!(files.get(FIRSTBOOT_SCRIPT) ?? '').includes(Buffer.from(ROOT_PLAIN).toString('base64')));

      const post = chrootedPost(text);
      assert.match(post, /^chmod 0600 \/etc\/cloud-in-a-box\/answers\.yaml$/m);
      assert.match(post, /^chmod 0644 \/etc\/cloud-in-a-box\/role$/m);
      assert.match(post, /^chmod 0700 \/usr\/libexec\/cloud-in-a-box\/install\.sh$/m);
      assert.match(post, new RegExp(`^systemctl enable ${FIRSTBOOT_UNIT}$`, 'm'));
      const unit = files.get(FIRSTBOOT_UNIT_FILE) ?? '';
      for (const line of [
        'Wants=network-online.target',
        'After=network-online.target',
        'Type=oneshot',
        `ExecStart=/bin/bash ${FIRSTBOOT_SCRIPT} --firstboot`,
        'WantedBy=multi-user.target',
      ])
        assert.ok(unit.split('\n').includes(line), line);
      assert.equal(unitProblems(FIRSTBOOT_UNIT_FILE, unit), '');
      assert.notEqual(unitProblems(FIRSTBOOT_UNIT_FILE, unit.replace('Type=oneshot', 'Type=once')), '');
      // The script disables the unit by the same name once done.
      assert.match(
        files.get(FIRSTBOOT_SCRIPT) ?? '',
        new RegExp(`^CIAB_FIRSTBOOT_UNIT=${FIRSTBOOT_UNIT}$`, 'm'),
      );
      assert.match(
        text,
        /^%post --interpreter=\/bin\/bash --log=\/root\/cloud-in-a-box-ks-post\.log --erroronfail$/m,
      );
    });
  }

  it('nc: shows the commands the frontend runs to add the node, and registers nothing itself', () => {
    const text = render('nc');
    const post = postBodies(text)[0] ?? '';
    assert.match(post, /^ {2}clusteradmin-register-nodes 192\.168\.56\.10$/m);
    assert.match(post, /^ {2}clusteradmin-copy-keys 192\.168\.56\.10$/m);
    assert.doesNotMatch(heredocFiles(post).get(FIRSTBOOT_SCRIPT) ?? '', /clusteradmin-register-nodes/);
    assert.doesNotMatch(render('frontend'), /clusteradmin-copy-keys/);
  });
});

describe('cloud-in-a-box kickstart', () => {
  const work = mkdtempSync(path.join(tmpdir(), 'ciab-ks-cli-'));
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });
  const answersFile = path.join(work, 'answers.yaml');
  writeFileSync(
    answersFile,
    readFileSync(path.resolve(here, '../fixtures/answers/example.yaml'), 'utf8').replace(
      'rootPassword: null',
      `rootPassword: '${ROOT_PLAIN}'`,
    ),
  );
  async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const io: Io = { out: (t) => (out += t), err: (t) => (err += t), interactive: false, env: {}, cwd: work };
    return { code: await main(argv, io), out, err };
  }

  it('writes the kickstart with mode 0600', async () => {
    const file = path.join(work, 'nc.cfg');
    const { code, err } = await run('kickstart', '--answers', answersFile, '--profile', 'nc', '-o', file);
    assert.equal(code, 0, err);
    assert.equal(statSync(file).mode & 0o777, 0o600);
    const text = readFileSync(file, 'utf8');
    assert.match(text, /^# cloud-in-a-box kickstart, profile nc:/m);
    assert.deepEqual(syntaxProblems(text), []);
    assert.match(err, /ERASES the disk sda/);
    assert.equal((await run('kickstart', '--answers', answersFile, '-o', file)).code, 2, 'exists');
  });

  it('writes to stdout with -o -, with the media options', async () => {
    const { code, out } = await run(
      'kickstart',
      '--answers',
      answersFile,
      '--profile',
      'ciab',
      '-o',
      '-',
      '--label',
      'CIAB',
      '--offline-repo',
    );
    assert.equal(code, 0);
    assert.match(
      out,
      /^cp -a \/run\/install\/repo\/repo\/\. \/mnt\/sysimage\/var\/lib\/cloud-in-a-box\/offline-repo\/$/m,
    );
  });

  it('exits 2 on bad input', async () => {
    assert.equal((await run('kickstart', '--answers', answersFile, '--profile', 'bogus')).code, 2);
    assert.equal((await run('kickstart', '--answers', answersFile, '--offline-repo')).code, 2);
    const noRoot = path.join(work, 'no-root.yaml');
    writeFileSync(noRoot, readFileSync(path.resolve(here, '../fixtures/answers/example.yaml'), 'utf8'));
    const { code, err } = await run('kickstart', '--answers', noRoot);
    assert.equal(code, 2);
    assert.match(err, /kickstart\.rootPassword/);
  });

  it('has --help with an example', async () => {
    const { code, out } = await run('kickstart', '--help');
    assert.equal(code, 0);
    assert.match(out, /Example:\n {2}cloud-in-a-box kickstart --answers /);
  });
});

describe("the kickstart's SELinux and firewall lines come from the release", () => {
  const lines = (text: string, command: string) =>
    parseKickstart(text)
      .commands.filter((c) => c.words[0] === command)
      .map((c) => c.words.slice(1).join(' '));
  const other: typeof release = {
    ...release,
    kickstart: {
      selinuxReasons: { permissive: ['Permissive: another reason.'], enforcing: ['Enforcing: its reason.'] },
      firewall: { state: 'enabled', services: ['ssh', 'https'] },
      firewallReason: ['Another release keeps firewalld on (its guide, section 1).'],
    },
  };
  const renderFor = (r: typeof release, profile: KickstartProfile, a: Answers = answers) =>
    renderKickstart(deriveModel(a), r, { profile, salt: SALT });

  it("a release that keeps the firewall on opens the release's services, under its reasons", () => {
    for (const profile of ['ciab', 'frontend', 'nc'] as const) {
      const text = renderFor(other, profile);
      assert.deepEqual(lines(text, 'firewall'), ['--enabled --service=ssh,https'], profile);
      assert.deepEqual(lines(text, 'selinux'), ['--permissive'], profile);
      assert.match(text, /^# Another release keeps firewalld on \(its guide, section 1\)\.\nfirewall /m);
      assert.match(text, /^# Permissive: another reason\.\nselinux --permissive$/m);
      assert.doesNotMatch(text, /Eucalyptus 4\.4 must have firewalld disabled/);
      assert.deepEqual(syntaxProblems(text), [], profile);
      assert.deepEqual(lines(renderFor(release, profile), 'firewall'), ['--disabled'], profile);
    }
    const enforcing = { ...answers, host: { ...answers.host, selinux: 'enforcing' as const } };
    assert.match(renderFor(other, 'ciab', enforcing), /^# Enforcing: its reason\.\nselinux --enforcing$/m);
  });

  it('the minimal profile leaves CentOS as it comes, whatever the release', () => {
    assert.equal(renderFor(other, 'minimal'), renderFor(release, 'minimal'));
  });
});
