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
    env: {},
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

  it('exits 2 with one error line and a hint for a missing answers file', async () => {
    const { code, err } = await run('answers', 'validate', path.join(work, 'absent.yaml'));
    assert.equal(code, 2);
    assert.match(err, /^error: cannot read the answers file .*absent\.yaml/m);
    assert.match(err, /^hint: /m);
    assert.doesNotMatch(err, /\n\s+at /, 'no stack trace without --debug');
  });

  it('install without a terminal and without complete answers asks nothing: exit 2 naming what is missing', async () => {
    const { code, err } = await run('install', '--hostname', 'ciab.example.lan');
    assert.equal(code, 2);
    assert.match(err, /^error: no terminal to ask on/m);
    assert.match(err, /cloud\.dnsDomain: is missing/);
    assert.doesNotMatch(err, /host\.hostname/, 'the flag answered it');
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
