/**
 * The gatherer's reads in batches (src/host/ssh/reads.ts), answered by a real bash on this machine in the
 * place of the target's: the facts must be those the gatherer reads here directly, in a few round trips.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { describe, it } from 'node:test';
import { gatherHostFacts, READ_AHEAD } from '../../src/host/gather.js';
import { RemoteReads } from '../../src/host/ssh/reads.js';
import { runQuery } from '../../src/host/tools/tool.js';

function localBash(): {
  scripts: string[];
  runScript: (script: string) => Promise<{ exitCode: number; stdout: string; stderr: string }>;
  login: { arch: string };
} {
  const scripts: string[] = [];
  return {
    scripts,
    login: { arch: os.machine() },
    runScript: (script) => {
      scripts.push(script);
      return Promise.resolve({
        exitCode: 0,
        stdout: execFileSync('bash', ['-s'], { input: script, encoding: 'utf8' }),
        stderr: '',
      });
    },
  };
}

describe('reads on the target in batches', () => {
  it('gives the facts the gatherer reads directly, in one round trip (the sysfs and ifcfg reads read ahead)', async () => {
    const bash = localBash();
    const direct = await gatherHostFacts({ paths: ['/var/lib/no-such-dir/instances'] });
    const batched = await gatherHostFacts({
      paths: ['/var/lib/no-such-dir/instances'],
      deps: new RemoteReads(bash).gatherDeps(READ_AHEAD),
    });
    // Free space, free memory and the process list move between two looks; the rest is the same host read twice.
    const steady = (f: typeof direct) => ({
      ...f,
      disks: f.disks.map((d) => d.measuredAt),
      memory: f.memory?.totalBytes,
      sockets: f.sockets?.length,
      uid: undefined,
      notes: f.notes.map((n) => n.probe),
    });
    assert.deepEqual(steady(batched), steady(direct));
    // This machine runs no yum (whose lock holder would take a second trip).
    assert.equal(existsSync('/var/run/yum.pid'), false);
    assert.equal(bash.scripts.length, 1, `${bash.scripts.length} round trips`);
    // Without the read-ahead, what the first answers name costs a second trip.
    const plain = localBash();
    await gatherHostFacts({
      paths: ['/var/lib/no-such-dir/instances'],
      deps: new RemoteReads(plain).gatherDeps(),
    });
    assert.equal(plain.scripts.length, 2);
  });

  it('frames any bytes: a file with the framing in it, a name with spaces, a missing file, a directory', async () => {
    const dir = execFileSync('mktemp', ['-d'], { encoding: 'utf8' }).trim();
    execFileSync('bash', [
      '-c',
      `printf '@@ciab 0 ok\\nline two\\n' >"${dir}/tricky file"; mkdir "${dir}/sub"`,
    ]);
    const deps = new RemoteReads(localBash()).gatherDeps();
    const never = new AbortController().signal;
    const [tricky, listing, missing, onDir] = await Promise.allSettled([
      deps.readFile(`${dir}/tricky file`, never),
      deps.readDir(dir),
      deps.readFile(`${dir}/nothing`, never),
      deps.readFile(`${dir}/sub`, never),
    ]);
    assert.deepEqual(tricky, { status: 'fulfilled', value: '@@ciab 0 ok\nline two\n' });
    assert.deepEqual(listing.status === 'fulfilled' ? listing.value.sort() : listing, ['sub', 'tricky file']);
    assert.equal(missing.status === 'rejected' && (missing.reason as NodeJS.ErrnoException).code, 'ENOENT');
    assert.equal(onDir.status === 'rejected' && (onDir.reason as NodeJS.ErrnoException).code, 'EISDIR');
    execFileSync('rm', ['-rf', dir]);
  });

  it('a query: its exit code and output; a tool that is not there is ENOENT, as here', async () => {
    const reads = new RemoteReads(localBash());
    const { run } = reads.gatherDeps();
    const never = new AbortController().signal;
    await assert.rejects(runQuery('ciab-no-such-tool', ['-x'], { on: reads.query }), { code: 'ENOENT' });
    const failing = await runQuery('ls', ['/no/such/path'], { on: reads.query });
    assert.equal(failing.exitCode, 2);
    assert.match(failing.lastLines.join('\n'), /No such file or directory/);
    assert.equal(
      await run.showFqdn({ signal: never, timeoutMs: 5000 }),
      execFileSync('hostname', ['-f'], { encoding: 'utf8' }).trim(),
    );
  });
});
