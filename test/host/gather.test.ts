import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { hostDefaults } from '../../src/host/defaults.js';
import type { StatfsNumbers } from '../../src/core/facts/disk.js';
import { parseIpAddrJson, parseIpAddrText } from '../../src/core/facts/ip-addr.js';
import { parseIpNeighJson, parseIpNeighText } from '../../src/core/facts/ip-neigh.js';
import { parseIpRouteJson, parseIpRouteText } from '../../src/core/facts/ip-route.js';
import { parseRpmQuery } from '../../src/core/facts/rpm.js';
import { parseSsListening } from '../../src/core/facts/ss.js';
import { parseSystemctlShow } from '../../src/core/facts/systemd.js';
import { watchedPackages, watchedUnits } from '../../src/core/facts/types.js';
import { gatherHostFacts } from '../../src/host/gather.js';
import {
  defaultGateway,
  defaultRouteInterface,
  diskFor,
  eucalyptusPackages,
  ifcfgFor,
  ifcfgHwaddr,
  isPackageInstalled,
  isWireless,
  listenersOn,
  primaryIPv4,
  uplinkInterface,
} from '../../src/core/facts/queries.js';
import { enoent, fakeDeps } from './fake-host.js';
import { fixture } from './fixture.js';

const statfs = JSON.parse(fixture('disk/statfs-var-centos7.json')) as StatfsNumbers;

/** A CentOS 7.9 server bridged by an earlier run: em1 is a port of br0, which holds 10.1.1.20/24. */
function bridgedCentos7() {
  return fakeDeps({
    statfs,
    files: {
      '/proc/sys/kernel/hostname': 'ciab\n',
      '/etc/os-release': fixture('os/os-release-centos7'),
      '/etc/redhat-release': fixture('os/redhat-release-centos79'),
      '/proc/cpuinfo': fixture('cpu/cpuinfo-intel-vmx'),
      '/dev/kvm': '',
      '/proc/meminfo': fixture('mem/meminfo-centos7'),
      '/etc/resolv.conf': fixture('resolv/centos7-networkmanager.conf'),
      '/etc/sysconfig/network-scripts/ifcfg-br0': fixture('ifcfg/ifcfg-br0'),
      '/etc/sysconfig/network-scripts/ifcfg-em1': fixture('ifcfg/ifcfg-em1-bridged'),
      '/etc/sysconfig/network-scripts/ifcfg-em1.bak': fixture('ifcfg/ifcfg-eth0-dhcp'),
      '/etc/sysconfig/network-scripts/ifcfg-lo':
        'DEVICE=lo\nIPADDR=127.0.0.1\nNETMASK=255.0.0.0\nONBOOT=yes\nNAME=loopback\n',
      '/etc/sysconfig/network-scripts/ifup-eth': '#!/bin/bash\n',
      '/etc/chrony.conf': fixture('time/chrony-centos7.conf'),
      '/etc/selinux/config': fixture('selinux/config-permissive'),
      '/sys/fs/selinux/enforce': '0',
      '/sys/class/net/lo/uevent': 'INTERFACE=lo\nIFINDEX=1\n',
      '/sys/class/net/em1/uevent': 'INTERFACE=em1\nIFINDEX=2\n',
      '/sys/class/net/em1/device/vendor': '0x14e4\n',
      '/sys/class/net/em2/uevent': 'INTERFACE=em2\nIFINDEX=3\n',
      '/sys/class/net/em2/device/vendor': '0x14e4\n',
      '/sys/class/net/br0/uevent': 'DEVTYPE=bridge\nINTERFACE=br0\nIFINDEX=4\n',
      '/sys/class/net/vnet0/uevent': 'INTERFACE=vnet0\nIFINDEX=5\n',
      '/var/lib/cloud-in-a-box/journal/host.selinux': '0 abc\n',
      '/var/lib/cloud-in-a-box/journal/repositories.eucalyptus': '0 def\n',
      '/var/lib/cloud-in-a-box/journal/.packages.install.Xy12Ab': '',
    },
    commands: {
      showAddresses: () => Promise.resolve(parseIpAddrText(fixture('ip/addr-centos7-br0.txt'))),
      showRoutes: () => Promise.resolve(parseIpRouteText(fixture('ip/route-centos7-br0.txt'))),
      showNeighbours: () =>
        Promise.resolve(
          parseIpNeighText(
            '10.1.1.1 dev br0 lladdr 00:1b:21:aa:01:02 REACHABLE\n10.1.1.30 dev br0  FAILED\n',
          ),
        ),
      listListeningSockets: () => Promise.resolve(parseSsListening(fixture('ss/ss-lntup-centos7.txt'))),
      listInstalledPackages: (patterns) => {
        assert.deepEqual(patterns, watchedPackages);
        return Promise.resolve(parseRpmQuery(fixture('rpm/rpm-qa-previous-install.txt')));
      },
      showUnitStates: (units) =>
        Promise.resolve(parseSystemctlShow(fixture('systemd/show-centos7.txt'), units)),
      getEnforce: () => Promise.resolve('permissive'),
      showFqdn: () => Promise.resolve('ciab.example.lan'),
    },
  });
}

/** A laptop on wlan0 with a newer iproute2 and no RPM, SELinux or initscripts (Debian-like). */
function wirelessLaptop() {
  return fakeDeps({
    statfs,
    uid: 1000,
    files: {
      '/proc/sys/kernel/hostname': 'laptop\n',
      '/etc/os-release': fixture('os/os-release-debian12'),
      '/proc/cpuinfo': fixture('cpu/cpuinfo-intel-vmx'),
      '/proc/meminfo': fixture('mem/meminfo-centos7'),
      '/etc/resolv.conf': '# stub\nnameserver 127.0.0.53\noptions edns0 trust-ad\nsearch .\n',
      '/sys/class/net/lo/uevent': 'INTERFACE=lo\nIFINDEX=1\n',
      '/sys/class/net/enp0s31f6/uevent': 'INTERFACE=enp0s31f6\nIFINDEX=2\n',
      '/sys/class/net/enp0s31f6/device/vendor': '0x8086\n',
      '/sys/class/net/wlan0/uevent': 'DEVTYPE=wlan\nINTERFACE=wlan0\nIFINDEX=3\n',
      '/sys/class/net/wlan0/wireless/status': '0x0\n',
      '/sys/class/net/wlan0/device/vendor': '0x8086\n',
      '/sys/class/net/virbr0/uevent': 'DEVTYPE=bridge\nINTERFACE=virbr0\nIFINDEX=4\n',
      '/sys/class/net/vnet0/uevent': 'INTERFACE=vnet0\nIFINDEX=5\n',
      '/sys/class/net/wlan0.7/uevent': 'DEVTYPE=vlan\nINTERFACE=wlan0.7\nIFINDEX=6\n',
      '/var/tmp/x': '',
    },
    commands: {
      showAddresses: () => Promise.resolve(parseIpAddrJson(fixture('ip/addr-laptop-wlan0.json'))),
      showRoutes: () => Promise.resolve(parseIpRouteJson(fixture('ip/route-laptop.json'))),
      showNeighbours: () => Promise.resolve(parseIpNeighJson(fixture('ip/neigh-laptop.json'))),
      listListeningSockets: () => Promise.resolve(parseSsListening(fixture('ss/ss-Hlntup-newer.txt'))),
      listInstalledPackages: () =>
        Promise.reject(Object.assign(new Error('rpm could not run: ENOENT'), { code: 'ENOENT' })),
      showUnitStates: (units) =>
        Promise.resolve(
          parseSystemctlShow(
            units
              .map((u) => `Id=${u}\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n`)
              .join('\n'),
            units,
          ),
        ),
      getEnforce: () =>
        Promise.reject(Object.assign(new Error('getenforce could not run: ENOENT'), { code: 'ENOENT' })),
      showFqdn: () => Promise.resolve('laptop'),
    },
  });
}

describe('gatherHostFacts with a recorded host', () => {
  it('gathers a bridged CentOS 7 server', async () => {
    const deps = bridgedCentos7();
    const facts = await gatherHostFacts({ deps, paths: ['/var/lib/eucalyptus/instances'] });
    assert.deepEqual(facts.notes, []);
    assert.equal(facts.uid, 0);
    assert.deepEqual(facts.hostname, { name: 'ciab', fqdn: 'ciab.example.lan' });
    assert.deepEqual(
      [facts.os.osRelease?.id, facts.os.redhatRelease?.version, facts.os.arch],
      ['centos', '7.9.2009', 'x86_64'],
    );
    assert.equal(facts.cpu?.virtualization, 'vmx');
    assert.equal(facts.kvmDevice, true);
    assert.equal(facts.memory?.totalBytes, 16266508 * 1024);
    assert.deepEqual(
      facts.interfaces?.map((i) => [i.name, i.kind, i.wireless]),
      [
        ['lo', 'loopback', false],
        ['em1', 'wired', false],
        ['em2', 'wired', false],
        ['br0', 'bridge', false],
        ['vnet0', 'virtual', false],
      ],
    );
    assert.deepEqual(
      facts.ifcfg?.map((f) => f.file),
      ['ifcfg-br0', 'ifcfg-em1', 'ifcfg-lo'],
    );
    assert.deepEqual(facts.timeSync.servers.slice(0, 1), ['0.centos.pool.ntp.org']);
    assert.equal(facts.timeSync.ntp, undefined);
    assert.deepEqual(facts.selinux, {
      mode: 'permissive',
      source: 'getenforce',
      configuredMode: 'permissive',
      configuredType: 'targeted',
    });
    assert.equal(facts.units?.['firewalld.service']?.activeState, 'inactive');
    assert.equal(facts.units['PackageKit.service']?.loadState, 'not-found');
    assert.deepEqual(facts.journal, {
      dir: '/var/lib/cloud-in-a-box/journal',
      entries: ['host.selinux', 'repositories.eucalyptus'],
    });
    assert.deepEqual(
      facts.disks.map((d) => [d.path, d.measuredAt, d.freeBytes]),
      [
        ['/var', '/var', 42961304 * 4096],
        ['/var/lib/eucalyptus/instances', '/var/lib', 42961304 * 4096],
      ],
    );
    assert.deepEqual(deps.statfsCalls.sort(), ['/var', '/var/lib']);
  });

  it('answers the consumers’ questions about the bridged server', async () => {
    const facts = await gatherHostFacts({ deps: bridgedCentos7() });
    assert.equal(defaultRouteInterface(facts), 'br0');
    assert.equal(uplinkInterface(facts), 'em1');
    assert.equal(defaultGateway(facts), '10.1.1.1');
    assert.deepEqual(primaryIPv4(facts, 'br0'), { address: '10.1.1.20', prefix: 24 });
    assert.equal(primaryIPv4(facts, 'em1'), undefined);
    assert.equal(ifcfgHwaddr(facts, 'em1'), '18:66:da:4c:7e:20');
    assert.equal(ifcfgFor(facts, 'br0')?.bootproto, 'static');
    assert.equal(isPackageInstalled(facts, 'NetworkManager'), true);
    assert.equal(isPackageInstalled(facts, 'PackageKit'), false);
    assert.deepEqual(eucalyptusPackages(facts), ['eucalyptus', 'eucalyptus-cloud', 'euca2ools']);
    assert.deepEqual(listenersOn(facts, 8773), ['eucalyptus-clou']);
    assert.deepEqual(listenersOn(facts, 53, 'udp'), ['dnsmasq']);
    assert.equal(diskFor(facts, '/var')?.measuredAt, '/var');
    assert.deepEqual(hostDefaults(facts), {
      interface: 'em1',
      address: '10.1.1.20/24',
      gateway: '10.1.1.1',
      dns: ['192.168.56.1', '8.8.8.8'],
      ntpServers: [
        '0.centos.pool.ntp.org',
        '1.centos.pool.ntp.org',
        '2.centos.pool.ntp.org',
        '3.centos.pool.ntp.org',
      ],
      fqdn: 'ciab.example.lan',
      neighbours: ['10.1.1.1'],
    });
  });

  it('gathers a wireless laptop without RPM, SELinux or initscripts', async () => {
    const facts = await gatherHostFacts({ deps: wirelessLaptop() });
    // rpm missing is worth a note (the preflight cannot tell what is installed); getenforce missing is not.
    assert.deepEqual(facts.notes, [{ probe: 'rpm -qa', message: 'rpm could not run: ENOENT' }]);
    assert.equal(facts.uid, 1000);
    assert.equal(facts.os.redhatRelease, undefined);
    assert.equal(facts.kvmDevice, false);
    assert.equal(facts.packages, undefined);
    assert.equal(isPackageInstalled(facts, 'NetworkManager'), undefined);
    assert.equal(facts.ifcfg, undefined);
    assert.equal(facts.journal, null);
    assert.equal(facts.hostname.fqdn, undefined);
    assert.deepEqual(facts.selinux, {
      mode: 'disabled',
      source: 'no-selinuxfs',
      configuredMode: undefined,
      configuredType: undefined,
    });
    assert.deepEqual(
      facts.interfaces?.map((i) => [i.name, i.kind]),
      [
        ['lo', 'loopback'],
        ['enp0s31f6', 'wired'],
        ['wlan0', 'wireless'],
        ['virbr0', 'bridge'],
        ['vnet0', 'virtual'],
        ['wlan0.7', 'vlan'],
      ],
    );
    assert.equal(defaultRouteInterface(facts), 'wlan0');
    assert.equal(isWireless(facts, 'wlan0'), true);
    assert.equal(isWireless(facts, 'enp0s31f6'), false);
    assert.deepEqual(hostDefaults(facts), {
      interface: 'wlan0',
      address: '192.168.1.23/24',
      gateway: '192.168.1.1',
      neighbours: ['192.168.1.1', '192.168.1.42'],
    });
  });

  it('reads the state of the units it is asked for besides the watched ones, each once', async () => {
    const deps = wirelessLaptop();
    const asked: string[][] = [];
    const facts = await gatherHostFacts({
      deps: {
        ...deps,
        run: {
          ...deps.run,
          showUnitStates: (units, options) => {
            asked.push([...units]);
            return deps.run.showUnitStates(units, options);
          },
        },
      },
      units: ['ufw.service', 'firewalld.service'],
    });
    assert.deepEqual(asked, [[...watchedUnits, 'ufw.service']]);
    assert.equal(facts.units?.['ufw.service']?.loadState, 'not-found');
  });

  it('turns failing and hanging probes into notes, in time', async () => {
    const deps = bridgedCentos7();
    deps.run.showFqdn = () => new Promise<never>(() => undefined);
    deps.run.showRoutes = () =>
      Promise.reject(new Error('ip -4 route show exited 255: RTNETLINK answers: Permission denied'));
    const readFile = deps.readFile;
    deps.readFile = (file, signal) =>
      file === '/proc/cpuinfo'
        ? Promise.reject(
            Object.assign(new Error("EACCES: permission denied, open '/proc/cpuinfo'"), { code: 'EACCES' }),
          )
        : file === '/etc/chrony.conf'
          ? Promise.reject(enoent(file))
          : readFile(file, signal);
    const started = performance.now();
    const facts = await gatherHostFacts({ deps, timeoutMs: 100 });
    assert.ok(performance.now() - started < 1000);
    assert.deepEqual(facts.notes, [
      { probe: '/proc/cpuinfo', message: "EACCES: permission denied, open '/proc/cpuinfo'" },
      { probe: 'hostname -f', message: 'timed out after 100 ms' },
      { probe: 'ip route', message: 'ip -4 route show exited 255: RTNETLINK answers: Permission denied' },
    ]);
    assert.equal(facts.cpu, undefined);
    assert.equal(facts.hostname.fqdn, undefined);
    assert.equal(facts.routes, undefined);
    assert.equal(defaultRouteInterface(facts), undefined);
    assert.deepEqual(facts.timeSync, { chrony: undefined, ntp: undefined, servers: [] });
    assert.equal(hostDefaults(facts).interface, undefined);
    assert.equal(hostDefaults(facts).address, undefined);
  });

  it('reads files under a root directory when given one', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ciab-host-'));
    try {
      mkdirSync(path.join(root, 'etc'));
      writeFileSync(path.join(root, 'etc', 'os-release'), fixture('os/os-release-centos7'));
      writeFileSync(path.join(root, 'etc', 'redhat-release'), fixture('os/redhat-release-centos79'));
      const { readFile: _r, exists: _e, readDir: _d, statfs: _s, ...rest } = bridgedCentos7();
      const facts = await gatherHostFacts({ root, deps: rest });
      assert.equal(facts.os.osRelease?.id, 'centos');
      assert.equal(facts.os.redhatRelease?.major, 7);
      assert.equal(facts.journal, null);
      assert.equal(facts.disks[0]?.measuredAt, '/');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('gatherHostFacts on this machine', () => {
  it('does not crash and returns facts of the right shape, quickly', async () => {
    const started = performance.now();
    const facts = await gatherHostFacts({ paths: ['/var/lib/eucalyptus/instances'] });
    const elapsed = performance.now() - started;
    assert.ok(elapsed < 6000, `gathering took ${Math.round(elapsed)} ms`);
    assert.ok(Array.isArray(facts.notes));
    for (const note of facts.notes) assert.equal(typeof note.message, 'string');
    assert.ok(facts.uid === undefined || Number.isInteger(facts.uid));
    assert.ok(facts.interfaces === undefined || facts.interfaces.every((i) => typeof i.name === 'string'));
    assert.ok(facts.routes === undefined || Array.isArray(facts.routes));
    assert.ok(Array.isArray(facts.timeSync.servers));
    assert.ok(facts.disks.every((d) => d.freeBytes >= 0 && d.totalBytes >= d.freeBytes));
    assert.equal(facts.disks[1]?.path, '/var/lib/eucalyptus/instances');
    assert.ok(facts.cpu === undefined || facts.cpu.processors >= 1);
    assert.equal(typeof hostDefaults(facts), 'object');
    // The facts are data: they survive a JSON round trip (the CLI may print or save them).
    assert.equal(typeof JSON.stringify(facts), 'string');
  });
});
