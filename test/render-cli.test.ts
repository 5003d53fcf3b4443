/**
 * `cloud-in-a-box render` through the built CLI: the files and the MANIFEST, byte-identical across runs and
 * equal to the golden files of the example; an existing output directory is never half-overwritten, and
 * --force replaces only an earlier render, deleting nothing its MANIFEST does not list.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const example = path.join(root, 'test/fixtures/answers/example.yaml');
const work = mkdtempSync(path.join(tmpdir(), 'ciab-render-cli-'));

const mtime = (file: string): number => statSync(file).mtimeMs;

/** The sources this command's build output comes from (not all of src/, which others edit meanwhile). */
const renderSources = (): string[] => [
  ...['src/cli/render.ts', 'src/cli/main.ts', 'src/core/messages.ts'].map((f) => path.join(root, f)),
  ...readdirSync(path.join(root, 'src/core/render'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => path.join(root, 'src/core/render', f)),
];

/** `npm test` builds first; run alone after an edit, this file builds when dist/ is older than the sources. */
function ensureBuilt(): void {
  const built = path.join(root, 'dist/src/cli/render.js');
  let stale: boolean;
  try {
    stale = mtime(built) < Math.max(...renderSources().map(mtime));
  } catch {
    stale = true;
  }
  if (stale) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [path.join(root, 'bin/cloud-in-a-box.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
  });

function tree(dir: string): Map<string, { bytes: Buffer; mode: number }> {
  return new Map(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .sort()
      .map((f) => [
        f,
        { bytes: readFileSync(path.join(dir, f)), mode: statSync(path.join(dir, f)).mode & 0o777 },
      ]),
  );
}

void describe('cloud-in-a-box render', () => {
  before(ensureBuilt);
  after(() => {
    rmSync(work, { recursive: true, force: true });
  });

  void it('writes the files and the MANIFEST; twice gives identical bytes, equal to the golden files', () => {
    const first = path.join(work, 'first');
    const second = path.join(work, 'second');
    for (const out of [first, second]) {
      const run = cli('render', '--answers', example, '--out', out);
      assert.equal(run.status, 0, run.stderr);
      assert.match(run.stdout, /^wrote 15 files and MANIFEST to /);
    }
    const a = tree(first);
    assert.deepEqual(a, tree(second));
    const golden = tree(path.join(root, 'test/golden/example'));
    assert.deepEqual(
      [...a].map(([f, { bytes }]) => [f, bytes.toString('utf8')]),
      [...golden].map(([f, { bytes }]) => [f, bytes.toString('utf8')]),
    );
    for (const line of readFileSync(path.join(first, 'MANIFEST'), 'utf8').trim().split('\n')) {
      const [file = '', mode = ''] = line.split(' ');
      assert.equal(a.get(file.slice(1))?.mode, parseInt(mode, 8), `${file} has the mode the MANIFEST lists`);
    }
  });

  void it('writes the admin password file 0600 when the answers carry the password', () => {
    const out = path.join(work, 'lab');
    const run = cli('render', '-a', path.join(root, 'test/fixtures/answers/lab-slash16.yaml'), '-o', out);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(statSync(path.join(out, 'root/.euca/admin-password')).mode & 0o777, 0o600);
  });

  void it('refuses a non-empty directory, and --force replaces only an earlier render', () => {
    const other = path.join(work, 'other');
    mkdirSync(other);
    writeFileSync(path.join(other, 'keep'), 'mine');
    for (const args of [[], ['--force']]) {
      const run = cli('render', '--answers', example, '--out', other, ...args);
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /is not empty/);
    }
    assert.deepEqual(readdirSync(other), ['keep']);

    const earlier = path.join(work, 'earlier');
    assert.equal(cli('render', '--answers', example, '--out', earlier).status, 0);
    writeFileSync(path.join(earlier, 'stale'), 'x');
    const refused = cli('render', '--answers', example, '--out', earlier, '--force');
    assert.equal(refused.status, 2, refused.stderr);
    assert.match(refused.stderr, /holds stale, which its MANIFEST does not list/);
    assert.ok(readdirSync(earlier).includes('stale'), 'what the MANIFEST does not list is never deleted');
    rmSync(path.join(earlier, 'stale'));
    writeFileSync(path.join(earlier, 'etc/hosts'), 'edited');
    const again = cli('render', '--answers', example, '--out', earlier, '--force');
    assert.equal(again.status, 0, again.stderr);
    assert.deepEqual(tree(earlier), tree(path.join(work, 'first')));
    assert.deepEqual(
      readdirSync(work).filter((f) => /\.(tmp|old)-/.test(f)),
      [],
      'no temporary or set-aside directory is left',
    );
  });

  void it('exits 2 on invalid answers and writes nothing', () => {
    const bad = path.join(work, 'bad.yaml');
    writeFileSync(bad, readFileSync(example, 'utf8').replace('gateway: 192.168.56.1', 'gateway: 10.0.0.1'));
    const out = path.join(work, 'never');
    const run = cli('render', '--answers', bad, '--out', out);
    assert.equal(run.status, 2);
    assert.match(run.stderr, /network\.gateway/);
    assert.throws(() => statSync(out));
  });
});
