/**
 * The run lock's holder (src/host/tools/flock.ts) with the real flock: one holder at a time, released on
 * request, and released when the process that took it is killed with SIGKILL (its pipe to flock closes).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { takeLock } from '../../src/host/tools/flock.js';
import { ToolError } from '../../src/host/tools/tool.js';

const work = mkdtempSync(path.join(tmpdir(), 'ciab-flock-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Polls until `take` gives a lock (then releases it) or the deadline passes. */
async function becomesFree(file: string, deadlineMs: number): Promise<boolean> {
  const deadline = Date.now() + deadlineMs;
  while (Date.now() < deadline) {
    const lock = await takeLock(file);
    if (lock !== undefined) {
      await lock.release();
      return true;
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('the run lock', () => {
  it('has one holder at a time and is free again once released', async () => {
    const file = path.join(work, 'one');
    const first = await takeLock(file);
    assert.ok(first, 'the first taker holds it');
    assert.equal(await takeLock(file), undefined, 'a second taker is refused at once');
    await first.release();
    const again = await takeLock(file);
    assert.ok(again, 'free after release');
    await again.release();
  });

  it('is freed when its holder is killed with SIGKILL', async () => {
    const file = path.join(work, 'killed');
    const holder = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `import { takeLock } from ${JSON.stringify(new URL('../../src/host/tools/flock.ts', import.meta.url).href)};
         await takeLock(${JSON.stringify(file)});
         console.log('held');
         setInterval(() => {}, 1000);`,
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve) => {
      holder.stdout.once('data', () => {
        resolve();
      });
    });
    assert.equal(await takeLock(file), undefined, 'held by the other process');
    holder.kill('SIGKILL');
    assert.ok(await becomesFree(file, 5000), 'free within 5 s of the kill');
  });

  it('a lock file flock cannot open gives a ToolError with what flock said', async () => {
    await assert.rejects(takeLock(path.join(work, 'no-such-dir', 'lock')), (error: unknown) => {
      assert.ok(error instanceof ToolError);
      assert.match(error.message, /^flock failed \(exit \d+\)$/);
      assert.match(error.lastLines.join('\n'), /no-such-dir\/lock/);
      return true;
    });
  });
});
