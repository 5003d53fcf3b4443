/** The sweep of the control directories that killed runs left (src/host/ssh/control-dir.ts). */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { makeControlDir } from '../../src/host/ssh/control-dir.js';

const parent = mkdtempSync(path.join(tmpdir(), 'ciab-control-dir-test-'));
const servers: Server[] = [];
after(() => {
  for (const server of servers) server.close();
  rmSync(parent, { recursive: true, force: true });
});

/** A unix socket at `file` with a live listener (a master of a run going on). */
async function liveSocket(file: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(file, resolve));
}

/** A unix socket at `file` whose listener was killed (a killed run's master): the file stays, refusing. */
function deadSocket(file: string): void {
  const listenThenDie = `require('node:net').createServer().listen(${JSON.stringify(file)}, () => process.kill(process.pid, 'SIGKILL'))`;
  assert.throws(() => execFileSync(process.execPath, ['-e', listenThenDie]), /SIGKILL/);
  assert.ok(existsSync(file));
}

function made(name: string, ageMs: number): string {
  const dir = path.join(parent, name);
  mkdirSync(dir, { mode: 0o700 });
  const when = (Date.now() - ageMs) / 1000;
  utimesSync(dir, when, when);
  return dir;
}

describe('control directories of killed runs', () => {
  it('are swept when old and dead; a live, young or foreign one stays', async () => {
    const oldEmpty = made('ciab-ssh-old-empty', 120_000);
    const oldDead = made('ciab-ssh-old-dead', 120_000);
    deadSocket(path.join(oldDead, 'master'));
    const oldLive = made('ciab-ssh-old-live', 120_000);
    await liveSocket(path.join(oldLive, 'master'));
    const oldFile = made('ciab-ssh-old-file', 120_000);
    writeFileSync(path.join(oldFile, 'notes'), 'not a socket');
    const young = made('ciab-ssh-young', 1_000);
    const other = made('other-old', 120_000);
    for (const dir of [oldDead, oldLive, oldFile]) {
      const when = (Date.now() - 120_000) / 1000;
      utimesSync(dir, when, when);
    }

    const mine = await makeControlDir(parent);

    assert.equal(existsSync(oldEmpty), false, 'an old empty one');
    assert.equal(existsSync(oldDead), false, 'an old one whose master is gone');
    assert.equal(existsSync(oldLive), true, 'one whose master still listens');
    assert.equal(existsSync(oldFile), true, 'one with something else in it');
    assert.equal(existsSync(young), true, 'a young one (a run starting)');
    assert.equal(existsSync(other), true, 'a directory not ours by name');
    assert.match(path.basename(mine), /^ciab-ssh-/);
  });
});
