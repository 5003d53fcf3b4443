/**
 * The simulated host itself: it looks like CentOS 7.9, its network is real (ping and DNS from the
 * gateway), two hosts never see each other, everything is cleaned up (also after a killed test process),
 * the facts the preflight tests vary are what the host shows, the gateway can be made to fall silent,
 * and a bridge configuration really moves the address.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import type { SimHost } from './host.js';
import { createSimHost, sweepStale } from './host.js';
import { bridgeFilesByHand } from './bridge-by-hand.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const netnsList = (): string => execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' });
const mountsUnder = (dir: string): string[] =>
  readFileSync('/proc/mounts', 'utf8')
    .split('\n')
    .filter((l) => l.split(' ')[1]?.startsWith(dir));
/** the dns.js responder answers on the wire: a one-byte read proves a reply came back */
const DNS_PROBE =
  'exec 3<>/dev/udp/$0/53; printf "\\x43\\x49\\x01\\x00\\x00\\x01\\x00\\x00\\x00\\x00\\x00\\x00\\x04test\\x03lan\\x00\\x00\\x01\\x00\\x01" >&3; IFS= read -r -t 2 -n 1 _ <&3';

describe('the simulated host', () => {
  let host: SimHost;
  before(async () => {
    host = await createSimHost({
      memTotalKb: 2 * 1024 * 1024,
      cpuFlags: ['fpu', 'lm'],
      varSizeGb: 40,
      kvm: false,
    });
  });
  after(() => {
    host.destroy();
  });

  it('is dressed as CentOS 7.9, with the files the installer reads', async () => {
    assert.equal(
      (await host.run(['cat', '/etc/redhat-release'])).stdout,
      'CentOS Linux release 7.9.2009 (Core)\n',
    );
    assert.match(host.readFile('/etc/os-release'), /^ID="centos"$/m);
    const ifcfg = host.readFile('/etc/sysconfig/network-scripts/ifcfg-eth0');
    assert.match(ifcfg, new RegExp(`^HWADDR=${host.mac}$`, 'm'));
    assert.match(ifcfg, /^IPADDR=192\.168\.56\.10$/m);
    for (const file of ['/etc/chrony.conf', '/etc/selinux/config', '/etc/hosts', '/etc/resolv.conf'])
      assert.ok(host.exists(file), file);
  });

  it('has eth0 with its address and MAC; the gateway answers ping and DNS', async () => {
    const addr = JSON.parse((await host.run(['ip', '-j', 'addr', 'show', 'eth0'])).stdout) as {
      address: string;
      addr_info: { local: string; prefixlen: number }[];
    }[];
    assert.equal(addr[0]!.address, host.mac);
    assert.ok(addr[0]!.addr_info.some((a) => a.local === '192.168.56.10' && a.prefixlen === 24));
    assert.equal((await host.run(['ping', '-c', '1', '-W', '2', '192.168.56.1'])).exitCode, 0);
    assert.equal((await host.run(['bash', '-c', DNS_PROBE, '192.168.56.1'])).exitCode, 0);
  });

  it('shows the facts the test chose: memory, CPU flags, /var size, no /dev/kvm', async () => {
    assert.match((await host.run(['cat', '/proc/meminfo'])).stdout, /^MemTotal: +2097152 kB$/m);
    assert.doesNotMatch((await host.run(['cat', '/proc/cpuinfo'])).stdout, /\bvmx\b/);
    const df = (await host.run(['df', '-B1G', '--output=size', '/var'])).stdout.trim().split('\n')[1];
    assert.equal(Number(df), 40);
    assert.equal(host.exists('/dev/kvm'), false);
  });

  it('runs the checkout with the machine node at fixed paths', async () => {
    const r = await host.ciab(['--version']);
    assert.equal(r.exitCode, 0, r.stderr);
    const pkg = JSON.parse(readFileSync(path.join(here, '../../package.json'), 'utf8')) as {
      version: string;
    };
    assert.equal(r.stdout.trim(), pkg.version);
    assert.notEqual(
      (await host.run(['touch', '/opt/cloud-in-a-box/x'])).exitCode,
      0,
      'the checkout is read-only',
    );
  });

  it('the gateway falls silent on demand and comes back', async () => {
    host.gatewayControl.stop();
    assert.notEqual((await host.run(['ping', '-c', '1', '-W', '1', '192.168.56.1'])).exitCode, 0);
    assert.notEqual((await host.run(['bash', '-c', DNS_PROBE, '192.168.56.1'])).exitCode, 0);
    host.gatewayControl.resume();
    assert.equal((await host.run(['ping', '-c', '1', '-W', '2', '192.168.56.1'])).exitCode, 0);
    assert.equal((await host.run(['bash', '-c', DNS_PROBE, '192.168.56.1'])).exitCode, 0);
  });

  it('a command that outlasts its timeout is killed with its group, and nothing else: a bystander lives on', async () => {
    // The guard once ran `kill -9 -PID`, which procps-ng 4.0 reads as kill(-1): every process on the machine.
    const bystander = spawn('sleep', ['60'], { detached: true, stdio: 'ignore' });
    after(() => bystander.kill('SIGKILL'));
    const r = await host.run(['sh', '-c', 'sleep 60 & sleep 60'], { timeoutMs: 500 });
    assert.equal(r.exitCode, 137);
    assert.equal(bystander.exitCode, null, 'the bystander still runs');
    assert.equal(bystander.signalCode, null, 'the bystander was sent no signal');
  });

  it('fake tools come first on PATH and log their calls', async () => {
    const r = await host.run(['bash', '-c', 'command -v systemctl yum euctl']);
    assert.deepEqual(r.stdout.trim().split('\n'), [
      '/opt/simhost/fakes/bin/systemctl',
      '/opt/simhost/fakes/bin/yum',
      '/opt/simhost/fakes/bin/euctl',
    ]);
    await host.run(['systemctl', 'is-active', 'firewalld']);
    assert.match(host.readFile('/var/lib/simhost/calls.log'), /"tool":"systemctl"/);
  });

  it('a bridge configuration moves the address to the bridge; the gateway still answers; and back', async () => {
    const unbridge = bridgeFilesByHand(host);
    const restart = await host.run(['systemctl', 'restart', 'network']);
    assert.equal(restart.exitCode, 0, restart.stderr);
    const br0 = (await host.run(['ip', '-4', '-o', 'addr', 'show', 'br0'])).stdout;
    assert.match(br0, /192\.168\.56\.10\/24/);
    assert.doesNotMatch(
      (await host.run(['ip', '-4', '-o', 'addr', 'show', 'eth0'])).stdout,
      /192\.168\.56\.10/,
    );
    assert.match((await host.run(['ip', '-o', 'link', 'show', 'eth0'])).stdout, /master br0/);
    assert.equal((await host.run(['ping', '-c', '1', '-W', '2', '192.168.56.1'])).exitCode, 0);
    assert.ok(host.exists('/var/lib/simhost/events/bridge-up'));

    await unbridge();
    assert.equal((await host.run(['systemctl', 'restart', 'network'])).exitCode, 0);
    assert.match((await host.run(['ip', '-4', '-o', 'addr', 'show', 'eth0'])).stdout, /192\.168\.56\.10\/24/);
    assert.notEqual((await host.run(['ip', 'link', 'show', 'br0'])).exitCode, 0, 'the bridge is gone');
    assert.equal((await host.run(['ping', '-c', '1', '-W', '2', '192.168.56.1'])).exitCode, 0);
  });
});

describe('isolation and cleanup', () => {
  it('two hosts at once: separate files, namespaces and networks', async () => {
    const [a, b] = await Promise.all([createSimHost(), createSimHost({ address: '10.20.0.5/24' })]);
    try {
      a.writeFile('/etc/only-a', 'a');
      assert.equal(b.exists('/etc/only-a'), false);
      assert.notEqual(a.netns, b.netns);
      assert.equal((await b.run(['ping', '-c', '1', '-W', '2', '10.20.0.1'])).exitCode, 0);
      assert.notEqual(
        (await b.run(['ping', '-c', '1', '-W', '1', '192.168.56.1'])).exitCode,
        0,
        'b cannot reach a',
      );
      assert.doesNotMatch((await a.run(['ip', '-o', 'link'])).stdout, /10\.20/);
    } finally {
      a.destroy();
      b.destroy();
    }
    assert.doesNotMatch(netnsList(), new RegExp(`${a.id}|${b.id}`));
    assert.deepEqual(mountsUnder(path.dirname(a.root)), []);
  });

  it('a test process killed with -9 leaves nothing behind once the next host sweeps', () => {
    const script = `import { createSimHost } from ${JSON.stringify(path.join(here, 'host.ts'))};
const h = await createSimHost(); process.stdout.write(h.id + '\\n'); process.kill(process.pid, 'SIGKILL');`;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      encoding: 'utf8',
    });
    const id = child.stdout.trim();
    assert.match(id, /^[0-9a-f]{6}$/, child.stderr);
    assert.match(netnsList(), new RegExp(id), 'the killed process left its namespaces');
    assert.ok(sweepStale().includes(id));
    assert.doesNotMatch(netnsList(), new RegExp(id));
    assert.deepEqual(
      mountsUnder('/').filter((l) => l.includes(`/simhosts/${id}`)),
      [],
    );
  });
});
