/**
 * `render --force` as root against a local attacker: it replaces only an earlier render that is provably
 * root's, and deletes nothing else. Before, any directory holding a file named MANIFEST passed for an
 * earlier render and was removed recursively by path, so a user who owned it swapped a subdirectory for
 * a symlink during the removal and root deleted the files it pointed to.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  chown,
  NOBODY,
  nobodysDirectory,
  plantSymlink,
  rootSentinel,
  runAsNobody,
  startSwapOnFirstDelete,
} from './attacker.js';
import { runCli } from './run-cli.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const example = path.join(root, 'test/fixtures/answers/example.yaml');
const cleanup: string[] = [];
after(() => {
  for (const dir of cleanup) rmSync(dir, { recursive: true, force: true });
});

const render = (out: string, ...flags: string[]) =>
  runCli(['render', '--answers', example, '--out', out, ...flags], root);

/** Files the attacker aims at (names known in advance, as /etc's are). */
const TARGETS = Array.from({ length: 64 }, (_, i) => `f${String(i).padStart(3, '0')}`);

/** How many times the race is run: against a recursive removal by path the attacker wins at the first. */
const ATTEMPTS = 3;

void describe('render --force against a local attacker', () => {
  void it('deletes no root-owned file when nobody swaps symlinks into the directory during the replace', async () => {
    const sentinel = rootSentinel(TARGETS);
    cleanup.push(sentinel.dir);
    const codes: number[] = [];
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      // What nobody leaves in /tmp where root is told to render: a directory of theirs that looks like one.
      const out = nobodysDirectory('ciab-render-out-');
      cleanup.push(out);
      runAsNobody(['cp', path.join(root, 'test/golden/example/MANIFEST'), path.join(out, 'MANIFEST')]);
      const swapper = startSwapOnFirstDelete({
        cwd: out,
        name: 'etc',
        target: sentinel.dir,
        files: TARGETS,
        padding: 2000,
        maxSeconds: 120,
      });
      try {
        await swapper.ready;
        codes.push((await render(out, '--force')).code);
      } finally {
        await swapper.stop();
      }
      sentinel.assertUntouched();
    }
    assert.deepEqual(new Set(codes), new Set([2]), 'every attempt is refused as invalid input');
  });

  void it('refuses a directory that another user owns, naming why, without --force suggesting it', async () => {
    const out = nobodysDirectory('ciab-render-out-');
    cleanup.push(out);
    runAsNobody(['cp', path.join(root, 'test/golden/example/MANIFEST'), path.join(out, 'MANIFEST')]);
    const forced = await render(out, '--force');
    assert.equal(forced.code, 2, forced.printed);
    assert.match(forced.printed, /not yours alone/);
    const plain = await render(out);
    assert.equal(plain.code, 2, plain.printed);
    assert.doesNotMatch(plain.printed, /--force/);
    assert.deepEqual(readdirSync(out), ['MANIFEST']);
  });

  void it("refuses an earlier render of root's inside a directory another user can change", async () => {
    const attackerHome = mkdtempSync(path.join(tmpdir(), 'ciab-attacker-'));
    cleanup.push(attackerHome);
    const out = path.join(attackerHome, 'out');
    assert.equal((await render(out)).code, 0);
    // root rendered here once; nobody, who owns the parent now, could since have swapped it
    chown(attackerHome, NOBODY);
    const refused = await render(out, '--force');
    assert.equal(refused.code, 2, refused.printed);
    assert.match(refused.printed, new RegExp(`${attackerHome} belongs to another user \\(uid 65534\\)`));
    assert.match(refused.printed, /hint: write to a directory that only you/);
  });

  void it("refuses a symlink nobody planted at the output, to a directory of root's", async () => {
    const sentinel = rootSentinel(['MANIFEST', 'keep']);
    cleanup.push(sentinel.dir);
    const home = nobodysDirectory('ciab-attacker-');
    cleanup.push(home);
    const out = path.join(path.dirname(home), `${path.basename(home)}-link`);
    plantSymlink(out, sentinel.dir);
    cleanup.push(out);
    const refused = await render(out, '--force');
    assert.equal(refused.code, 2, refused.printed);
    assert.match(refused.printed, /it is not a directory/);
    sentinel.assertUntouched();
  });

  void it('still replaces an earlier render of its own, file by file', async () => {
    const home = mkdtempSync(path.join(tmpdir(), 'ciab-render-'));
    cleanup.push(home);
    const out = path.join(home, 'out');
    assert.equal((await render(out)).code, 0);
    writeFileSync(path.join(out, 'etc/hosts'), 'edited');
    const again = await render(out, '--force');
    assert.equal(again.code, 0, again.printed);
    assert.notEqual(readFileSync(path.join(out, 'etc/hosts'), 'utf8'), 'edited');
    assert.deepEqual(readdirSync(home), ['out']);
  });
});
