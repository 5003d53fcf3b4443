import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRpmQuery } from '../../src/core/facts/rpm.js';
import { parseSsListening } from '../../src/core/facts/ss.js';
import { parseSystemctlShow } from '../../src/core/facts/systemd.js';
import { watchedUnits } from '../../src/core/facts/types.js';
import { fixture } from './fixture.js';

describe('ss -lntup', () => {
  it('reads CentOS 7 output (header, *:22, :::22, ::1:25, processes)', () => {
    const sockets = parseSsListening(fixture('ss/ss-lntup-centos7.txt'));
    assert.equal(sockets.length, 10);
    assert.deepEqual(sockets[0], {
      protocol: 'udp',
      address: '127.0.0.1',
      port: 323,
      processes: [{ name: 'chronyd', pid: 650, fd: 1 }],
    });
    assert.deepEqual(sockets[2], {
      protocol: 'udp',
      address: '*',
      interface: 'virbr0',
      port: 67,
      processes: [{ name: 'dnsmasq', pid: 1311, fd: 3 }],
    });
    assert.deepEqual(
      sockets.filter((s) => s.protocol === 'tcp').map((s) => `${s.address} ${s.port}`),
      ['192.168.122.1 53', '* 22', '127.0.0.1 25', '* 8773', ':: 22', '::1 25'],
    );
    assert.deepEqual(
      sockets.find((s) => s.port === 8773)?.processes.map((p) => p.pid),
      [2210, 2209],
    );
  });

  it('reads newer output without a header (brackets, %interface, no process)', () => {
    const sockets = parseSsListening(fixture('ss/ss-Hlntup-newer.txt'));
    assert.deepEqual(sockets[0], {
      protocol: 'udp',
      address: '127.0.0.53',
      interface: 'lo',
      port: 53,
      processes: [{ name: 'systemd-resolve', pid: 612, fd: 13 }],
    });
    assert.deepEqual(sockets[4], {
      protocol: 'tcp',
      address: '::',
      port: 22,
      processes: [{ name: 'sshd', pid: 1016, fd: 4 }],
    });
    assert.deepEqual(sockets[5], {
      protocol: 'tcp',
      address: 'fe80::1',
      interface: 'eth0',
      port: 8080,
      processes: [],
    });
    assert.equal(sockets[2]?.processes.length, 2);
  });
});

describe('rpm -qa', () => {
  it('reads a host with a previous Eucalyptus install', () => {
    const packages = parseRpmQuery(fixture('rpm/rpm-qa-previous-install.txt'));
    assert.deepEqual(packages[0], {
      name: 'eucalyptus',
      version: '4.4.5',
      release: '0.0.22283.44.el7',
      arch: 'x86_64',
    });
    assert.deepEqual(
      packages.map((p) => p.name),
      ['eucalyptus', 'eucalyptus-cloud', 'euca2ools', 'NetworkManager', 'firewalld', 'chrony'],
    );
  });

  it('reads no output as no packages', () => {
    assert.deepEqual(parseRpmQuery(fixture('rpm/rpm-qa-minimal-none.txt')), []);
  });
});

describe('systemctl show', () => {
  it('reads CentOS 7 (systemd 219) blocks, unknown units included', () => {
    const states = parseSystemctlShow(fixture('systemd/show-centos7.txt'), watchedUnits);
    assert.equal(states.length, 5);
    assert.deepEqual(states[0], {
      unit: 'NetworkManager.service',
      loadState: 'loaded',
      activeState: 'active',
      unitFileState: 'enabled',
    });
    assert.deepEqual(states[1], {
      unit: 'PackageKit.service',
      loadState: 'not-found',
      activeState: 'inactive',
    });
    assert.equal(states[2]?.unitFileState, 'disabled');
  });
});
