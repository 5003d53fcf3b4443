/**
 * The CLI contract: every command listed in --help with one line and its own --help with an example, exit
 * codes scripts can rely on, one `error:` line with a hint, every problem of an answers file in one run, and
 * the published JSON Schema equal to what the schema generates.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildProgram, main } from '../../src/cli/main.js';
import type { Io } from '../../src/cli/io.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'ciab-cli-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (text) => (out += text),
    err: (text) => (err += text),
    interactive: false,
    // Where install saves answers when not told: here, never the user's own ~/.config.
    env: { XDG_CONFIG_HOME: path.join(work, 'config') },
    cwd: work,
  };
  const code = await main(argv, io);
  return { code, out, err };
}

/** The commands the product promises (README, developers' guide). */
const PRODUCT_COMMANDS = [
  'install',
  'answers',
  'check',
  'plan',
  'render',
  'kickstart',
  'iso',
  'script',
  'uninstall',
  'status',
  'support-bundle',
];

describe('cloud-in-a-box --help', () => {
  it('lists every command with one line each', async () => {
    const { code, out } = await run('--help');
    assert.equal(code, 0);
    for (const name of PRODUCT_COMMANDS) assert.match(out, new RegExp(`^ {2}${name}\\b.* {2}\\S`, 'm'), name);
  });

  it('gives every command (and subcommand) its own --help with an example', async () => {
    const program = buildProgram({
      out: () => undefined,
      err: () => undefined,
      interactive: false,
      env: {},
      cwd: work,
    });
    const paths = program.commands.flatMap((c) => [
      [c.name()],
      ...c.commands.map((s) => [c.name(), s.name()]),
    ]);
    assert.ok(paths.length >= PRODUCT_COMMANDS.length);
    for (const names of paths) {
      const { code, out } = await run(...names, '--help');
      assert.equal(code, 0, names.join(' '));
      assert.match(out, /Examples?:\n {2}cloud-in-a-box /, `${names.join(' ')} --help has no example`);
    }
  });
});

describe('exit codes and error lines', () => {
  it('exits 2 on an unknown command or option', async () => {
    assert.equal((await run('frobnicate')).code, 2);
    assert.equal((await run('plan', '--no-such-option')).code, 2);
  });

  it('--role takes ciab, frontend or nc, and nothing else (exit 2)', async () => {
    const example = path.join(root, 'test/fixtures/answers/example.yaml');
    for (const command of ['install', 'plan', 'script']) {
      const { code, err } = await run(
        command,
        '--answers',
        example,
        '-o',
        path.join(work, 'x'),
        '--role',
        'node',
      );
      assert.equal(code, 2, command);
      assert.match(
        err,
        /--role <role>' argument 'node' is invalid\. Allowed choices are ciab, frontend, nc/,
        command,
      );
    }
  });

  it('script --role nc writes the node controller install, for the role it names', async () => {
    const example = path.join(root, 'test/fixtures/answers/example.yaml');
    const written = async (role: string): Promise<string> => {
      const file = path.join(work, `${role}.sh`);
      const { code, err } = await run('script', '--answers', example, '-o', file, '--role', role);
      assert.equal(code, 0, err);
      return readFileSync(file, 'utf8');
    };
    const nc = await written('nc');
    const ciab = await written('ciab');
    // the plan's task ids, as the script lists them (CIAB_TASK_IDS=( one per line ))
    const taskIds = (script: string): string[] =>
      (/^CIAB_TASK_IDS=\(\n([^)]*)\)$/m.exec(script)?.[1] ?? '')
        .split('\n')
        .map((l) => l.trim())
        .filter(Boolean);
    assert.ok(
      taskIds(nc).length > 0 && taskIds(nc).length < taskIds(ciab).length,
      `${taskIds(nc).length} tasks for nc, ${taskIds(ciab).length} for ciab`,
    );
    assert.match(nc, /^CIAB_ROLE=nc$/m);
    const cloudSide = (id: string): boolean => /^(start|cloud|credentials|console)\./.test(id);
    assert.ok(taskIds(ciab).some(cloudSide));
    assert.deepEqual(taskIds(nc).filter(cloudSide), []);
  });

  it('exits 2 with one error line and a hint for a missing answers file', async () => {
    const { code, err } = await run('answers', 'validate', path.join(work, 'absent.yaml'));
    assert.equal(code, 2);
    assert.match(err, /^error: cannot read the answers file .*absent\.yaml/m);
    assert.match(err, /^hint: /m);
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace without --debug');
  });

  it('a bare install without a terminal on a machine it will not change: exit 2, pointing at --target', async () => {
    const { code, out, err } = await run('install');
    assert.equal(code, 2);
    assert.equal(out, '');
    assert.match(
      err,
      /^error: this host is not a supported target \(.*\), and there is no terminal to ask for one\n/,
    );
    assert.match(
      err,
      /^hint: name the host to install with --target root@HOST \(over SSH\), or look at what would happen here with --dry-run$/m,
    );
  });

  it('install without a terminal and without complete answers asks nothing: exit 2 naming what is missing', async () => {
    // No host proposes a block storage device: that one stays missing.
    const { code, err } = await run('install', '--hostname', 'ciab.example.lan', '--block-storage', 'das');
    assert.equal(code, 2);
    assert.match(err, /^error: no terminal to ask on/m);
    assert.match(err, /storage\.dasDevice: .*is required when storage\.blockStorage is das/);
    assert.doesNotMatch(err, /host\.hostname/, 'the flag answered it');
  });

  it('install refuses an existing --save-answers file before anything else, naming the way out', async () => {
    const file = path.join(work, 'taken.yaml');
    writeFileSync(file, 'keep me\n');
    const { code, err } = await run('install', '--save-answers', file, '--hostname', 'ciab.example.lan');
    assert.equal(code, 2);
    assert.equal(
      err,
      `error: ${file} already exists; not overwriting it\n` +
        'hint: choose another file with --save-answers FILE, or remove the old one\n',
    );
    assert.equal(readFileSync(file, 'utf8'), 'keep me\n');
  });

  it('answers init --release writes the file for that release; an unknown release is bad usage', async () => {
    const file = path.join(work, 'five.yaml');
    const { code, err } = await run('answers', 'init', '--release', 'eucalyptus-5', '-o', file);
    assert.equal(code, 0, err);
    const five = readFileSync(file, 'utf8');
    assert.match(five, /^release: eucalyptus-5$/m);
    // the same file as without --release but for that line (what this machine cannot tell stays REQUIRED)
    const plain = await run('answers', 'init', '-o', '-');
    assert.equal(plain.code, 0, plain.err);
    assert.match(plain.out, /^release: eucalyptus-4\.4$/m);
    assert.equal(five.replace(/^release: .*$/m, ''), plain.out.replace(/^release: .*$/m, ''));
    const unknown = await run('answers', 'init', '--release', 'eucalyptus-3.4', '-o', '-');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /eucalyptus-4\.4, eucalyptus-5/);
  });

  it('"already exists" hints name --force where the command has it', async () => {
    const file = path.join(work, 'exists.yaml');
    writeFileSync(file, 'keep me\n');
    for (const argv of [
      ['answers', 'init', '-o', file],
      ['answers', 'wizard', '-o', file],
      ['script', '--answers', path.join(root, 'test/fixtures/answers/example.yaml'), '-o', file],
    ]) {
      const { code, err } = await run(...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.match(
        err,
        /already exists; not overwriting it\nhint: .*add --force to replace it\n$/,
        argv.join(' '),
      );
    }
  });

  it('file system errors are one sentence with a hint, never ENOENT or EISDIR', async () => {
    const directory = await run('answers', 'validate', work);
    assert.equal(directory.code, 2);
    assert.equal(
      directory.err,
      `error: cannot read the answers file ${work}: it is a directory, not a file\n` +
        'hint: name the answers file, not the directory it is in\n',
    );
    const absent = await run('answers', 'validate', path.join(work, 'absent.yaml'));
    assert.match(absent.err, /: no such file or directory\nhint: check the name, or write one with/);
    const nowhere = await run('answers', 'init', '-o', path.join(work, 'no/such/dir/a.yaml'));
    assert.equal(nowhere.code, 2);
    assert.equal(
      nowhere.err,
      `error: cannot write ${path.join(work, 'no/such/dir/a.yaml')}: no such file or directory\n` +
        'hint: a directory in the path does not exist: create it first\n',
    );
    for (const { err } of [directory, absent, nowhere]) assert.doesNotMatch(err, /E[A-Z]{3,}|Error:/);
  });

  it('uninstall on a host without an install says there is nothing to undo, not "answers init"', async () => {
    const absent = path.join(work, 'etc-cloud-in-a-box-answers.yaml');
    const { code, err } = await run('uninstall', '--answers', absent, '--yes');
    assert.equal(code, 2);
    assert.equal(
      err,
      `error: no cloud-in-a-box install to undo on this host: ${absent} does not exist (every install keeps its answers there)\n` +
        'hint: if the install used answers kept elsewhere, give them with --answers FILE\n',
    );
  });

  it('a YAML error names the file as its subject, the line to fix, and the real file in the hint', async () => {
    const file = path.join(work, 'indent.yaml');
    writeFileSync(file, 'version: 1\nhost:\n hostname: ciab.example.lan\n  timezone: UTC\n');
    const { code, err } = await run('answers', 'validate', file);
    assert.equal(code, 2);
    assert.equal(
      err,
      `error: ${file} has 1 problem; nothing was changed\n` +
        `  ${file}:3:2: error: the file is not valid YAML: this line is indented by 1 space, the next one by 2 spaces; keys of one section line up\n` +
        `hint: fix the lines above, then run: cloud-in-a-box answers validate ${file}\n`,
    );
  });

  it('exits 0 on the example answers', async () => {
    const { code, out } = await run(
      'answers',
      'validate',
      path.join(root, 'test/fixtures/answers/example.yaml'),
    );
    assert.equal(code, 0);
    assert.match(out, /is valid/);
  });

  it('reports five different errors of one file in one run, each at its line', async () => {
    const example = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8');
    const broken = example
      .replace('hostname: ciab.example.lan', 'hostname: -bad-.example.lan') // line 4
      .replace('bridge: br0', 'bridge: eth0') // line 9
      .replace('gateway: 192.168.56.1', 'gateway: 10.0.0.1') // line 11
      .replace('zone: zone-1', 'zonne: zone-1') // line 14
      .replace('instancePath: /var/lib/eucalyptus/instances', 'instancePath: var/lib/x'); // line 21
    const file = path.join(work, 'five.yaml');
    writeFileSync(file, broken);
    const { code, err } = await run('answers', 'validate', file);
    assert.equal(code, 2);
    const lines = [...err.matchAll(/five\.yaml:(\d+):\d+: error: ([\w.]+)/g)].map((m) => `${m[1]} ${m[2]}`);
    assert.deepEqual(lines.sort(), [
      '11 network.gateway',
      '14 cloud.zonne',
      '21 storage.instancePath',
      '4 host.hostname',
      '9 network.bridge',
    ]);
    assert.match(err, /did you mean "zone"/);
  });
});

describe('answers schema', () => {
  it('prints exactly the committed schema/answers.schema.json', async () => {
    const { code, out } = await run('answers', 'schema');
    assert.equal(code, 0);
    assert.equal(out, readFileSync(path.join(root, 'schema/answers.schema.json'), 'utf8'));
  });
});
