/**
 * `iso` as root against a local attacker who can write to the output directory. Before, the image was
 * created exclusively but its media check was written by opening the temporary file by name again: in a
 * directory others can write (without the sticky bit), nobody swapped that name for a symlink, root wrote
 * the 512 bytes into the file it pointed to, then renamed the symlink into place and reported success.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildFixtureBase } from '../iso/fixture.js';
import { rootSentinel, startSwapOnCreate } from './attacker.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const work = mkdtempSync(path.join(tmpdir(), 'ciab-security-iso-'));
const answers = path.join(work, 'answers.yaml');
const sentinels: string[] = [];
let base = '';
after(() => {
  for (const dir of [work, ...sentinels]) rmSync(dir, { recursive: true, force: true });
});
before(() => {
  const example = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8');
  writeFileSync(answers, example.replace('rootPassword: null', 'rootPassword: Root-Pw-4-Test'), {
    mode: 0o600,
  });
  base = buildFixtureBase({ label: 'CentOS-7-x86_64' });
});

/** A root-owned output directory with `mode`, and `iso` run into it while nobody races the write. */
async function isoUnderAttack(mode: number): Promise<{
  code: number;
  printed: string;
  dir: string;
  sentinel: ReturnType<typeof rootSentinel>;
}> {
  const dir = mkdtempSync(path.join(work, 'out-'));
  chmodSync(dir, mode);
  const sentinel = rootSentinel(['shadow']);
  sentinels.push(sentinel.dir);
  const attacker = startSwapOnCreate({
    dir,
    pattern: /\.partial$/,
    target: path.join(sentinel.dir, 'shadow'),
    maxSeconds: 300,
  });
  try {
    await attacker.ready;
    const output = path.join(dir, 'ciab.iso');
    // the built CLI (`npm test` builds first): its media check runs on a worker thread loaded from dist/
    const run = spawnSync(
      process.execPath,
      [path.join(root, 'bin/cloud-in-a-box.js'), 'iso', '--base', base, '--answers', answers, '-o', output],
      { encoding: 'utf8' },
    );
    return { code: run.status ?? -1, printed: run.stdout + run.stderr, dir, sentinel };
  } finally {
    await attacker.stop();
  }
}

void describe('iso against a local attacker', () => {
  void it('refuses an output directory others can write without the sticky bit, and writes nothing', async () => {
    const { code, printed, dir, sentinel } = await isoUnderAttack(0o777);
    sentinel.assertUntouched();
    assert.equal(code, 2, printed);
    assert.match(printed, /other users can write to .* \(and it has no sticky bit\)/);
    assert.deepEqual(readdirSync(dir), []);
  });

  void it('in a sticky directory another user cannot swap the image: the swap fails, root wins', async () => {
    const { code, printed, dir, sentinel } = await isoUnderAttack(0o1777);
    sentinel.assertUntouched();
    assert.equal(code, 0, printed);
    const image = lstatSync(path.join(dir, 'ciab.iso'));
    assert.ok(image.isFile(), 'the image is a file, not a symlink');
    assert.equal(image.uid, 0);
    assert.equal(image.mode & 0o777, 0o600);
  });
});
