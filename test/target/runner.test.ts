/**
 * The runner's protocol (src/host/ssh/runner.ts and templates/shell/remote-runner.bash) with the runner's
 * bash started here instead of over SSH: the same bytes on its standard input and output, without a target.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { shellFile } from '../../src/core/bash/tasks.js';
import { RemoteRunner } from '../../src/host/ssh/runner.js';
import { startTool } from '../../src/host/tools/tool.js';
import { gone } from '../install/process-tree.js';

const scratch = mkdtempSync(path.join(tmpdir(), 'ciab-runner-test-'));
after(() => {
  rmSync(scratch, { recursive: true, force: true });
});

function startRunner(detachedDir = path.join(scratch, 'detached')): RemoteRunner {
  return new RemoteRunner(
    startTool('bash', ['-c', shellFile('remote-runner.bash'), 'ciab-runner', detachedDir], {
      stdin: 'pipe',
      buffer: { stdout: false, stderr: false },
      group: true,
    }),
  );
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Polls until `done` holds; a hang guard, not a timing. */
async function until(what: string, done: () => boolean): Promise<void> {
  for (let waited = 0; !done(); waited += 20) {
    if (waited > 30_000) assert.fail(`not within 30 s: ${what}`);
    await sleep(20);
  }
}

describe('the runner on a target: one session, many scripts', () => {
  it('runs scripts one after another, each with its own output and exit code', async () => {
    const runner = startRunner();
    const lines: string[] = [];
    const first = await runner.run({
      script: 'echo one; echo two >&2; exit 3\n',
      detached: false,
      onLine: (l) => lines.push(l),
    });
    assert.deepEqual(first, { kind: 'ended', exitCode: 3, output: 'one\ntwo\n' });
    assert.deepEqual(lines, ['one', 'two']);
    // A last line without its newline, and text that looks like a request or an end of another script.
    const second = await runner.run({
      script: "printf '12 attached ciab-end-0 0\\nlast'\n",
      detached: false,
    });
    assert.deepEqual(second, { kind: 'ended', exitCode: 0, output: '12 attached ciab-end-0 0\nlast' });
    // Scripts asked for together still run one at a time, in order.
    const both = await Promise.all([
      runner.run({ script: 'sleep 0.2; echo a\n', detached: false }),
      runner.run({ script: 'echo b\n', detached: false }),
    ]);
    assert.deepEqual(
      both.map((o) => (o.kind === 'ended' ? o.output : o.kind)),
      ['a\n', 'b\n'],
    );
    // A script reads nothing of the runner's input (the next request): its standard input is empty.
    const reads = await runner.run({ script: 'cat; echo "read: $?"\n', detached: false });
    assert.deepEqual(reads, { kind: 'ended', exitCode: 0, output: 'read: 0\n' });
    await runner.close();
    assert.equal(runner.alive, false);
  });

  it('stops a script and everything it started when asked, and runs the next one after', async () => {
    const runner = startRunner();
    const pidFile = path.join(scratch, 'stopped-child');
    const stop = new AbortController();
    const running = runner.run({
      script: `sleep 300 & echo $! >${pidFile}; wait\n`,
      detached: false,
      signal: stop.signal,
    });
    await until('the script started its child', () => existsSync(pidFile));
    const child = Number(readFileSync(pidFile, 'utf8'));
    stop.abort();
    assert.deepEqual(await running, { kind: 'ended', exitCode: 143, output: '' });
    await until('the child is gone', () => gone(child));
    const next = await runner.run({ script: 'echo still here\n', detached: false });
    assert.deepEqual(next, { kind: 'ended', exitCode: 0, output: 'still here\n' });
    await runner.close();
  });

  it("the end of the runner's input (the CLI gone) stops the running script and its children", async () => {
    const runner = startRunner();
    const pidFile = path.join(scratch, 'orphan-child');
    const running = runner.run({ script: `sleep 300 & echo $! >${pidFile}; wait\n`, detached: false });
    await until('the script started its child', () => existsSync(pidFile));
    const child = Number(readFileSync(pidFile, 'utf8'));
    const closed = runner.close();
    const outcome = await running;
    await closed;
    assert.equal(outcome.kind, 'ended');
    await until('the child is gone', () => gone(child));
  });

  it('a detached script runs apart, its output and status in the directory, and is followed to its end', async () => {
    const dir = path.join(scratch, 'detached-run');
    const runner = startRunner(dir);
    const lines: string[] = [];
    const outcome = await runner.run({
      script: 'echo bridging; sleep 0.3; echo done; exit 4\n',
      detached: true,
      onLine: (l) => lines.push(l),
    });
    assert.deepEqual(outcome, { kind: 'ended', exitCode: 4, output: 'bridging\ndone\n' });
    assert.equal(readFileSync(path.join(dir, 'status'), 'utf8'), '4\n');
    assert.equal(readFileSync(path.join(dir, 'output'), 'utf8'), 'bridging\ndone\n');
    await runner.close();
  });

  it('a runner that dies under a script reports it gone, and takes no more scripts', async () => {
    const runner = startRunner();
    const outcome = await runner.run({ script: 'echo bye; kill -9 $PPID; sleep 1\n', detached: false });
    assert.equal(outcome.kind, 'gone');
    assert.equal(runner.alive, false);
    assert.equal((await runner.run({ script: 'true\n', detached: false })).kind, 'gone');
  });
});
