import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCpuinfo } from '../../src/core/facts/cpuinfo.js';
import type { StatfsNumbers } from '../../src/core/facts/disk.js';
import { diskSpace, selfAndAncestors } from '../../src/core/facts/disk.js';
import { parseMeminfo } from '../../src/core/facts/meminfo.js';
import { fixture } from './fixture.js';

describe('/proc/cpuinfo', () => {
  it('finds vmx on an Intel Xeon', () => {
    assert.deepEqual(parseCpuinfo(fixture('cpu/cpuinfo-intel-vmx')), {
      processors: 4,
      vendor: 'GenuineIntel',
      modelName: 'Intel(R) Xeon(R) CPU E5-2630 v4 @ 2.20GHz',
      virtualization: 'vmx',
      hypervisor: false,
    });
  });

  it('finds svm on an AMD EPYC', () => {
    const cpu = parseCpuinfo(fixture('cpu/cpuinfo-amd-svm'));
    assert.deepEqual([cpu.processors, cpu.vendor, cpu.virtualization], [2, 'AuthenticAMD', 'svm']);
  });

  it('finds neither in a KVM guest without nested virtualisation', () => {
    const cpu = parseCpuinfo(fixture('cpu/cpuinfo-kvm-guest-novirt'));
    assert.equal(cpu.virtualization, undefined);
    assert.equal(cpu.hypervisor, true);
  });
});

describe('/proc/meminfo', () => {
  it('reads CentOS 7 meminfo in bytes', () => {
    const mem = parseMeminfo(fixture('mem/meminfo-centos7'))!;
    assert.equal(mem.totalBytes, 16266508 * 1024);
    assert.equal(mem.availableBytes, 15270744 * 1024);
    assert.equal(mem.swapTotalBytes, 8257532 * 1024);
    assert.equal(mem.values['Active(anon)'], 399528 * 1024);
    assert.equal(mem.values.HugePages_Total, 0);
  });

  it('reads CentOS 6 meminfo, which has no MemAvailable', () => {
    const mem = parseMeminfo(fixture('mem/meminfo-centos6'))!;
    assert.equal(mem.totalBytes, 3922944 * 1024);
    assert.equal('availableBytes' in mem, false);
  });

  it('gives undefined without MemTotal', () => {
    assert.equal(parseMeminfo('garbage\n'), undefined);
  });
});

describe('free space', () => {
  it('reads statfs of a CentOS 7 /var as df -Pk would', () => {
    const stats = JSON.parse(fixture('disk/statfs-var-centos7.json')) as StatfsNumbers;
    const space = diskSpace('/var', '/var', stats);
    assert.equal(space.totalBytes / 1024, 209611780);
    assert.equal(space.freeBytes / 1024, 171845216);
  });

  it('lists a path and its ancestors, nearest first', () => {
    assert.deepEqual(selfAndAncestors('/var/lib/eucalyptus/instances/'), [
      '/var/lib/eucalyptus/instances',
      '/var/lib/eucalyptus',
      '/var/lib',
      '/var',
      '/',
    ]);
    assert.deepEqual(selfAndAncestors('/'), ['/']);
    assert.deepEqual(selfAndAncestors('/var/../srv'), ['/srv', '/']);
  });
});
