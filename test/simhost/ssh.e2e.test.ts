/**
 * SSH to the simulated host (what issue 15's tests stand on): its own sshd with host keys made at start,
 * reached from the workstation namespace with this machine's ssh, a throwaway key and known_hosts; root,
 * a sudoer and a user without sudo; the fakes on PATH over SSH and through sudo as in host.run; sshd
 * reachable across the bridge step's address move; this machine's ~/.ssh untouched; nothing of it left
 * after the teardown.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readFileSync, readdirSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SimHost } from './host.js';
import { createSimHost } from './host.js';
import { cachedRoot } from './rootfs.js';
import type { SshAccess } from './ssh.js';
import { bridgeFilesByHand } from './bridge-by-hand.js';

/** Every entry under dir with its mode and, for files, its content's hash; "absent" when there is none. */
function listing(dir: string): string {
  if (!existsSync(dir)) return 'absent';
  const out: string[] = [];
  const visit = (p: string): void => {
    const st = lstatSync(p);
    const hash = st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : '';
    out.push(`${p} ${st.mode.toString(8)} ${hash}`);
    if (st.isDirectory()) for (const name of readdirSync(p).sort()) visit(path.join(p, name));
  };
  visit(dir);
  return out.join('\n');
}

/** The process exists and is not a zombie (a killed child of this test stays one until Node reaps it). */
const running = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${String(pid)}/stat`, 'utf8'));
  } catch {
    return false;
  }
};
const comm = (pid: number): string | undefined => {
  try {
    return readFileSync(`/proc/${String(pid)}/comm`, 'utf8').trim();
  } catch {
    return undefined;
  }
};

describe('SSH to the simulated host', () => {
  const mySshDir = path.join(userInfo().homedir, '.ssh');
  const mySshBefore = listing(mySshDir);
  let host: SimHost;
  let ssh: SshAccess;
  before(async () => {
    host = await createSimHost();
    ssh = await host.startSsh();
  });
  after(() => {
    host.destroy();
  });
  const sshFromWorkstation = (args: readonly string[]) =>
    ssh.workstation.run(['ssh', '-o', 'BatchMode=yes', '-o', 'StrictHostKeyChecking=yes', ...args], {
      timeoutMs: 60_000,
    });

  it('host keys are made per host at start: the cached root has none', () => {
    const keys = readdirSync(path.join(cachedRoot(), 'etc/ssh')).filter((f) => f.startsWith('ssh_host_'));
    assert.deepEqual(keys, []);
    assert.ok(ssh.hostKeys.length > 0);
  });

  it('the host keys it exposes are the ones its sshd shows the workstation', async () => {
    const scan = await ssh.workstation.run(['ssh-keyscan', '-T', '30', ssh.address], { timeoutMs: 60_000 });
    assert.equal(scan.exitCode, 0, scan.stderr);
    const shown = execFileSync('ssh-keygen', ['-l', '-f', '-'], { input: scan.stdout, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split(' ')[1])
      .sort();
    assert.deepEqual(shown, ssh.hostKeys.map((k) => k.fingerprint).sort());
  });

  it('with an empty known_hosts, the host key is refused', async () => {
    ssh.workstation.knownHosts.write('');
    const r = await sshFromWorkstation([ssh.target(), 'true']);
    assert.equal(r.exitCode, 255);
    assert.match(r.stderr, /Host key verification failed/);
  });

  it('with a different key for the host in known_hosts, the host key is refused as changed', async () => {
    ssh.workstation.knownHosts.write(ssh.changedKnownHostsLines());
    const r = await sshFromWorkstation([ssh.target(), 'true']);
    assert.equal(r.exitCode, 255);
    assert.match(r.stderr, /REMOTE HOST IDENTIFICATION HAS CHANGED/);
    assert.match(r.stderr, /Host key verification failed/);
  });

  it("with its keys in known_hosts, root logs in with the throwaway key; PATH is host.run's, fakes first", async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const r = await sshFromWorkstation([ssh.target(), 'echo "$PATH"; command -v yum systemctl; id -un']);
    assert.equal(r.exitCode, 0, r.stderr);
    const inside = await host.run(['bash', '-c', 'echo "$PATH"; command -v yum systemctl; id -un']);
    assert.equal(r.stdout, inside.stdout);
    assert.match(
      r.stdout,
      /^\/opt\/simhost\/fakes\/bin\/yum\n\/opt\/simhost\/fakes\/bin\/systemctl\nroot\n$/m,
    );
  });

  it("deployer has the fakes on PATH, sudoes without a password, and sudo sees root's PATH", async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const r = await sshFromWorkstation([
      ssh.target('deployer'),
      'id -un; command -v yum; sudo -n bash -c \'id -un; echo "$PATH"; command -v yum systemctl\'',
    ]);
    assert.equal(r.exitCode, 0, r.stderr);
    const inside = await host.run(['bash', '-c', 'echo "$PATH"; command -v yum systemctl']);
    assert.equal(r.stdout, `deployer\n/opt/simhost/fakes/bin/yum\nroot\n${inside.stdout}`);
  });

  it('nosudo logs in but cannot sudo: sudo -n asks for a password', async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const r = await sshFromWorkstation([ssh.target('nosudo'), 'id -un; sudo -n true']);
    assert.equal(r.stdout, 'nosudo\n');
    assert.equal(r.exitCode, 1);
    assert.match(r.stderr, /a password is required/);
  });

  it('gives a pseudo-terminal when asked (ssh -tt)', async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const r = await sshFromWorkstation(['-tt', ssh.target(), 'tty']);
    assert.equal(r.exitCode, 0, r.stderr);
    assert.match(r.stdout, /^\/dev\/pts\/\d+\r?\n$/);
  });

  it("the workstation's ssh uses only its throwaway ~/.ssh; this machine's ~/.ssh is as it was", async () => {
    const r = await ssh.workstation.run(['ssh', '-G', ssh.target()]);
    assert.match(r.stdout, new RegExp(`^userknownhostsfile ${ssh.workstation.knownHosts.path}$`, 'm'));
    assert.match(r.stdout, new RegExp(`^identityfile ~/.ssh/id_ed25519$`, 'm'));
    assert.deepEqual(readdirSync(path.join(ssh.workstation.home, '.ssh')).sort(), [
      'config',
      'id_ed25519',
      'known_hosts',
    ]);
    assert.equal(listing(mySshDir), mySshBefore);
  });

  it("sshd still answers once the host's network restart has moved its address to a bridge, and back", async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const unbridge = bridgeFilesByHand(host);
    assert.equal((await host.run(['systemctl', 'restart', 'network'])).exitCode, 0);
    const bridged = await sshFromWorkstation([ssh.target(), 'ip -4 -o addr show br0']);
    assert.equal(bridged.exitCode, 0, bridged.stderr);
    assert.match(bridged.stdout, /192\.168\.56\.10\/24/);

    await unbridge();
    assert.equal((await host.run(['systemctl', 'restart', 'network'])).exitCode, 0);
    const back = await sshFromWorkstation([ssh.target(), 'ip -4 -o addr show eth0']);
    assert.equal(back.exitCode, 0, back.stderr);
    assert.match(back.stdout, /192\.168\.56\.10\/24/);
  });

  it('the teardown ends sshd and its sessions and deletes the workstation', async () => {
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const session = ssh.workstation.spawn(['ssh', '-o', 'BatchMode=yes', ssh.target(), 'sleep 600']);
    // The session's own sshd process, a child of the listening one, once it runs the command.
    const sessionSshd = (): number[] =>
      host.pids().filter((pid) => pid !== ssh.sshdPid && comm(pid) === 'sshd');
    for (let i = 0; sessionSshd().length === 0; i++) {
      assert.ok(i < 3000, 'no session sshd within 60 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const sshds = [ssh.sshdPid, ...sessionSshd()];
    assert.ok(sshds.every((pid) => comm(pid) === 'sshd'));
    host.destroy();
    assert.deepEqual(
      sshds.filter((pid) => running(pid) && comm(pid) === 'sshd'),
      [],
    );
    assert.equal(session.pid !== undefined && running(session.pid), false);
    assert.doesNotMatch(
      execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' }),
      new RegExp(ssh.workstation.netns),
    );
  });
});
