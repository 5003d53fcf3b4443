/**
 * The one tool-run wrapper (src/host/tools/tool.ts) with real processes: every way a run goes wrong is
 * one ToolError, whichever wrapper started it (a media tool, a query, flock); bash's process group is
 * stopped as a whole.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { runBash } from '../../src/host/tools/bash.js';
import { queryOutput, runQuery, runTool, ToolError } from '../../src/host/tools/tool.js';
import { Prober } from '../../src/host/probe.js';

const work = mkdtempSync(path.join(tmpdir(), 'ciab-tool-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

/** Asserts a ToolError with this message, exit code and last stderr lines. */
const toolError =
  (message: RegExp, exitCode: number | undefined, lastLines: string[] = [], code?: string) =>
  (error: unknown): boolean => {
    assert.ok(error instanceof ToolError, String(error));
    assert.match(error.message, message);
    assert.equal(error.exitCode, exitCode);
    assert.deepEqual(error.lastLines, lastLines);
    assert.equal(error.code, code);
    return true;
  };

const failing = ['-c', 'echo first >&2; echo second >&2; exit 3'];

describe('the one tool-run wrapper', () => {
  it('a non-zero exit: the same ToolError from a media tool and a query, with the last stderr lines', async () => {
    await assert.rejects(runTool('sh', failing), toolError(/^sh failed \(exit 3\)$/, 3, ['first', 'second']));
    await assert.rejects(
      queryOutput('sh', failing),
      toolError(/^sh -c echo first .* failed \(exit 3\)$/, 3, ['first', 'second']),
    );
    assert.equal((await runQuery('sh', failing)).exitCode, 3, 'runQuery resolves with any exit code');
  });

  it('a tool that is not installed: could not run, with its errno code, from either wrapper', async () => {
    await assert.rejects(
      runTool('ciab-no-such-tool', []),
      toolError(/^ciab-no-such-tool could not run: ENOENT$/, undefined, [], 'ENOENT'),
    );
    await assert.rejects(
      runQuery('ciab-no-such-tool', ['-x']),
      toolError(/^ciab-no-such-tool -x could not run: ENOENT$/, undefined, [], 'ENOENT'),
    );
  });

  it('a query past its deadline: timed out', async () => {
    await assert.rejects(
      runQuery('sleep', ['30'], { timeoutMs: 200 }),
      toolError(/^sleep 30 timed out after 200 ms$/, undefined),
    );
  });

  it('stopped through the AbortSignal: was stopped, from either wrapper', async () => {
    for (const run of [
      (signal: AbortSignal) => runTool('sleep', ['30'], { signal }),
      (signal: AbortSignal) => runQuery('sleep', ['30'], { signal }),
    ]) {
      const controller = new AbortController();
      const running = run(controller.signal);
      setTimeout(() => {
        controller.abort();
      }, 100);
      await assert.rejects(running, toolError(/^sleep( 30)? was stopped$/, undefined));
    }
  });

  it("a probe's note names the failed query and the first line it wrote to stderr", async () => {
    const prober = new Prober(5000);
    assert.equal(await prober.run('sh', () => queryOutput('sh', failing)), undefined);
    assert.deepEqual(prober.notes, [
      { probe: 'sh', message: `sh ${failing.join(' ')} failed (exit 3): first` },
    ]);
  });

  it('bash: stopping it ends its whole process group, and its exit code says the signal', async () => {
    const pidFile = path.join(work, 'child.pid');
    const controller = new AbortController();
    const running = runBash(`sleep 30 & echo $! >${pidFile}; echo started; wait`, {
      signal: controller.signal,
      onLine: (line) => {
        if (line === 'started') controller.abort();
      },
    });
    const result = await running;
    assert.equal(result.exitCode, 143, 'SIGTERM');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    // Gone, or a zombie that nobody has reaped yet (the container's init may never reap it).
    const alive = (): boolean => {
      try {
        return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
      } catch {
        return false;
      }
    };
    for (let i = 0; i < 50 && alive(); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(alive(), false, 'the background sleep was stopped with bash');
  });
});
