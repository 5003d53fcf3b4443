/**
 * Host facts the preflight added: who holds yum's lock (/var/run/yum.pid and the process behind it).
 * Gathered from a recorded host (test/host/fake-host.ts); every other probe may fail, only this one counts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseComm, parseYumPid } from '../../src/core/facts/yum-lock.js';
import { gatherHostFacts } from '../../src/host/gather.js';
import { fakeDeps } from '../host/fake-host.js';

async function yumLockOf(files: Record<string, string>, readError?: NodeJS.ErrnoException) {
  const deps = fakeDeps({ files, commands: {} });
  const facts = await gatherHostFacts({
    deps: {
      ...deps,
      readFile: (file, signal) =>
        readError !== undefined && file === '/var/run/yum.pid'
          ? Promise.reject(readError)
          : deps.readFile(file, signal),
    },
    timeoutMs: 1000,
  });
  return {
    lock: facts.yumLock,
    notes: facts.notes.filter((n) => n.probe === '/var/run/yum.pid' || /^\/proc\/\d+\/comm$/.test(n.probe)),
  };
}

describe("yum's lock", () => {
  it('parses the pid file and the command name', () => {
    assert.equal(parseYumPid('4242\n'), 4242);
    assert.equal(parseYumPid(''), undefined);
    assert.equal(parseYumPid('0'), undefined);
    assert.equal(parseYumPid('12ab'), undefined);
    assert.equal(parseComm('packagekitd\n'), 'packagekitd');
  });

  it('no pid file: nobody holds it, no note', async () => {
    assert.deepEqual(await yumLockOf({}), { lock: null, notes: [] });
  });

  it('a live process holds it: its pid and command', async () => {
    assert.deepEqual(await yumLockOf({ '/var/run/yum.pid': '812\n', '/proc/812/comm': 'packagekitd\n' }), {
      lock: { pid: 812, command: 'packagekitd' },
      notes: [],
    });
  });

  it('a stale pid file (the process is gone) or one without a pid: nobody holds it', async () => {
    assert.deepEqual(await yumLockOf({ '/var/run/yum.pid': '812\n' }), { lock: null, notes: [] });
    assert.deepEqual(await yumLockOf({ '/var/run/yum.pid': 'garbage\n' }), { lock: null, notes: [] });
  });

  it('an unreadable pid file: unknown, with a note', async () => {
    const denied = Object.assign(new Error("EACCES: permission denied, open '/var/run/yum.pid'"), {
      code: 'EACCES',
    });
    const { lock, notes } = await yumLockOf({}, denied);
    assert.equal(lock, undefined);
    assert.deepEqual(notes, [{ probe: '/var/run/yum.pid', message: denied.message }]);
  });
});

describe('wireless interfaces', () => {
  const files = (extra: Record<string, string>) => ({
    '/sys/class/net/wlp3s0/uevent': 'INTERFACE=wlp3s0\nIFINDEX=3\n',
    '/sys/class/net/wlp3s0/device/vendor': '0x8086\n',
    ...extra,
  });
  const link = {
    index: 3,
    name: 'wlp3s0',
    flags: ['UP', 'LOWER_UP'],
    up: true,
    lowerUp: true,
    operState: 'UP',
    linkType: 'ether',
    addresses: [],
  };
  const kindOf = async (extra: Record<string, string>) => {
    const facts = await gatherHostFacts({
      deps: fakeDeps({ files: files(extra), commands: { showAddresses: () => Promise.resolve([link]) } }),
      timeoutMs: 1000,
    });
    const nic = facts.interfaces?.[0];
    return [nic?.wireless, nic?.kind];
  };

  it('a phy80211 link, a wireless/ directory or DEVTYPE=wlan makes it wireless; none of them, wired', async () => {
    assert.deepEqual(await kindOf({ '/sys/class/net/wlp3s0/phy80211/name': 'phy0\n' }), [true, 'wireless']);
    assert.deepEqual(await kindOf({ '/sys/class/net/wlp3s0/wireless/status': '' }), [true, 'wireless']);
    assert.deepEqual(await kindOf({ '/sys/class/net/wlp3s0/uevent': 'DEVTYPE=wlan\nINTERFACE=wlp3s0\n' }), [
      true,
      'wireless',
    ]);
    assert.deepEqual(await kindOf({}), [false, 'wired']);
  });
});
