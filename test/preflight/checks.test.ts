/**
 * Every preflight check on facts shaped like a CentOS 7 host: a healthy base, then one fact changed at a
 * time, asserting the exact verdict and the words of the diagnosis. Also overrides, the report and JSON.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkOverrides, evaluate, isTarget, passes } from '../../src/core/preflight/evaluate.js';
import { headline, reportJson, reportText } from '../../src/core/preflight/report.js';
import type { AnswerProbes, CheckResult, Overrides } from '../../src/core/preflight/types.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { HostFacts } from '../../src/core/facts/types.js';
import { deriveModel } from '../../src/core/answers/model.js';
import type { ReleaseProfile } from '../../src/core/release/index.js';
import { answers, model, dnsmasqOn, eth0, GiB, healthy, probesOk, release, virbr0 } from './fixture.js';

const none: Overrides = { accept: [], force: [] };

function run(
  change: (facts: HostFacts, probes: AnswerProbes) => void = () => undefined,
  overrides: Overrides = none,
): CheckResult[] {
  const facts = healthy();
  const probes = probesOk();
  change(facts, probes);
  return evaluate({ facts, model, release, probes }, overrides);
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
    assert.match(headline(results), /^Nurse Euca: 23 healthy — fit for a cloud\.$/);
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
      /20\.0 GB free under \/var; eucalyptus-4\.4 needs at least 32 GB/,
    );
    expect(
      results.find((r) => r.id === 'disk-instances')!,
      'ok',
      /same file system as \/var/,
    );
    expect(only('disk-var', small(60)), 'warning', /100 GB or more is recommended/);
    // The floor is the services' fixed needs (space_verifying_shared: 20 + 5 + 5 + 2 GB), not 30 GB.
    expect(only('disk-var', small(31)), 'fatal', /needs at least 32 GB/);
    // The install guide's 160 GB of storage per host: a warning even with FastStart's 100 GB free.
    const smallDisk = only('disk-var', (f) => {
      f.disks[0] = { ...f.disks[0]!, totalBytes: 150 * GiB, freeBytes: 120 * GiB };
    });
    expect(
      smallDisk,
      'warning',
      /120\.0 GB free under \/var, of 150\.0 GB; the install guide asks for 160 GB/,
    );
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
    assert.match(r.treatment ?? '', /adds "192\.168\.56\.10 ciab\.example\.lan" to \/etc\/hosts/);
    assert.equal(r.treatedBy, 'host.hosts');
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
    for (const bootproto of ['bootp', 'none', 'static']) {
      const r = run((f) => (f.ifcfg![0]!.bootproto = bootproto)).find((x) => x.id === 'interface-static')!;
      assert.equal(r.verdict, bootproto === 'bootp' ? 'warning' : 'ok', bootproto);
    }
    // no DHCP in the file, but the kernel shows a lease (NetworkManager without ifcfg BOOTPROTO)
    expect(
      only('interface-static', (f) => (f.interfaces![0]!.addresses[0]!.dynamic = true)),
      'warning',
      /^eth0 gets its address from DHCP; the cloud needs an address that never changes$/,
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

  it('yum-lock: a warning naming the process that holds it, with PackageKit named in the treatment', () => {
    const yum = only('yum-lock', (f) => (f.yumLock = { pid: 4242, command: 'yum' }));
    expect(yum, 'warning', /^yum \(pid 4242\) holds yum's lock: the install's yum would wait for it$/);
    assert.doesNotMatch(yum.treatment ?? '', /PackageKit/);
    const pk = only('yum-lock', (f) => (f.yumLock = { pid: 812, command: 'packagekitd' }));
    expect(pk, 'warning', /^packagekitd \(pid 812\) holds yum's lock/);
    assert.match(pk.treatment ?? '', /systemctl stop packagekit/);
    expect(
      run((f) => (f.yumLock = undefined)).find((r) => r.id === 'yum-lock')!,
      'warning',
      /^could not tell whether another process holds yum's lock$/,
    );
  });

  it('address-ranges: a warning naming the live addresses', () => {
    expect(
      only('address-ranges', (_f, p) => (p.liveAddresses = ['192.168.56.101'])),
      'warning',
      /1 address of cloud\.publicIps\/privateIps answers now: 192\.168\.56\.101/,
    );
  });

  it('selinux: permissive (the default) treats an enforcing host, now or after a reboot', () => {
    expect(
      only('selinux', (f) => (f.selinux.mode = 'enforcing')),
      'treatable',
      /^SELinux is enforcing$/,
    );
    const later = only('selinux', (f) => (f.selinux.configuredMode = 'enforcing'));
    expect(later, 'treatable', /^SELinux is permissive now, enforcing after a reboot$/);
    assert.match(later.treatment ?? '', /makes it permissive, now and after a reboot/);
    assert.equal(later.treatedBy, 'host.selinux');
    assert.equal(run((f) => (f.selinux.mode = 'disabled')).find((r) => r.id === 'selinux')?.verdict, 'ok');
  });

  it('selinux: host.selinux enforcing is a warning that says why permissive is the default', () => {
    const enforcing = { ...answers, host: { ...answers.host, selinux: 'enforcing' as const } };
    const finding = (mode: HostFacts['selinux']['mode']) => {
      const facts = healthy();
      facts.selinux.mode = mode;
      return evaluate({ facts, model: deriveModel(enforcing), release, probes: probesOk() }, none).find(
        (r) => r.id === 'selinux',
      )!;
    };
    for (const mode of ['enforcing', 'permissive'] as const) {
      const r = finding(mode);
      expect(r, 'warning', /host\.selinux is enforcing .*instances did not start under enforcing/);
      assert.match(r.treatment ?? '', /set host\.selinux to permissive, or accept this warning/);
    }
    expect(finding('disabled'), 'warning', /SELinux is disabled, but host\.selinux is enforcing/);
  });

  it('selinux, firewalld, time sync, libvirt: treatable, each naming its task', () => {
    const cases: [string, (f: HostFacts) => void, string][] = [
      ['selinux', (f) => (f.selinux.mode = 'enforcing'), 'host.selinux'],
      [
        'firewalld',
        (f) =>
          (f.units!['firewalld.service'] = {
            unit: 'firewalld.service',
            loadState: 'loaded',
            activeState: 'active',
          }),
        'host.firewalld',
      ],
      [
        'time-sync',
        (f) =>
          (f.units!['chronyd.service'] = {
            unit: 'chronyd.service',
            loadState: 'loaded',
            activeState: 'inactive',
          }),
        'configuration.timesync',
      ],
      [
        'libvirt-network',
        (f) => {
          f.interfaces!.push(virbr0());
          f.sockets!.push(
            dnsmasqOn('udp', '192.168.122.1', 53),
            dnsmasqOn('tcp', '192.168.122.1', 53),
            dnsmasqOn('udp', '0.0.0.0', 67),
          );
        },
        'packages.libvirt',
      ],
    ];
    for (const [id, change, task] of cases) {
      const r = only(id, change);
      assert.equal(r.verdict, 'treatable', id);
      assert.equal(r.treatedBy, task, id);
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

  it('every treatable finding names a task the install plan really has', () => {
    const results = run((f) => {
      f.interfaces!.push(virbr0());
      f.selinux.mode = 'enforcing';
      f.units!['firewalld.service'] = {
        unit: 'firewalld.service',
        loadState: 'loaded',
        activeState: 'active',
      };
      f.units!['chronyd.service'] = { unit: 'chronyd.service', loadState: 'loaded', activeState: 'inactive' };
      f.units!['NetworkManager.service'] = {
        unit: 'NetworkManager.service',
        loadState: 'loaded',
        activeState: 'active',
      };
      f.ifcfg = [{ file: 'ifcfg-eth0', name: 'eth0', variables: {}, device: 'eth0', bootproto: 'static' }];
    });
    const hostname = run((_f, p) => (p.hostnameAddresses = [])).find((r) => r.id === 'hostname')!;
    const treatable = [...results, hostname].filter((r) => r.verdict === 'treatable');
    assert.deepEqual(treatable.map((r) => r.id).sort(), [
      'firewalld',
      'hostname',
      'libvirt-network',
      'network-manager',
      'selinux',
      'time-sync',
    ]);
    const taskIds = new Set(buildPlan(answers, release, {}, 'ciab').tasks.map((t) => t.id));
    for (const r of treatable) assert.ok(r.treatedBy !== undefined && taskIds.has(r.treatedBy), r.id);
  });

  it("ports: a dnsmasq that is not libvirt's is fatal; libvirt's own is only treatable", () => {
    // dnsmasq.service on all addresses, no virbr0: removing libvirt's network would not free 53 and 67.
    const standalone = only('ports', (f) =>
      f.sockets!.push(dnsmasqOn('udp', '0.0.0.0', 53), dnsmasqOn('udp', '0.0.0.0', 67)),
    );
    expect(
      standalone,
      'fatal',
      /^already in use: udp 53 \(dnsmasq, not libvirt's default network\), udp 67 \(dnsmasq, not libvirt's default network\)$/,
    );
    // libvirt's network plus a second dnsmasq on the host address: one treatable, one fatal.
    const both = run((f) => {
      f.interfaces!.push(virbr0());
      f.sockets!.push(dnsmasqOn('udp', '192.168.122.1', 53), dnsmasqOn('udp', '192.168.56.10', 53));
    });
    const notOk = both.filter((r) => r.verdict !== 'ok').map((r) => [r.id, r.verdict]);
    assert.deepEqual(notOk, [
      ['libvirt-network', 'treatable'],
      ['ports', 'fatal'],
    ]);
    expect(
      both.find((r) => r.id === 'ports')!,
      'fatal',
      /udp 53 \(dnsmasq, not libvirt's default network\)/,
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

  // Issue 12 A'.5: a repository the host had, dead since CentOS 7's end of life, fails every yum command.
  it('other-repositories: a warning naming the file and the repository to disable; acceptable', () => {
    const down = (_f: HostFacts, p: AnswerProbes) =>
      (p.otherRepositories = [
        {
          id: 'centos-sclo-sclo',
          url: 'http://mirrorlist.centos.org?arch=x86_64&release=7&repo=sclo-sclo',
          reachable: false,
          error: 'getaddrinfo ENOTFOUND mirrorlist.centos.org',
          file: '/etc/yum.repos.d/CentOS-SCLo-scl.repo',
        },
        { id: 'local', url: 'file:///srv/local/', reachable: true, file: '/etc/yum.repos.d/local.repo' },
      ]);
    const r = only('other-repositories', down);
    expect(r, 'warning', /centos-sclo-sclo in \/etc\/yum\.repos\.d\/CentOS-SCLo-scl\.repo/);
    assert.match(r.treatment ?? '', /enabled=0 in \/etc\/yum\.repos\.d\/CentOS-SCLo-scl\.repo/);
    assert.doesNotMatch(r.diagnosis, /local/);
    assert.ok(passes(run(down, { accept: ['other-repositories'], force: [] })));
    const none = run().find((x) => x.id === 'other-repositories');
    assert.ok(none);
    expect(none, 'ok', /no other yum repository is enabled/);
  });

  it('repositories: many down, the headline says how many and names the first', () => {
    const results = run((_f, p) => {
      p.repositories = ['base', 'updates', 'epel'].map((id) => ({
        id,
        url: `http://mirror.example.lan/${id}/`,
        reachable: id !== 'updates' ? false : true,
        ...(id !== 'updates' ? { error: 'connect ECONNREFUSED 192.168.56.1:80' } : {}),
      }));
    });
    const r = results.find((x) => x.id === 'repositories')!;
    expect(
      r,
      'fatal',
      /^unreachable: base http:\/\/mirror\.example\.lan\/base\/ \(connect ECONNREFUSED 192\.168\.56\.1:80\); epel /,
    );
    assert.equal(
      headline(results),
      'Nurse Euca: 22 healthy, 1 fatal — 2 of 3 repositories do not answer, base (http://mirror.example.lan/base/) ' +
        'among them; I recommend against resuscitation until that is fixed.',
    );
  });

  it('an unknown fact is a warning that says it could not tell, never ok', () => {
    const results = run((f) => {
      f.units = undefined;
      f.memory = undefined;
      f.cpu = undefined;
    });
    for (const id of [
      'memory',
      'packagekit',
      'firewalld',
      'time-sync',
      'network-manager',
      'cpu-virtualization',
    ]) {
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
      'Nurse Euca: 20 healthy, 1 needs treatment, 2 fatal — there is no interface eth0; this host has em1; ' +
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
    assert.equal(json.checks.length, 23);
    assert.deepEqual(Object.keys(json.checks[0]!), [
      'id',
      'title',
      'verdict',
      'diagnosis',
      'treatment',
      'treatedBy',
      'summary',
      'overridden',
    ]);
  });
});

describe('what the checks take from the release', () => {
  const active = (unit: string) => ({ unit, loadState: 'loaded', activeState: 'active' });
  const listener = (port: number) => ({
    protocol: 'tcp' as const,
    address: '0.0.0.0',
    port,
    processes: [{ name: 'python3', pid: 77, fd: 3 }],
  });
  const check = (id: string, other: ReleaseProfile, change: (f: HostFacts) => void = () => undefined) => {
    const facts = healthy();
    change(facts);
    return evaluate({ facts, model, release: other, probes: probesOk() }, none).find((r) => r.id === id)!;
  };

  it('firewalld: the release names the firewall unit, and its version is in the treatment', () => {
    const other: ReleaseProfile = {
      ...release,
      eucalyptusVersion: '9.9',
      units: { ...release.units, firewall: 'ufw.service' },
    };
    const both = (f: HostFacts) => {
      f.units!['ufw.service'] = active('ufw.service');
      f.units!['firewalld.service'] = active('firewalld.service');
    };
    const running = check('firewalld', other, both);
    expect(running, 'treatable', /^ufw is running$/);
    assert.match(running.treatment ?? '', /as Eucalyptus 9\.9 requires/);
    // firewalld running is no concern of a release whose firewall is another unit
    expect(
      check('firewalld', other, (f) => (f.units!['firewalld.service'] = active('firewalld.service'))),
      'ok',
      /^ufw is not running$/,
    );
    assert.match(check('firewalld', release, both).treatment ?? '', /as Eucalyptus 4\.4 requires/);
  });

  it("ports: the release's own ports are those that must be free, and the report lists them", () => {
    const other: ReleaseProfile = {
      ...release,
      servicePorts: [9000, 9001, 9002, 9443],
      networkDaemonPorts: [{ port: 53, proto: 'udp' }],
    };
    expect(check('ports', other), 'ok', /^ports 9000-9002, 9443 and 53 are free$/);
    expect(check('ports', release), 'ok', /^ports 8773-8779, 8443, 8888, 53 and 67 are free$/);
    expect(
      check('ports', other, (f) => f.sockets!.push(listener(9443))),
      'fatal',
      /tcp 9443 \(python3\)/,
    );
    expect(
      check('ports', release, (f) => f.sockets!.push(listener(9443))),
      'ok',
      /are free/,
    );
    expect(
      check('ports', other, (f) => f.sockets!.push(listener(8773))),
      'ok',
      /are free/,
    );
  });
});

describe('what the checks take from the answers model', () => {
  it("host address: the model's parsed address and prefix against the interface's", () => {
    const on = (cidr: string) => {
      const facts = healthy();
      const m = deriveModel({ ...answers, network: { ...answers.network, address: cidr } });
      return evaluate({ facts, model: m, release, probes: probesOk() }, none).find(
        (r) => r.id === 'interface-address',
      )!;
    };
    expect(on('192.168.56.10/24'), 'ok', /^eth0 has 192\.168\.56\.10\/24$/);
    expect(on('192.168.56.10/25'), 'fatal', /but network\.address is 192\.168\.56\.10\/25/);
  });
});
