/**
 * Every preflight check on facts shaped like a CentOS 7 host: a healthy base, then one fact changed at a
 * time, asserting the exact verdict and the words of the diagnosis. Also overrides, the report and JSON.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import yaml from 'js-yaml';
import { validateAnswers } from '../../src/core/answers/validate.js';
import type { Answers } from '../../src/core/answers/schema.js';
import { checkOverrides, evaluate, isTarget, passes } from '../../src/core/preflight/evaluate.js';
import { headline, reportJson, reportText } from '../../src/core/preflight/report.js';
import type { AnswerProbes, CheckResult, Overrides } from '../../src/core/preflight/types.js';
import { getRelease } from '../../src/core/release/index.js';
import type { HostFacts, NetInterface } from '../../src/host/facts/types.js';

const answers: Answers = (() => {
  const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
  const result = validateAnswers(yaml.load(text));
  assert.ok(result.answers);
  return result.answers;
})();
const release = getRelease('eucalyptus-4.4');
const GiB = 1024 ** 3;

function eth0(): NetInterface {
  return {
    index: 2,
    name: 'eth0',
    flags: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP'],
    up: true,
    lowerUp: true,
    operState: 'UP',
    mac: '52:54:00:12:34:56',
    linkType: 'ether',
    addresses: [
      {
        family: 'inet',
        address: '192.168.56.10',
        prefix: 24,
        scope: 'global',
        dynamic: false,
        secondary: false,
      },
    ],
    wireless: false,
    physical: true,
    kind: 'wired',
  };
}

/** A healthy CentOS 7.9 host with the example answers' address, before any install. */
function healthy(): HostFacts {
  const unit = (u: string, active: string) => ({ unit: u, loadState: 'loaded', activeState: active });
  return {
    uid: 0,
    hostname: { name: 'ciab', fqdn: 'ciab.example.lan' },
    os: {
      osRelease: {
        id: 'centos',
        idLike: ['rhel', 'fedora'],
        versionId: '7',
        prettyName: 'CentOS Linux 7 (Core)',
        variables: {},
      },
      redhatRelease: {
        text: 'CentOS Linux release 7.9.2009 (Core)',
        distribution: 'CentOS Linux',
        version: '7.9.2009',
        major: 7,
        minor: 9,
      },
      arch: 'x86_64',
    },
    cpu: { processors: 4, virtualization: 'vmx', hypervisor: false },
    kvmDevice: true,
    memory: { totalBytes: 16 * GiB, values: {} },
    disks: [
      { path: '/var', measuredAt: '/var', totalBytes: 500 * GiB, freeBytes: 400 * GiB },
      {
        path: '/var/lib/eucalyptus/instances',
        measuredAt: '/var',
        totalBytes: 500 * GiB,
        freeBytes: 400 * GiB,
      },
    ],
    interfaces: [eth0()],
    routes: [{ type: 'unicast', dst: 'default', gateway: '192.168.56.1', dev: 'eth0', flags: [] }],
    neighbours: [],
    resolver: { nameservers: ['192.168.56.1'], search: [], options: [] },
    ifcfg: [
      {
        file: 'ifcfg-eth0',
        name: 'eth0',
        variables: {},
        device: 'eth0',
        bootproto: 'static',
        nmControlled: false,
        ipaddr: '192.168.56.10',
        prefix: 24,
      },
    ],
    timeSync: { chrony: undefined, ntp: undefined, servers: [] },
    selinux: {
      mode: 'permissive',
      source: 'getenforce',
      configuredMode: 'permissive',
      configuredType: 'targeted',
    },
    units: {
      'NetworkManager.service': unit('NetworkManager.service', 'inactive'),
      'PackageKit.service': unit('PackageKit.service', 'inactive'),
      'firewalld.service': unit('firewalld.service', 'inactive'),
      'chronyd.service': unit('chronyd.service', 'active'),
    },
    packages: [],
    sockets: [
      { protocol: 'tcp', address: '0.0.0.0', port: 22, processes: [{ name: 'sshd', pid: 900, fd: 3 }] },
    ],
    journal: null,
    notes: [],
  };
}

const probesOk = (): AnswerProbes => ({
  hostnameAddresses: ['192.168.56.10'],
  liveAddresses: [],
  probedAddresses: 40,
  repositories: [{ id: 'base', url: 'http://mirror.example.lan/centos/', reachable: true }],
  notes: [],
});

const none: Overrides = { accept: [], force: [] };

function run(
  change: (facts: HostFacts, probes: AnswerProbes) => void = () => undefined,
  overrides: Overrides = none,
): CheckResult[] {
  const facts = healthy();
  const probes = probesOk();
  change(facts, probes);
  return evaluate({ facts, answers, release, probes }, overrides);
}

function only(id: string, change: (facts: HostFacts, probes: AnswerProbes) => void): CheckResult {
  const results = run(change);
  const notOk = results.filter((r) => r.verdict !== 'ok');
  assert.deepEqual(
    notOk.map((r) => r.id),
    [id],
    `only ${id} should change; got ${JSON.stringify(notOk)}`,
  );
  return notOk[0]!;
}

function expect(result: CheckResult, verdict: CheckResult['verdict'], diagnosis: RegExp): void {
  assert.equal(result.verdict, verdict, result.diagnosis);
  assert.match(result.diagnosis, diagnosis);
}

describe('preflight checks', () => {
  it('a healthy CentOS 7 host: every check ok, passes, a target', () => {
    const results = run();
    assert.deepEqual(
      results.filter((r) => r.verdict !== 'ok'),
      [],
    );
    assert.ok(passes(results));
    assert.ok(isTarget(results));
    assert.match(headline(results), /^Nurse Euca: 21 healthy — fit for a cloud\.$/);
  });

  it('root: fatal for another user, and not a target', () => {
    const r = only('root', (f) => {
      f.uid = 1000;
    });
    expect(r, 'fatal', /must run as root; this runs as uid 1000/);
    assert.equal(isTarget(run((f) => (f.uid = 1000))), false);
  });

  it('os: fatal on Debian and on CentOS 6, and not a target', () => {
    expect(
      only('os', (f) => {
        f.os.osRelease = {
          id: 'debian',
          idLike: [],
          versionId: '12',
          prettyName: 'Debian GNU/Linux 12 (bookworm)',
          variables: {},
        };
        f.os.redhatRelease = undefined;
      }),
      'fatal',
      /needs CentOS\/RHEL 7 \(x86_64\); this host runs Debian GNU\/Linux 12/,
    );
    expect(
      only('os', (f) => {
        f.os.redhatRelease = {
          text: 'CentOS release 6.10 (Final)',
          distribution: 'CentOS',
          version: '6.10',
          major: 6,
        };
      }),
      'fatal',
      /CentOS\/RHEL 7/,
    );
  });

  it('earlier-install: a journal resumes (ok); Eucalyptus without a journal is a warning', () => {
    const results = run(
      (f) => (f.journal = { dir: '/var/lib/cloud-in-a-box/journal', entries: ['host.answers'] }),
    );
    const r = results.find((x) => x.id === 'earlier-install')!;
    expect(r, 'ok', /earlier cloud-in-a-box install left its journal \(1 tasks\)/);
    assert.match(r.treatment ?? '', /resumes it.*uninstall/);
    expect(
      only('earlier-install', (f) => {
        f.packages = [{ name: 'eucalyptus-cloud', version: '4.4.5', release: '0', arch: 'x86_64' }];
      }),
      'warning',
      /Eucalyptus is installed without a cloud-in-a-box journal \(eucalyptus-cloud\)/,
    );
  });

  it('cpu-virtualization: fatal without vmx/svm, with the nested hint in a VM', () => {
    const r = only('cpu-virtualization', (f) => {
      f.cpu = { processors: 2, virtualization: undefined, hypervisor: true };
    });
    expect(r, 'fatal', /neither vmx \(Intel VT-x\) nor svm \(AMD-V\)/);
    assert.match(r.treatment ?? '', /nested virtualisation/);
  });

  it('kvm-device: a warning when /dev/kvm is missing', () => {
    expect(
      only('kvm-device', (f) => (f.kvmDevice = false)),
      'warning',
      /\/dev\/kvm is missing/,
    );
  });

  it('memory: fatal below the minimum (2 GB), warning below the recommended', () => {
    expect(
      only('memory', (f) => (f.memory = { totalBytes: 2 * GiB, values: {} })),
      'fatal',
      /^2\.0 GB of memory; eucalyptus-4\.4 needs at least 4\.0 GB/,
    );
    expect(
      only('memory', (f) => (f.memory = { totalBytes: 6 * GiB, values: {} })),
      'warning',
      /8\.0 GB is recommended/,
    );
  });

  it('disk: fatal below the minimum, warning below 100 GB, for /var and the instance path', () => {
    const small = (free: number) => (f: HostFacts) => {
      f.disks = f.disks.map((d) => ({ ...d, freeBytes: free * GiB }));
    };
    const results = run(small(20));
    expect(
      results.find((r) => r.id === 'disk-var')!,
      'fatal',
      /20\.0 GB free under \/var; eucalyptus-4\.4 needs at least 30 GB/,
    );
    expect(
      results.find((r) => r.id === 'disk-instances')!,
      'ok',
      /same file system as \/var/,
    );
    expect(only('disk-var', small(60)), 'warning', /100 GB or more is recommended/);
    const apart = run((f) => {
      f.disks[1] = {
        path: '/var/lib/eucalyptus/instances',
        measuredAt: '/srv',
        totalBytes: 50 * GiB,
        freeBytes: 10 * GiB,
      };
    });
    expect(
      apart.find((r) => r.id === 'disk-instances')!,
      'fatal',
      /10\.0 GB free under \/var\/lib\/eucalyptus\/instances \(on \/srv\)/,
    );
  });

  it('hostname: treatable when it does not resolve to the host address', () => {
    const r = only('hostname', (_f, p) => (p.hostnameAddresses = ['10.0.0.5']));
    expect(r, 'treatable', /ciab\.example\.lan resolves to 10\.0\.0\.5, not 192\.168\.56\.10/);
    assert.match(
      r.treatment ?? '',
      /adds "192\.168\.56\.10 ciab\.example\.lan" to \/etc\/hosts \(task host\.hosts\)/,
    );
  });

  it('interface: missing, wireless, down, no carrier are fatal', () => {
    const missing = run((f) => (f.interfaces = [{ ...eth0(), name: 'em1' }]));
    expect(
      missing.find((r) => r.id === 'interface')!,
      'fatal',
      /there is no interface eth0; this host has em1/,
    );
    expect(
      missing.find((r) => r.id === 'interface-address')!,
      'fatal',
      /there is no interface eth0/,
    );
    expect(
      only('interface', (f) => (f.interfaces = [{ ...eth0(), wireless: true, kind: 'wireless' }])),
      'fatal',
      /eth0 is a wireless interface/,
    );
    expect(
      only('interface', (f) => (f.interfaces = [{ ...eth0(), up: false }])),
      'fatal',
      /eth0 is down/,
    );
    expect(
      only('interface', (f) => (f.interfaces = [{ ...eth0(), lowerUp: false }])),
      'fatal',
      /no carrier/,
    );
  });

  it('interface-address: none is fatal, another is fatal, a second one is a warning', () => {
    const withAddresses =
      (...cidrs: string[]) =>
      (f: HostFacts) => {
        f.interfaces = [
          {
            ...eth0(),
            addresses: cidrs.map((c, i) => ({
              family: 'inet' as const,
              address: c.split('/')[0]!,
              prefix: Number(c.split('/')[1]),
              scope: 'global',
              dynamic: false,
              secondary: i > 0,
            })),
          },
        ];
      };
    expect(only('interface-address', withAddresses()), 'fatal', /^eth0 has no IPv4 address$/);
    expect(
      only('interface-address', withAddresses('10.1.1.5/24')),
      'fatal',
      /eth0 has 10\.1\.1\.5\/24, but network\.address is 192\.168\.56\.10\/24/,
    );
    expect(
      only('interface-address', withAddresses('192.168.56.10/24', '192.168.56.11/24')),
      'warning',
      /eth0 has 2 IPv4 addresses/,
    );
  });

  it('after an install the bridge holds the address: the interface checks stay ok', () => {
    const results = run((f) => {
      f.interfaces = [
        { ...eth0(), addresses: [], master: 'br0' },
        { ...eth0(), index: 3, name: 'br0', kind: 'bridge', physical: false, mac: '52:54:00:12:34:56' },
      ];
      f.journal = { dir: '/var/lib/cloud-in-a-box/journal', entries: ['bridge.network'] };
    });
    assert.deepEqual(
      results.filter((r) => r.verdict !== 'ok').map((r) => r.id),
      [],
    );
  });

  it('interface-static: DHCP is a warning', () => {
    expect(
      only('interface-static', (f) => {
        f.ifcfg = [
          {
            file: 'ifcfg-eth0',
            name: 'eth0',
            variables: {},
            device: 'eth0',
            bootproto: 'dhcp',
            nmControlled: false,
          },
        ];
      }),
      'warning',
      /eth0 gets its address from DHCP/,
    );
  });

  it('network-manager: treatable when it manages the interface', () => {
    const r = only('network-manager', (f) => {
      f.units!['NetworkManager.service'] = {
        unit: 'NetworkManager.service',
        loadState: 'loaded',
        activeState: 'active',
      };
      f.ifcfg = [{ file: 'ifcfg-eth0', name: 'eth0', variables: {}, device: 'eth0', bootproto: 'static' }];
    });
    expect(r, 'treatable', /NetworkManager manages eth0/);
    assert.match(r.treatment ?? '', /NM_CONTROLLED=no/);
  });

  it('packagekit: a warning when it runs', () => {
    expect(
      only('packagekit', (f) => {
        f.units!['PackageKit.service'] = {
          unit: 'PackageKit.service',
          loadState: 'loaded',
          activeState: 'active',
        };
      }),
      'warning',
      /PackageKit is running/,
    );
  });

  it('address-ranges: a warning naming the live addresses', () => {
    expect(
      only('address-ranges', (_f, p) => (p.liveAddresses = ['192.168.56.101'])),
      'warning',
      /1 address of cloud\.publicIps\/privateIps answers now: 192\.168\.56\.101/,
    );
  });

  it('selinux, firewalld, time sync, libvirt: treatable, each naming its task', () => {
    const cases: [string, (f: HostFacts) => void, RegExp][] = [
      ['selinux', (f) => (f.selinux.mode = 'enforcing'), /configuration\.selinux/],
      [
        'firewalld',
        (f) =>
          (f.units!['firewalld.service'] = {
            unit: 'firewalld.service',
            loadState: 'loaded',
            activeState: 'active',
          }),
        /host\.firewalld/,
      ],
      [
        'time-sync',
        (f) =>
          (f.units!['chronyd.service'] = {
            unit: 'chronyd.service',
            loadState: 'loaded',
            activeState: 'inactive',
          }),
        /configuration\.timesync/,
      ],
      [
        'libvirt-network',
        (f) =>
          f.sockets!.push({
            protocol: 'udp',
            address: '192.168.122.1',
            port: 53,
            processes: [{ name: 'dnsmasq', pid: 1, fd: 5 }],
          }),
        /register\.libvirt/,
      ],
    ];
    for (const [id, change, task] of cases) {
      const r = only(id, change);
      assert.equal(r.verdict, 'treatable', id);
      assert.match(r.treatment ?? '', task);
    }
  });

  it('ports: fatal naming the process on 8773; fine after an earlier install', () => {
    const busy = (f: HostFacts) =>
      f.sockets!.push({
        protocol: 'tcp',
        address: '0.0.0.0',
        port: 8773,
        processes: [{ name: 'python3', pid: 77, fd: 3 }],
      });
    expect(only('ports', busy), 'fatal', /already in use: tcp 8773 \(python3\)/);
    const resumed = run((f) => {
      busy(f);
      f.journal = { dir: '/var/lib/cloud-in-a-box/journal', entries: ['start.cloud'] };
    });
    expect(
      resumed.find((r) => r.id === 'ports')!,
      'ok',
      /earlier install's services/,
    );
  });

  it('repositories: fatal with the URL and the reason; forceable', () => {
    const down = (_f: HostFacts, p: AnswerProbes) =>
      (p.repositories = [
        { id: 'epel', url: 'https://archives.example/epel/7/', reachable: false, error: 'HTTP 404' },
      ]);
    const r = only('repositories', down);
    expect(r, 'fatal', /unreachable: epel https:\/\/archives\.example\/epel\/7\/ \(HTTP 404\)/);
    assert.match(r.treatment ?? '', /repositories\.<id>/);
    const forced = run(down, { accept: [], force: ['repositories'] });
    assert.ok(passes(forced));
    assert.match(reportText(forced), /\[forced\]/);
  });

  it('an unknown fact is a warning that says it could not tell, never ok', () => {
    const results = run((f) => {
      f.units = undefined;
      f.memory = undefined;
    });
    for (const id of ['memory', 'packagekit', 'firewalld', 'time-sync', 'network-manager']) {
      const r = results.find((x) => x.id === id)!;
      expect(r, 'warning', /^could not tell/);
    }
  });
});

describe('overrides, report and JSON', () => {
  it('accepting every warning passes; an unaccepted one does not', () => {
    const change = (f: HostFacts) => {
      f.kvmDevice = false;
      f.memory = { totalBytes: 6 * GiB, values: {} };
    };
    assert.equal(passes(run(change)), false);
    assert.equal(passes(run(change, { accept: ['kvm-device'], force: [] })), false);
    assert.ok(passes(run(change, { accept: ['kvm-device', 'memory'], force: [] })));
  });

  it('refuses overrides naming no check, and forcing what cannot be forced', () => {
    assert.throws(() => {
      checkOverrides({ accept: ['memroy'], force: [] });
    }, /--accept names no check: memroy/);
    assert.throws(() => {
      checkOverrides({ accept: [], force: ['os'] });
    }, /cannot be forced: os/);
    checkOverrides({ accept: ['memory'], force: ['repositories'] });
  });

  it('the headline: counts, then the first fatal diagnosis with the nurse verdict', () => {
    const results = run((f) => {
      f.interfaces = [{ ...eth0(), name: 'em1', addresses: [] }];
      f.selinux.mode = 'enforcing';
    });
    assert.equal(
      headline(results),
      'Nurse Euca: 18 healthy, 1 needs treatment, 2 fatal — there is no interface eth0; this host has em1; ' +
        'I recommend against resuscitation until that is fixed.',
    );
    const text = reportText(results);
    assert.ok(text.indexOf('Fatal: cannot work:') < text.indexOf('Treatable: the install fixes these:'));
    assert.match(text, /^ {2}selinux {12}SELinux is enforcing$/m);
  });

  it('JSON: versioned, one object per check', () => {
    const json = JSON.parse(reportJson(run())) as {
      version: number;
      passes: boolean;
      checks: { id: string; verdict: string }[];
    };
    assert.equal(json.version, 1);
    assert.equal(json.passes, true);
    assert.equal(json.checks.length, 21);
    assert.deepEqual(Object.keys(json.checks[0]!), [
      'id',
      'title',
      'verdict',
      'diagnosis',
      'treatment',
      'overridden',
    ]);
  });
});
