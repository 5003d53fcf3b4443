/**
 * The bridge over SSH: the one task that can cut the CLI off its target. It runs on the target apart from
 * the SSH session (Task.detached, templates/shell/remote-runner.bash), so that losing the session cannot
 * stop it halfway: with the gateway failing after the bridge is up, the target rolls back on its own and
 * the CLI reports it; with the connection dropped in the middle of it, the bridge still finishes there,
 * and the CLI connects again, takes up the run lock and the log, and goes on.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { SimHost } from '../simhost/host.js';
import { ADMIN_PASSWORD, assertInstalled, journal, outcomes } from '../install/helpers.js';
import { RUN_LOCK_NAME, STATE_DIR } from '../../src/core/locations.js';
import type { ReachableHost } from './helpers.js';
import { installOver, reachableHost } from './helpers.js';

const hosts: SimHost[] = [];

async function reachable(): Promise<ReachableHost> {
  const reached = await reachableHost({ trusted: true });
  hosts.push(reached.host);
  return reached;
}
after(() => {
  for (const host of hosts) host.destroy();
});

/** The sshd processes serving connections: the listener's children (no pid namespace: pids are this machine's). */
function sessionsOf(sshdPid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === sshdPid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

async function until(what: string, ms: number, probe: () => boolean): Promise<void> {
  const deadline = Date.now() + ms;
  while (!probe()) {
    if (Date.now() > deadline) assert.fail(`gave up waiting for ${what} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('the bridge over SSH', () => {
  it('the gateway stops answering once the bridge is up: the target puts its network back by itself, the CLI reports it, SSH answers again', async () => {
    const { host, ssh, answers } = await reachable();
    const original = host.sha256('/etc/sysconfig/network-scripts/ifcfg-eth0');
    host.gatewayControl.stopWhenBridgeUp();
    const r = await ssh.workstation.ciab(installOver(ssh, answers), { timeoutMs: 600_000 });
    assert.equal(r.exitCode, 1, r.stderr.slice(-2000));
    assert.match(r.stderr, /restoring the original configuration|original network is restored/);
    assert.equal(
      host.sha256('/etc/sysconfig/network-scripts/ifcfg-eth0'),
      original,
      'ifcfg-eth0 byte for byte',
    );
    assert.equal(host.exists('/etc/sysconfig/network-scripts/ifcfg-br0'), false);
    assert.equal(journal(host).get('bridge.network')?.status, 'failed');
    host.gatewayControl.resume();
    const again = await ssh.workstation.run(['ssh', '-o', 'BatchMode=yes', ssh.target(), 'true'], {
      timeoutMs: 60_000,
    });
    assert.equal(again.exitCode, 0, again.stderr);
    for (const text of [r.stdout, r.stderr]) assert.equal(text.includes(ADMIN_PASSWORD), false);
  });

  it('the connection drops in the middle of the bridge: it finishes on the target, the CLI connects again, takes up the lock and the log, and goes on to the end', async () => {
    const { host, ssh, answers } = await reachable();
    // The fake systemctl holds `restart network` once the bridge is up until we acknowledge (fakes/lib/network.js).
    const events = path.join(host.root, 'var/lib/simhost/events');
    execFileSync('mkdir', ['-p', events]);
    writeFileSync(path.join(events, 'bridge-up.hold'), '');
    const cli = ssh.workstation.ciab(installOver(ssh, answers), { timeoutMs: 600_000 });
    await until('the bridge to come up', 300_000, () => existsSync(path.join(events, 'bridge-up')));
    const dropped = sessionsOf(ssh.sshdPid);
    assert.ok(dropped.length > 0, 'a connection to drop');
    for (const pid of dropped) process.kill(pid, 'SIGKILL');
    writeFileSync(path.join(events, 'bridge-up.ack'), '');
    const r = await cli;
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
    const said = r.stdout + r.stderr;
    assert.match(
      said,
      /lost the connection to root@\S+ during "move 192\.168\.56\.10 from eth0 to the bridge br0", which goes on on the host by itself; connecting again/,
    );
    assert.match(said, /connected to root@\S+ again; going on/);
    await assertInstalled(host, { keptHwaddr: true });
    // One run, one log on the target, kept up across the new connection: the bridge and every task after it.
    const logged = outcomes(host);
    assert.ok(logged.some((t) => t.id === 'bridge.network' && t.outcome === 'applied'));
    assert.ok(
      logged.some((t) => t.id.startsWith('summary.') && t.outcome === 'applied'),
      'the last phase in the same log',
    );
    // What was said while the connection was lost is in that log too, kept until the writer was back.
    const log = host.readFile('/var/log/cloud-in-a-box/latest');
    assert.match(
      log,
      /lost the connection to root@\S+ during "move 192\.168\.56\.10 from eth0 to the bridge br0"/,
    );
    assert.match(log, /connected to root@\S+ again; going on/);
    // The lock taken up again was let go at the end.
    assert.equal(
      (await host.run(['flock', '--nonblock', `${STATE_DIR}/${RUN_LOCK_NAME}`, 'true'])).exitCode,
      0,
    );
  });
});
