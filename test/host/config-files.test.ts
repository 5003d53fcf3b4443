import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isIfcfgFileName, parseIfcfg } from '../../src/core/facts/ifcfg.js';
import { parseOsRelease, parseRedhatRelease } from '../../src/core/facts/os-release.js';
import { parseResolvConf } from '../../src/core/facts/resolv-conf.js';
import { parseGetenforce, parseSelinuxConfig, parseSelinuxEnforce } from '../../src/core/facts/selinux.js';
import { parseChronyConf, parseNtpConf } from '../../src/core/facts/time-sync.js';
import { fixture } from './fixture.js';

describe('resolv.conf', () => {
  it('reads the file NetworkManager writes on CentOS 7', () => {
    assert.deepEqual(parseResolvConf(fixture('resolv/centos7-networkmanager.conf')), {
      nameservers: ['192.168.56.1', '8.8.8.8'],
      search: ['example.lan'],
      options: [],
    });
  });

  it('skips comments, keeps the last search/domain line and at most three name servers', () => {
    assert.deepEqual(parseResolvConf(fixture('resolv/comments-options.conf')), {
      nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3'],
      search: ['lab.example.com', 'example.com'],
      options: ['timeout:2', 'attempts:3', 'rotate'],
    });
  });

  it('reads an empty file as no resolvers', () => {
    assert.deepEqual(parseResolvConf(fixture('resolv/empty.conf')), {
      nameservers: [],
      search: [],
      options: [],
    });
  });
});

describe('os-release and redhat-release', () => {
  it('reads CentOS 7 os-release', () => {
    const os = parseOsRelease(fixture('os/os-release-centos7'));
    assert.equal(os.id, 'centos');
    assert.equal(os.versionId, '7');
    assert.deepEqual(os.idLike, ['rhel', 'fedora']);
    assert.equal(os.prettyName, 'CentOS Linux 7 (Core)');
    assert.equal(os.variables.CENTOS_MANTISBT_PROJECT, 'CentOS-7');
  });

  it('reads RHEL 7.4 os-release, with an unquoted value', () => {
    const os = parseOsRelease(fixture('os/os-release-rhel7'));
    assert.deepEqual([os.id, os.versionId, os.name], ['rhel', '7.4', 'Red Hat Enterprise Linux Server']);
    assert.equal(os.variables.REDHAT_BUGZILLA_PRODUCT_VERSION, '7.4');
  });

  it('reads Debian 12 os-release (no ID_LIKE)', () => {
    const os = parseOsRelease(fixture('os/os-release-debian12'));
    assert.deepEqual([os.id, os.versionId, os.idLike], ['debian', '12', []]);
  });

  it('reads CentOS 7.9 redhat-release', () => {
    assert.deepEqual(parseRedhatRelease(fixture('os/redhat-release-centos79')), {
      text: 'CentOS Linux release 7.9.2009 (Core)',
      distribution: 'CentOS Linux',
      version: '7.9.2009',
      major: 7,
      minor: 9,
      codename: 'Core',
    });
  });

  it('reads CentOS 7.3 redhat-release with a trailing space', () => {
    const release = parseRedhatRelease(fixture('os/redhat-release-centos73'));
    assert.deepEqual([release?.major, release?.minor, release?.version], [7, 3, '7.3.1611']);
  });

  it('reads RHEL 7.4 redhat-release', () => {
    const release = parseRedhatRelease(fixture('os/redhat-release-rhel74'));
    assert.deepEqual(
      [release?.distribution, release?.version, release?.codename],
      ['Red Hat Enterprise Linux Server', '7.4', 'Maipo'],
    );
  });

  it('reads CentOS 6.10 redhat-release (older wording)', () => {
    const release = parseRedhatRelease(fixture('os/redhat-release-centos610'));
    assert.deepEqual([release?.distribution, release?.major, release?.minor], ['CentOS', 6, 10]);
  });

  it('gives undefined for text without a release', () => {
    assert.equal(parseRedhatRelease(''), undefined);
    assert.equal(parseRedhatRelease('Fedora'), undefined);
  });
});

describe('ifcfg files', () => {
  it('reads a hand-edited static file with quotes and comments', () => {
    const file = parseIfcfg('ifcfg-eth0', fixture('ifcfg/ifcfg-eth0-static'));
    assert.deepEqual(
      {
        device: file.device,
        bootproto: file.bootproto,
        onboot: file.onboot,
        nmControlled: file.nmControlled,
        hwaddr: file.hwaddr,
        ipaddr: file.ipaddr,
        prefix: file.prefix,
        gateway: file.gateway,
      },
      {
        device: 'eth0',
        bootproto: 'none',
        onboot: true,
        nmControlled: false,
        hwaddr: '08:00:27:8A:3C:11',
        ipaddr: '192.168.56.10',
        prefix: 24,
        gateway: '192.168.56.1',
      },
    );
    assert.equal(file.variables.DNS2, '8.8.8.8');
  });

  it('reads the DHCP file anaconda writes (NM_CONTROLLED absent)', () => {
    const file = parseIfcfg('ifcfg-eth0', fixture('ifcfg/ifcfg-eth0-dhcp'));
    assert.equal(file.bootproto, 'dhcp');
    assert.equal(file.nmControlled, undefined);
    assert.equal(file.hwaddr, undefined);
    assert.equal(file.variables.IPV6_ADDR_GEN_MODE, 'stable-privacy');
  });

  it('reads the bridge and its port as cloud-in-a-box writes them', () => {
    const bridge = parseIfcfg('ifcfg-br0', fixture('ifcfg/ifcfg-br0'));
    assert.deepEqual([bridge.type, bridge.bootproto, bridge.netmask], ['Bridge', 'static', '255.255.255.0']);
    const port = parseIfcfg('ifcfg-em1', fixture('ifcfg/ifcfg-em1-bridged'));
    assert.deepEqual([port.bridge, port.hwaddr, port.nmControlled], ['br0', '18:66:da:4c:7e:20', false]);
  });

  it('follows shell quoting and ignores what is not an assignment', () => {
    const file = parseIfcfg('ifcfg-uplink', fixture('ifcfg/ifcfg-quoting'));
    assert.equal(file.name, 'uplink');
    assert.equal(file.device, 'eth2');
    assert.deepEqual(file.variables, {
      DEVICE: 'eth2',
      NAME: 'System eth2 "uplink"',
      ALIAS: "it's fine",
      COMMENTED: 'value#not-a-comment',
      SPACED: 'a b  c',
      ESCAPED: 'back slash',
      EMPTY: '',
      NM_CONTROLLED: 'No',
      ONBOOT: 'maybe',
      BOOTPROTO: 'DHCP',
      IPADDR0: '10.9.9.9',
      PREFIX0: '16',
    });
    assert.equal(file.nmControlled, false);
    assert.equal(file.onboot, undefined);
    assert.equal(file.bootproto, 'dhcp');
    assert.deepEqual([file.ipaddr, file.prefix], ['10.9.9.9', 16]);
  });

  it('tells configuration files from backups and ranges', () => {
    assert.deepEqual(
      [
        'ifcfg-eth0',
        'ifcfg-lo',
        'ifcfg-eth0.100',
        'ifcfg-eth0.bak',
        'ifcfg-eth0~',
        'ifcfg-eth0.rpmsave',
        'ifcfg-eth0-range0',
        'route-eth0',
        'ifcfg-',
      ].filter(isIfcfgFileName),
      ['ifcfg-eth0', 'ifcfg-lo', 'ifcfg-eth0.100'],
    );
  });
});

describe('chrony.conf and ntp.conf', () => {
  it('reads the CentOS 7 chrony.conf', () => {
    const config = parseChronyConf(fixture('time/chrony-centos7.conf'));
    assert.equal(config.path, '/etc/chrony.conf');
    assert.deepEqual(
      config.sources.map((s) => s.host),
      ['0.centos.pool.ntp.org', '1.centos.pool.ntp.org', '2.centos.pool.ntp.org', '3.centos.pool.ntp.org'],
    );
    assert.deepEqual(config.sources[0], {
      kind: 'server',
      host: '0.centos.pool.ntp.org',
      options: ['iburst'],
    });
  });

  it('reads pools, peers and every chrony comment style', () => {
    assert.deepEqual(parseChronyConf(fixture('time/chrony-pool-comments.conf')).sources, [
      { kind: 'pool', host: '2.rhel.pool.ntp.org', options: ['iburst', 'maxsources', '4'] },
      { kind: 'server', host: 'ntp1.lab.example.com', options: ['iburst', 'prefer'] },
      { kind: 'peer', host: '10.0.0.12', options: [] },
    ]);
  });

  it('reads ntp.conf without the local-clock driver', () => {
    assert.deepEqual(
      parseNtpConf(fixture('time/ntp-centos7.conf')).sources.map((s) => s.host),
      ['0.centos.pool.ntp.org', '1.centos.pool.ntp.org', '10.1.1.1'],
    );
  });
});

describe('SELinux', () => {
  it('reads an enforcing config with trailing blanks', () => {
    assert.deepEqual(parseSelinuxConfig(fixture('selinux/config-enforcing')), {
      mode: 'enforcing',
      type: 'targeted',
    });
  });

  it('reads a config switched to permissive', () => {
    assert.deepEqual(parseSelinuxConfig(fixture('selinux/config-permissive')), {
      mode: 'permissive',
      type: 'targeted',
    });
  });

  it('reads getenforce and selinuxfs', () => {
    assert.equal(parseGetenforce('Enforcing\n'), 'enforcing');
    assert.equal(parseGetenforce('Disabled\n'), 'disabled');
    assert.equal(parseGetenforce('getenforce: command not found\n'), undefined);
    assert.equal(parseSelinuxEnforce('1'), 'enforcing');
    assert.equal(parseSelinuxEnforce('0\n'), 'permissive');
    assert.equal(parseSelinuxEnforce(''), undefined);
  });
});
