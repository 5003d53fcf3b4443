// Tests of the simulated host's fake tools (test/simhost/fakes/): each fake runs as a subprocess with
// SIMHOST_ROOT set to a temporary directory, and its behaviour is checked against what docs/EUCALYPTUS-4.4.md and
// the real tools' sources document. Formats are checked with the installer's own shell helpers
// (templates/shell/prelude.bash), which parse these tools' output.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { RPM_QUERY_FORMAT, parseRpmQuery } from '../../src/core/facts/rpm.js';
import { parseGetenforce } from '../../src/core/facts/selinux.js';
import { parseSystemctlShow } from '../../src/core/facts/systemd.js';
import { parseNodeControllers } from '../../src/core/status/cloud-tables.js';
import {
  changingCalls,
  readCalls,
  readInterfaces,
  readRoutes,
  readState,
  serviceStates,
} from './fakes/lib/state-read.js';
import { running, signal } from './fakes/lib/listener-process.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const BIN = path.join(HERE, 'fakes', 'bin');
const PRELUDE = path.join(HERE, '..', '..', 'templates', 'shell', 'prelude.bash');

const roots: string[] = [];

after(() => {
  for (const root of roots) {
    stopListeners(root);
    fs.rmSync(root, { recursive: true, force: true });
  }
});

function stopListeners(root: string): void {
  for (const u of Object.values(readState(root).units ?? {})) if (u.listener) signal(u.listener, 'SIGTERM');
}

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

/** A fresh simulated root with the repositories our plan writes and test-only ports. */
function makeRoot(config: Record<string, unknown> = {}): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'simhost-fakes-'));
  roots.push(root);
  fs.mkdirSync(path.join(root, 'etc/yum.repos.d'), { recursive: true });
  fs.writeFileSync(
    path.join(root, 'etc/yum.repos.d/CentOS-Base.repo'),
    '[base]\nname=CentOS-7 - Base\nbaseurl=http://vault.centos.org/7.9.2009/os/x86_64/\n\n[updates]\nname=u\n',
  );
  fs.writeFileSync(path.join(root, 'etc/yum.repos.d/epel.repo'), '[epel]\nname=EPEL\nenabled=1\n');
  fs.writeFileSync(path.join(root, 'etc/yum.repos.d/eucalyptus.repo'), '[eucalyptus]\nname=Eucalyptus 4.4\n');
  fs.writeFileSync(path.join(root, 'etc/yum.repos.d/euca2ools.repo'), '[euca2ools]\nname=Euca2ools 3.4\n');
  fs.writeFileSync(path.join(root, 'etc/passwd'), 'root:x:0:0:root:/root:/bin/bash\n');
  fs.writeFileSync(path.join(root, 'etc/group'), 'root:x:0:\n');
  writeConfig(root, config);
  return root;
}

function writeConfig(root: string, config: Record<string, unknown>): void {
  fs.mkdirSync(path.join(root, 'var/lib/simhost'), { recursive: true });
  fs.writeFileSync(path.join(root, 'var/lib/simhost/config.json'), JSON.stringify(config));
}

function run(root: string, tool: string, args: string[], env: Record<string, string> = {}): Result {
  const r = spawnSync(path.join(BIN, tool), args, {
    encoding: 'utf8',
    env: { ...process.env, SIMHOST_ROOT: root, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** bash with the installer's prelude sourced and the fakes first on PATH. */
function shell(root: string, script: string): Result {
  const r = spawnSync('bash', ['-c', `source ${PRELUDE}\n${script}`], {
    encoding: 'utf8',
    env: {
      ...process.env,
      SIMHOST_ROOT: root,
      PATH: `${BIN}:${process.env.PATH ?? ''}`,
      CIAB_STATE: path.join(root, 'ciab'),
    },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function host(root: string, p: string): string {
  return path.join(root, p);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address === null || typeof address === 'string') reject(new Error('no port'));
        else resolve(address.port);
      });
    });
  });
}

async function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => {
      resolve(false);
    });
  });
}

async function waitFor(what: string, ms: number, probe: () => Promise<boolean>): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await probe()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail(`timed out waiting for ${what}`);
}

const ALL_PACKAGES = [
  'eucalyptus-cloud',
  'eucalyptus-walrus',
  'eucalyptus-cluster',
  'eucalyptus-sc',
  'eucalyptus-node',
  'eucalyptus-service-image',
  'eucaconsole',
  'bridge-utils',
  'chrony',
];

/**
 * Installs the packages, initialises the cloud and starts eucalyptus-cloud (listeners on free ports); with
 * `eucalyptusVersion` 5.x the mirrors serve Eucalyptus 5 (and its node controller's qemu-kvm-ev).
 */
async function bootCloud(eucalyptusVersion?: string): Promise<string> {
  const ports = {
    'eucalyptus-cloud': [await freePort()],
    'eucalyptus-cluster': [await freePort()],
    'eucalyptus-node': [await freePort()],
  };
  const root = makeRoot({
    ports,
    listenDelayMs: { default: 0 },
    ...(eucalyptusVersion === undefined ? {} : { eucalyptusVersion }),
  });
  fs.writeFileSync(
    path.join(root, 'etc/yum.repos.d/CentOS-QEMU-EV.repo'),
    '[centos-qemu-ev]\nname=CentOS-7.9.2009 - QEMU EV\n',
  );
  assert.equal(run(root, 'yum', ['-y', 'install', ...ALL_PACKAGES]).code, 0);
  const conf = host(root, 'etc/eucalyptus/eucalyptus.conf');
  fs.writeFileSync(
    conf,
    fs.readFileSync(conf, 'utf8').replace(/^CLOUD_OPTS=.*$/m, 'CLOUD_OPTS="--bind-addr=192.168.56.10"'),
  );
  assert.equal(run(root, 'clcadmin-initialize-cloud', []).code, 0);
  assert.equal(run(root, 'systemctl', ['start', 'eucalyptus-cloud.service']).code, 0);
  return root;
}

describe('the fakes contract', () => {
  it('an unknown subcommand or flag exits 127 with the message, and is logged', () => {
    const root = makeRoot();
    const r = run(root, 'systemctl', ['frobnicate', 'x']);
    assert.equal(r.code, 127);
    assert.equal(r.stderr, 'simhost fake systemctl: not implemented: frobnicate x\n');
    const y = run(root, 'yum', ['--bogus-flag', 'install', 'x']);
    assert.equal(y.code, 127);
    assert.match(y.stderr, /^simhost fake yum: not implemented: --bogus-flag install x$/m);
    const calls = readCalls(root);
    assert.deepEqual(
      calls.map((c) => [c.tool, c.argv, c.exitCode]),
      [
        ['systemctl', ['frobnicate', 'x'], 127],
        ['yum', ['--bogus-flag', 'install', 'x'], 127],
      ],
    );
    assert.ok(calls.every((c) => typeof c.ms === 'number' && !Number.isNaN(Date.parse(c.at))));
  });

  it('marks state-changing calls and read-only calls apart', () => {
    const root = makeRoot();
    run(root, 'systemctl', ['is-active', 'firewalld']);
    run(root, 'rpm', ['-q', 'chrony']);
    run(root, 'systemctl', ['stop', 'firewalld']);
    assert.deepEqual(
      changingCalls(root).map((c) => c.argv),
      [['stop', 'firewalld']],
    );
  });

  it('a fault fails the next N matching calls, then the tool behaves again; uses are persisted', () => {
    const root = makeRoot();
    fs.writeFileSync(
      host(root, 'var/lib/simhost/faults.json'),
      JSON.stringify([
        { tool: 'rpm', match: ['-q', 'chrony'], times: 2, exitCode: 9, stderr: 'injected boom' },
      ]),
    );
    assert.deepEqual(
      [run(root, 'rpm', ['-q', 'bash']).code, run(root, 'rpm', ['-q', 'chrony']).code],
      [0, 9],
    );
    const second = run(root, 'rpm', ['-q', 'chrony']);
    assert.equal(second.code, 9);
    assert.equal(second.stderr, 'injected boom\n');
    assert.equal(run(root, 'rpm', ['-q', 'chrony']).code, 0);
    const faults = JSON.parse(fs.readFileSync(host(root, 'var/lib/simhost/faults.json'), 'utf8')) as {
      used: number;
    }[];
    assert.equal(faults[0]?.used, 2);
    assert.deepEqual(
      readCalls(root).map((c) => [c.exitCode, c.fault === true]),
      [
        [0, false],
        [9, true],
        [9, true],
        [0, false],
      ],
    );
  });

  it('a fault can hang and then let the call run normally (substring match)', () => {
    const root = makeRoot();
    fs.writeFileSync(
      host(root, 'var/lib/simhost/faults.json'),
      JSON.stringify([{ tool: 'systemctl', match: 'is-active firewalld', hangMs: 300, exitCode: null }]),
    );
    const started = Date.now();
    const r = run(root, 'systemctl', ['is-active', 'firewalld']);
    assert.ok(Date.now() - started >= 300);
    assert.deepEqual([r.code, r.stdout], [0, 'active\n']);
  });
});

describe('yum and rpm', () => {
  it('installs the plan packages with their dependencies and lays down what the RPMs do', () => {
    const root = makeRoot();
    const r = run(root, 'yum', ['-y', 'install', ...ALL_PACKAGES]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /Package chrony-3\.4-1\.el7\.x86_64 already installed and latest version/);
    assert.match(r.stdout, /Complete!$/m);
    const q = run(root, 'rpm', ['-q', '--whatprovides', ...ALL_PACKAGES]);
    assert.equal(q.code, 0);
    assert.match(q.stdout, /^eucalyptus-cc-4\.4\.6-.*\.el7\.x86_64$/m);
    const conf = fs.readFileSync(host(root, 'etc/eucalyptus/eucalyptus.conf'), 'utf8');
    assert.match(conf, /^NODES=""$/m);
    assert.match(conf, /^EUCALYPTUS="\/"$/m);
    assert.match(
      fs.readFileSync(host(root, 'etc/eucaconsole/console.ini'), 'utf8'),
      /^ufshost = localhost$/m,
    );
    for (const unit of [
      'eucalyptus-cloud',
      'eucalyptus-cluster',
      'eucalyptus-node',
      'eucanetd',
      'eucaconsole',
      'tgtd',
      'libvirtd',
    ]) {
      assert.ok(fs.existsSync(host(root, `usr/lib/systemd/system/${unit}.service`)), unit);
    }
    assert.match(fs.readFileSync(host(root, 'etc/passwd'), 'utf8'), /^eucalyptus:x:\d+:\d+:/m);
    const owner = fs.statSync(host(root, 'var/lib/eucalyptus'));
    if (process.getuid?.() === 0) assert.notEqual(owner.uid, 0);
    const state = readState(root);
    assert.ok(state.packages?.includes('postgresql-server'));
    assert.deepEqual(state.units?.['eucalyptus-cloud.service'], {
      enabled: false,
      active: false,
      listener: undefined,
    });
  });

  it('with skip_missing_names_on_install=0 one unknown package fails the transaction and installs nothing', () => {
    const root = makeRoot();
    fs.writeFileSync(host(root, 'etc/yum.conf'), '[main]\nskip_missing_names_on_install=0\n');
    const before = readState(root).packages;
    const r = run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud', 'no-such-package']);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /No package no-such-package available\./);
    assert.equal(run(root, 'rpm', ['-q', 'eucalyptus-cloud']).code, 1);
    assert.equal(fs.existsSync(host(root, 'etc/eucalyptus')), false);
    assert.deepEqual(readState(root).packages, before ?? readState(root).packages);
  });

  it('by default (yum 3.4.3 on 7.9) unknown names are skipped, the rest installs; all unknown is an error', () => {
    const root = makeRoot();
    const r = run(root, 'yum', ['-y', 'install', 'bridge-utils', 'no-such-package']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /No package no-such-package available\./);
    assert.equal(run(root, 'rpm', ['-q', 'bridge-utils']).code, 0);
    const none = run(root, 'yum', ['-y', 'install', 'no-such-package']);
    assert.equal(none.code, 1);
    assert.match(none.stderr, /Error: Nothing to do/);
  });

  it('a missing dependency (repository not configured) fails the whole transaction', () => {
    const root = makeRoot();
    fs.rmSync(host(root, 'etc/yum.repos.d/euca2ools.repo'));
    const r = run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud', 'bridge-utils']);
    assert.equal(r.code, 1);
    assert.match(r.stderr, /Requires: euca2ools/);
    assert.equal(run(root, 'rpm', ['-q', 'bridge-utils']).code, 1);
    assert.equal(fs.existsSync(host(root, 'etc/eucalyptus/eucalyptus.conf')), false);
  });

  it('with gpgcheck, a key that is not a readable local file fails the transaction before anything installs', () => {
    const root = makeRoot();
    const repo = (gpgkey: string): void => {
      fs.writeFileSync(
        host(root, 'etc/yum.repos.d/euca2ools.repo'),
        `[euca2ools]\nname=Euca2ools 3.4\ngpgcheck=1\ngpgkey=${gpgkey}\n`,
      );
    };
    const key = '/etc/pki/rpm-gpg/RPM-GPG-KEY-eucalyptus-release';
    repo(`file://${key}\n       http://downloads.eucalyptus.cloud/software/gpg/eucalyptus-release-key.pub`);
    fs.mkdirSync(host(root, 'etc/pki/rpm-gpg'), { recursive: true });
    fs.writeFileSync(host(root, key), '-----BEGIN PGP PUBLIC KEY BLOCK-----\n(simulated)\n');
    const network = run(root, 'yum', ['-y', 'install', 'euca2ools']);
    assert.equal(network.code, 1);
    assert.match(network.stderr, /GPG key retrieval failed/);
    assert.equal(run(root, 'rpm', ['-q', 'python-requestbuilder']).code, 1, 'nothing installed');
    repo('file:///etc/pki/rpm-gpg/RPM-GPG-KEY-euca2ools-release');
    const missing = run(root, 'yum', ['-y', 'install', 'euca2ools']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /Couldn't open file \/etc\/pki\/rpm-gpg\/RPM-GPG-KEY-euca2ools-release/);
    repo(`file://${key}`);
    assert.equal(run(root, 'yum', ['-y', 'install', 'euca2ools']).code, 0);
  });

  it("rpm reports the Eucalyptus version, 4.4.6 unless config.json's eucalyptusVersion says otherwise", () => {
    for (const [config, version] of [
      [{}, '4.4.6'],
      [{ eucalyptusVersion: '4.4.5' }, '4.4.5'],
    ] as const) {
      const root = makeRoot(config);
      assert.equal(run(root, 'yum', ['-y', 'install', 'eucalyptus-node']).code, 0);
      assert.equal(run(root, 'rpm', ['-q', '--qf', '%{VERSION}\\n', 'eucalyptus']).stdout, `${version}\n`);
    }
  });

  it('without -y it does not install (no terminal to answer)', () => {
    const root = makeRoot();
    assert.equal(run(root, 'yum', ['install', 'bridge-utils']).code, 1);
    assert.equal(run(root, 'rpm', ['-q', 'bridge-utils']).code, 1);
  });

  it('remove takes the packages and their dependants away, keeping a changed config as .rpmsave', () => {
    const root = makeRoot();
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud']);
    fs.appendFileSync(host(root, 'etc/eucalyptus/eucalyptus.conf'), 'X="1"\n');
    const r = run(root, 'yum', ['-y', 'remove', 'eucalyptus']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(run(root, 'rpm', ['-q', 'eucalyptus-cloud']).code, 1);
    assert.ok(fs.existsSync(host(root, 'etc/eucalyptus/eucalyptus.conf.rpmsave')));
    assert.equal(fs.existsSync(host(root, 'usr/lib/systemd/system/eucalyptus-cloud.service')), false);
    assert.equal(run(root, 'systemctl', ['is-active', 'eucalyptus-cloud']).stdout, 'unknown\n');
  });

  it("remove takes globs, like the cookbook's `yum -y remove 'euca*'`", () => {
    const root = makeRoot();
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud', 'bridge-utils']);
    assert.equal(run(root, 'yum', ['-y', 'remove', 'euca*']).code, 0);
    assert.equal(run(root, 'rpm', ['-qa', 'euca*']).stdout, '');
    assert.equal(run(root, 'rpm', ['-q', 'bridge-utils', 'postgresql-server']).code, 0);
  });

  it('rpm -q exits with the number of missing packages; -qa --qf formats like the gatherer expects', () => {
    const root = makeRoot();
    const r = run(root, 'rpm', ['-q', 'bash', 'nope1', 'nope2']);
    assert.equal(r.code, 2);
    assert.match(r.stdout, /^package nope1 is not installed$/m);
    const wp = run(root, 'rpm', ['-q', '--whatprovides', 'eucalyptus-node']);
    assert.deepEqual([wp.code, wp.stdout], [1, 'no package provides eucalyptus-node\n']);
    const qa = run(root, 'rpm', [
      '-qa',
      '--qf',
      '%{NAME}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\n',
      'Network*',
    ]);
    assert.deepEqual([qa.code, qa.stdout], [0, 'NetworkManager\t1.18.8\t1.el7\tx86_64\n']);
    assert.equal(run(root, 'rpm', ['--import', '/etc/pki/missing.key']).code, 1);
    assert.equal(run(root, 'rpm', ['-U', '/tmp/x.rpm']).code, 127);
  });
});

describe("the host-facts gatherer's queries (src/core/facts parsers on the fakes' output)", () => {
  it('rpm -qa --qf, systemctl show and getenforce parse into the facts the installer uses', () => {
    const root = makeRoot();
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud']);
    run(root, 'systemctl', ['stop', 'firewalld']);
    const patterns = [
      'eucalyptus*',
      'euca2ools*',
      'NetworkManager',
      'PackageKit',
      'firewalld',
      'chrony',
      'ntp',
    ];
    const rpm = run(root, 'rpm', ['-qa', '--qf', RPM_QUERY_FORMAT, ...patterns]);
    assert.equal(rpm.code, 0);
    const names = parseRpmQuery(rpm.stdout).map((p) => p.name);
    assert.ok(
      names.includes('eucalyptus-cloud') && names.includes('euca2ools') && names.includes('NetworkManager'),
    );
    assert.ok(!names.includes('PackageKit') && !names.includes('bash'));
    assert.deepEqual(run(root, 'rpm', ['-qa', '--qf', RPM_QUERY_FORMAT, 'PackageKit']), {
      code: 0,
      stdout: '',
      stderr: '',
    });
    const units = ['firewalld.service', 'PackageKit.service', 'eucalyptus-cloud.service'];
    const show = run(root, 'systemctl', [
      'show',
      '--property=Id,LoadState,ActiveState,UnitFileState',
      '--',
      ...units,
    ]);
    assert.deepEqual(
      parseSystemctlShow(show.stdout, units).map((u) => [
        u.unit,
        u.loadState,
        u.activeState,
        u.unitFileState,
      ]),
      [
        ['firewalld.service', 'loaded', 'inactive', 'enabled'],
        ['PackageKit.service', 'not-found', 'inactive', undefined],
        ['eucalyptus-cloud.service', 'loaded', 'inactive', 'disabled'],
      ],
    );
    assert.equal(parseGetenforce(run(root, 'getenforce', []).stdout), 'enforcing');
  });
});

describe('systemctl', () => {
  it('reports states and exit codes like systemd 219', () => {
    const root = makeRoot();
    assert.deepEqual(Object.values(run(root, 'systemctl', ['is-active', 'firewalld.service'])).slice(0, 2), [
      0,
      'active\n',
    ]);
    assert.equal(run(root, 'systemctl', ['is-active', '--quiet', 'tgtd']).code, 3);
    assert.equal(run(root, 'systemctl', ['is-active', 'tgtd']).stdout, 'unknown\n');
    const start = run(root, 'systemctl', ['start', 'tgtd.service']);
    assert.deepEqual([start.code, start.stderr], [5, 'Failed to start tgtd.service: Unit not found.\n']);
    assert.equal(run(root, 'systemctl', ['enable', 'tgtd.service']).code, 1);
    assert.equal(run(root, 'systemctl', ['is-enabled', '--quiet', 'firewalld.service']).code, 0);
    assert.equal(run(root, 'systemctl', ['disable', 'firewalld.service']).code, 0);
    assert.equal(run(root, 'systemctl', ['stop', 'firewalld.service']).code, 0);
    const shown = run(root, 'systemctl', [
      'show',
      '--property=Id,LoadState,ActiveState,UnitFileState',
      '--',
      'firewalld',
      'nope',
    ]);
    assert.equal(
      shown.stdout,
      'Id=firewalld.service\nLoadState=loaded\nActiveState=inactive\nUnitFileState=disabled\n\n' +
        'Id=nope.service\nLoadState=not-found\nActiveState=inactive\nUnitFileState=\n',
    );
    // The gatherer's query gives what a real CentOS 7 host printed (test/fixtures/host/systemd).
    const units = [
      'NetworkManager.service',
      'PackageKit.service',
      'firewalld.service',
      'chronyd.service',
      'ntpd.service',
    ];
    assert.equal(
      run(root, 'systemctl', ['show', '--property=Id,LoadState,ActiveState,UnitFileState', '--', ...units])
        .stdout,
      fs.readFileSync(path.join(HERE, '..', 'fixtures', 'host', 'systemd', 'show-centos7.txt'), 'utf8'),
    );
    // The plan's firewalld check, through bash.
    assert.equal(shell(root, 'ciab_unit_off firewalld.service').code, 0);
    assert.equal(run(root, 'firewall-cmd', ['--state']).code, 252);
  });

  it('starting a unit that serves ports opens them after the delay; stop closes them', async () => {
    const port = await freePort();
    const root = makeRoot({
      ports: { 'eucalyptus-cluster': [port] },
      listenDelayMs: { 'eucalyptus-cluster': 400 },
    });
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cluster']);
    assert.equal(run(root, 'systemctl', ['restart', 'eucalyptus-cluster.service']).code, 0);
    assert.equal(await portOpen(port), false);
    await waitFor(`:${port}`, 5000, () => portOpen(port));
    assert.equal(run(root, 'systemctl', ['is-active', 'eucalyptus-cluster']).code, 0);
    assert.equal(run(root, 'systemctl', ['stop', 'eucalyptus-cluster']).code, 0);
    await waitFor(`:${port} to close`, 5000, async () => !(await portOpen(port)));
    assert.equal(readState(root).units?.['eucalyptus-cluster.service']?.listener, undefined);
  });
  it('systemctl --failed lists the units whose process died, as systemd 219 does', async () => {
    const port = await freePort();
    const root = makeRoot({
      ports: { 'eucalyptus-cluster': [port] },
      listenDelayMs: { 'eucalyptus-cluster': 0 },
    });
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cluster']);
    const none = run(root, 'systemctl', ['--failed', '--no-pager']);
    assert.equal(none.code, 0);
    assert.match(none.stdout, /^ {2}UNIT +LOAD +ACTIVE +SUB +DESCRIPTION$/m);
    assert.match(none.stdout, /^0 loaded units listed\./m);
    assert.equal(run(root, 'systemctl', ['start', 'eucalyptus-cluster']).code, 0);
    await waitFor(`:${port}`, 5000, () => portOpen(port));
    const listener = readState(root).units?.['eucalyptus-cluster.service']?.listener;
    assert.ok(listener);
    signal(listener, 'SIGKILL');
    await waitFor('the unit to fail', 5000, () =>
      Promise.resolve(run(root, 'systemctl', ['is-active', 'eucalyptus-cluster']).stdout === 'failed\n'),
    );
    const failed = run(root, 'systemctl', ['list-units', '--failed']);
    assert.match(
      failed.stdout,
      /^● eucalyptus-cluster\.service +loaded +failed +failed +eucalyptus-cluster$/m,
    );
    assert.match(failed.stdout, /^1 loaded units listed\./m);
    assert.equal(run(root, 'systemctl', ['--failed', 'eucalyptus-cluster']).code, 127);
  });
});

describe('the management console (eucaconsole)', () => {
  /** eucaconsole installed, its pserve and nginx on free ports that open at once. */
  async function consoleRoot(): Promise<{ root: string; pserve: number; nginx: number }> {
    const [pserve, nginx] = [await freePort(), await freePort()];
    const root = makeRoot({ ports: { eucaconsole: [pserve, nginx] }, listenDelayMs: { eucaconsole: 0 } });
    assert.equal(run(root, 'yum', ['-y', 'install', 'eucaconsole']).code, 0);
    return { root, pserve, nginx };
  }
  const reboot = (root: string) =>
    spawnSync('node', [path.join(BIN, '../lib/boot.js')], { env: { ...process.env, SIMHOST_ROOT: root } });

  it('with python-webob beside python-webob1.4, pserve dies with the VersionConflict; rpm -e --nodeps fixes it', async () => {
    const { root, pserve, nginx } = await consoleRoot();
    assert.ok(readState(root).packages?.includes('python-webob1.4'));
    assert.equal(run(root, 'systemctl', ['restart', 'eucaconsole']).code, 0);
    await waitFor(`nginx on :${nginx}`, 60_000, () => portOpen(nginx));
    // One listener opens all of a unit's ports together: pserve's would be open by now.
    assert.equal(await portOpen(pserve), false);
    assert.match(
      fs.readFileSync(host(root, 'var/log/eucaconsole_startup.log'), 'utf8'),
      /VersionConflict: \(WebOb 1\.2\.3 .*Requirement\.parse\('WebOb>=1\.3\.1'\)\)/,
    );
    const refused = run(root, 'rpm', ['-e', 'python-webob']);
    assert.equal(refused.code, 1);
    assert.match(refused.stderr, /python-webob is needed by \(installed\) eucaconsole-/);
    assert.equal(run(root, 'rpm', ['-e', '--nodeps', 'python-webob']).code, 0);
    assert.equal(run(root, 'rpm', ['-q', 'python-webob']).code, 1);
    assert.equal(run(root, 'systemctl', ['restart', 'eucaconsole']).code, 0);
    await waitFor(`pserve on :${pserve}`, 60_000, () => portOpen(pserve));
    assert.equal(run(root, 'systemctl', ['stop', 'eucaconsole']).code, 0);
  });

  it('after a reboot it stays down while its init script starts nginx without --pidfile', async () => {
    const { root, pserve, nginx } = await consoleRoot();
    assert.equal(run(root, 'rpm', ['-e', '--nodeps', 'python-webob']).code, 0);
    assert.equal(run(root, 'systemctl', ['enable', 'eucaconsole']).code, 0);
    assert.equal(run(root, 'systemctl', ['start', 'eucaconsole']).code, 0);
    await waitFor(`the console on :${pserve}`, 60_000, () => portOpen(pserve));
    assert.equal(reboot(root).status, 0);
    const after = run(root, 'systemctl', ['is-active', 'eucaconsole']);
    assert.deepEqual([after.code, after.stdout.trim()], [3, 'failed']);
    assert.equal(readState(root).units?.['eucaconsole.service']?.listener, undefined, 'no listener at all');
    const init = host(root, 'etc/rc.d/init.d/eucaconsole');
    fs.writeFileSync(
      init,
      fs
        .readFileSync(init, 'utf8')
        .replace(/^(\s+)daemon \/usr\/sbin\/nginx/m, '$1daemon --pidfile ${NGINXPIDFILE} /usr/sbin/nginx'),
    );
    assert.equal(reboot(root).status, 0);
    await waitFor(
      `the console on :${pserve} and :${nginx}`,
      60_000,
      async () => (await portOpen(pserve)) && (await portOpen(nginx)),
    );
    assert.equal(run(root, 'systemctl', ['stop', 'eucaconsole']).code, 0);
  });

  it('restart returns only once the old process is gone: the new one gets the port even when the old one is slow to stop', async () => {
    const port = await freePort();
    const root = makeRoot({
      ports: { 'eucalyptus-cluster': [port] },
      listenDelayMs: { 'eucalyptus-cluster': 0 },
      stopDelayMs: { 'eucalyptus-cluster': 800 },
    });
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cluster']);
    assert.equal(run(root, 'systemctl', ['start', 'eucalyptus-cluster.service']).code, 0);
    await waitFor(`:${port}`, 5000, () => portOpen(port));
    const old = readState(root).units?.['eucalyptus-cluster.service']?.listener;
    assert.equal(run(root, 'systemctl', ['restart', 'eucalyptus-cluster.service']).code, 0);
    const renewed = readState(root).units?.['eucalyptus-cluster.service']?.listener;
    assert.ok(old && renewed);
    assert.notDeepEqual(renewed, old);
    assert.equal(running(old), false, 'the old listener is gone when restart returns');
    await waitFor(`:${port} after the restart`, 5000, () => portOpen(port));
    // A new listener that met the old one on its port would have died: the unit would be failed.
    assert.equal(run(root, 'systemctl', ['is-active', 'eucalyptus-cluster']).stdout, 'active\n');
  });

  it('a listener that died and whose pid went to another process: stop and start leave that process alone', async () => {
    const port = await freePort();
    const root = makeRoot({
      ports: { 'eucalyptus-cluster': [port] },
      listenDelayMs: { 'eucalyptus-cluster': 0 },
    });
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cluster']);
    assert.equal(run(root, 'systemctl', ['start', 'eucalyptus-cluster.service']).code, 0);
    const listener = readState(root).units?.['eucalyptus-cluster.service']?.listener;
    assert.ok(listener);
    signal(listener, 'SIGKILL');
    await waitFor('the listener gone', 5000, () => Promise.resolve(!running(listener)));
    // pid_max is small and the suite busy: the pid the unit recorded now names a bystander, leading its own
    // process group as a test runner or the CI job does. Recorded by hand here, since the kernel picks pids.
    const bystander = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    after(() => bystander.kill('SIGKILL'));
    assert.ok(bystander.pid !== undefined);
    const unitsFile = host(root, 'var/lib/simhost/units.json');
    const units = JSON.parse(fs.readFileSync(unitsFile, 'utf8')) as Record<
      string,
      { listener: { pid: number } }
    >;
    const unit = units['eucalyptus-cluster.service'];
    assert.ok(unit);
    unit.listener.pid = bystander.pid;
    fs.writeFileSync(unitsFile, JSON.stringify(units));

    assert.equal(run(root, 'systemctl', ['is-active', 'eucalyptus-cluster']).stdout, 'failed\n');
    assert.equal(run(root, 'systemctl', ['restart', 'eucalyptus-cluster.service']).code, 0);
    await waitFor(`:${port} after the restart`, 5000, () => portOpen(port));
    assert.equal(run(root, 'systemctl', ['stop', 'eucalyptus-cluster.service']).code, 0);
    assert.equal(bystander.exitCode, null, 'the bystander still runs');
    assert.equal(bystander.signalCode, null, 'the bystander was sent no signal');
  });
});

describe('Eucalyptus 4.4 admin tools', () => {
  it('clcadmin-initialize-cloud creates the keys once; a second run and a run while the CLC is up fail', async () => {
    const root = makeRoot({
      listenDelayMs: { 'eucalyptus-cloud': 0 },
      ports: { 'eucalyptus-cloud': [await freePort()] },
    });
    assert.equal(run(root, 'clcadmin-initialize-cloud', []).code, 1); // no eucalyptus.conf yet
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cloud']);
    assert.equal(run(root, 'clcadmin-initialize-cloud', []).code, 0);
    assert.ok(fs.existsSync(host(root, 'var/lib/eucalyptus/keys/cloud-cert.pem')));
    const cert = fs.readFileSync(host(root, 'var/lib/eucalyptus/keys/cloud-cert.pem'), 'utf8');
    const again = run(root, 'clcadmin-initialize-cloud', []);
    assert.equal(again.code, 1);
    assert.match(again.stderr, /cloud initialization failed/);
    assert.equal(fs.readFileSync(host(root, 'var/lib/eucalyptus/keys/cloud-cert.pem'), 'utf8'), cert);
    // A fresh host whose CLC is running: refused.
    const other = makeRoot({
      listenDelayMs: { 'eucalyptus-cloud': 0 },
      ports: { 'eucalyptus-cloud': [await freePort()] },
    });
    run(other, 'yum', ['-y', 'install', 'eucalyptus-cloud']);
    run(other, 'systemctl', ['start', 'eucalyptus-cloud']);
    const running = run(other, 'clcadmin-initialize-cloud', []);
    assert.equal(running.code, 1);
    assert.match(running.stderr, /running eucalyptus-cloud/);
    assert.equal(fs.existsSync(host(other, 'var/lib/eucalyptus/keys/cloud-cert.pem')), false);
  });

  it('system credentials only when the CLC is up; tools refuse without them', async () => {
    const root = await bootCloud();
    const creds = run(root, 'clcadmin-assume-system-credentials', []);
    assert.equal(creds.code, 0);
    assert.match(creds.stdout, /^export AWS_ACCESS_KEY_ID="AKI[0-9A-F]+";$/m);
    const bare = run(root, 'euserv-describe-services', [], {
      EUCA_BOOTSTRAP_URL: 'http://127.0.0.1:8773/services/Empyrean',
      AWS_ACCESS_KEY_ID: '',
      AWS_SECRET_ACCESS_KEY: '',
    });
    assert.equal(bare.code, 1);
    assert.match(bare.stderr, /missing access key ID/);
    run(root, 'systemctl', ['stop', 'eucalyptus-cloud']);
    const down = run(root, 'clcadmin-assume-system-credentials', []);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /failed to obtain access keys/);
    assert.equal(shell(root, 'ciab_system_credentials').code, 1);
  });

  it('registers services; describe-services output is what the prelude helpers parse', async () => {
    const root = await bootCloud();
    const script = (body: string) => shell(root, `set -u\nciab_system_credentials || exit 90\n${body}`);
    assert.equal(script('ciab_service_registered API_192.168.56.10').code, 1);
    const reg = script(`
      euserv-register-service -t user-api -h 192.168.56.10 API_192.168.56.10 || exit 1
      euserv-register-service -t walrusbackend -h 192.168.56.10 walrus-192.168.56.10 || exit 2
      euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10 || exit 3
      euserv-register-service -t storage -h 192.168.56.10 -z zone-1 sc-192.168.56.10 || exit 4`);
    assert.equal(reg.code, 0, reg.stderr);
    const dup = script('euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10');
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /already exists/);
    for (const name of [
      'API_192.168.56.10',
      'walrus-192.168.56.10',
      'cc-192.168.56.10',
      'sc-192.168.56.10',
    ]) {
      assert.equal(script(`ciab_service_registered ${name}`).code, 0, name);
    }
    // 4.4: the SC and the object storage gateway are broken until their backends are set.
    assert.equal(shell(root, "ciab_service_in_state objectstorage '' enabled broken").code, 0);
    assert.equal(shell(root, "ciab_service_in_state objectstorage '' enabled").code, 1);
    assert.equal(shell(root, 'ciab_service_in_state storage zone-1 broken').code, 0);
    assert.equal(shell(root, 'ciab_service_in_state storage zone-2 broken enabled').code, 1);
    assert.equal(script('ciab_service_state storage zone-1').stdout, 'broken\n');
    assert.equal(shell(root, 'ciab_property_is zone-1.storage.blockstoragemanager unset').code, 0);
    const setBad = script('euctl zone-1.storage.blockstoragemanager=floppy');
    assert.equal(setBad.code, 1);
    // tgtd must run for overlay volumes.
    run(root, 'systemctl', ['start', 'tgtd']);
    const set = script(`
      euctl objectstorage.providerclient=walrus || exit 1
      euctl zone-1.storage.blockstoragemanager=overlay || exit 2`);
    assert.equal(set.code, 0, set.stderr);
    assert.match(set.stdout, /^objectstorage\.providerclient = walrus$/m);
    assert.equal(
      shell(
        root,
        "ciab_service_in_state objectstorage '' enabled && ciab_service_in_state storage zone-1 enabled",
      ).code,
      0,
    );
    assert.equal(
      shell(
        root,
        "ciab_service_in_state compute '' enabled && ciab_service_in_state cloudformation '' enabled",
      ).code,
      0,
    );
    assert.equal(shell(root, 'ciab_property_is zone-1.storage.blockstoragemanager overlay').code, 0);
    // The cluster is notready until eucalyptus-cluster answers, and registration made the zone's keys.
    assert.equal(script('ciab_service_state cluster').stdout, 'notready\n');
    run(root, 'systemctl', ['start', 'eucalyptus-cluster']);
    assert.equal(script('ciab_service_state cluster').stdout, 'enabled\n');
    for (const k of ['cluster-cert.pem', 'cluster-pk.pem', 'node-cert.pem', 'node-pk.pem']) {
      assert.ok(fs.existsSync(host(root, `var/lib/eucalyptus/keys/zone-1/${k}`)), k);
    }
    // clusteradmin-copy-keys on one host: the keys must already be in /var/lib/eucalyptus/keys (rsync's exit 23).
    fs.mkdirSync(host(root, 'etc/sysconfig/network-scripts'), { recursive: true });
    fs.writeFileSync(
      host(root, 'etc/sysconfig/network-scripts/ifcfg-br0'),
      'DEVICE=br0\nIPADDR=192.168.56.10\n',
    );
    assert.equal(script('clusteradmin-copy-keys 192.168.56.10').code, 23);
    const keys = host(root, 'var/lib/eucalyptus/keys');
    for (const k of ['cluster-cert.pem', 'node-cert.pem', 'node-pk.pem']) {
      fs.copyFileSync(path.join(keys, 'zone-1', k), path.join(keys, k));
    }
    assert.equal(script('clusteradmin-copy-keys 192.168.56.10').code, 0);
    assert.equal(script('clusteradmin-copy-keys 10.9.9.9').code, 255);
    // Capacity shows once a node is registered in NODES= and eucalyptus-node answers.
    const slots = () =>
      / m1\.small\t(\d{4}) /.exec(
        script('euca-describe-availability-zones --region localhost verbose').stdout,
      )?.[1];
    assert.equal(slots(), '0000');
    const conf = host(root, 'etc/eucalyptus/eucalyptus.conf');
    run(root, 'clusteradmin-register-nodes', ['192.168.56.10']);
    assert.match(fs.readFileSync(conf, 'utf8'), /^NODES="192\.168\.56\.10"$/m);
    run(root, 'systemctl', ['start', 'eucalyptus-node']);
    assert.equal(slots(), '0004');
    const table = script('euserv-describe-services --filter service-type=storage').stdout;
    assert.match(table, /^SERVICE {2}storage {2}zone-1 {2}sc-192\.168\.56\.10 {2}enabled {2}$/m);
    const states = await serviceStates(root);
    assert.ok(states.some((s) => s.type === 'walrusbackend' && s.state === 'enabled'));
    assert.equal(script('euserv-deregister-service walrus-192.168.56.10').code, 0);
    assert.equal(script('ciab_service_registered walrus-192.168.56.10').code, 1);
    assert.equal(script('euserv-describe-services --filter user-service=true').code, 127);
  });

  it('euserv-describe-node-controllers: the NODES in the cluster zone, enabled while eucalyptus-node runs', async () => {
    const root = await bootCloud();
    const script = (body: string) => shell(root, `set -u\nciab_system_credentials || exit 90\n${body}`);
    const none = script('euserv-describe-node-controllers');
    assert.deepEqual([none.code, none.stdout], [0, ''], 'no cluster, no node');
    const reg = script('euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10');
    assert.equal(reg.code, 0, reg.stderr);
    assert.equal(run(root, 'clusteradmin-register-nodes', ['192.168.56.10']).code, 0);
    assert.equal(run(root, 'systemctl', ['start', 'eucalyptus-node']).code, 0);
    await waitFor('eucalyptus-node', 5000, () =>
      Promise.resolve(script('euserv-describe-node-controllers').stdout.includes('enabled')),
    );
    assert.deepEqual(parseNodeControllers(script('euserv-describe-node-controllers').stdout), [
      { zone: 'zone-1', address: '192.168.56.10', state: 'enabled', instances: [] },
    ]);
    assert.equal(run(root, 'systemctl', ['stop', 'eucalyptus-node']).code, 0);
    assert.deepEqual(
      parseNodeControllers(script('euserv-describe-node-controllers').stdout).map((n) => n.state),
      ['notready'],
    );
    assert.equal(script('euserv-describe-node-controllers 192.168.56.10').code, 127);
  });

  it('euctl validates the EDGE network configuration and dumps it raw', async () => {
    const root = await bootCloud();
    const pre = 'ciab_system_credentials || exit 90\n';
    shell(root, `${pre}euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10`);
    const good = {
      Mode: 'EDGE',
      InstanceDnsServers: ['192.168.56.10'],
      PublicIps: ['192.168.56.200-192.168.56.219'],
      Clusters: [
        {
          Name: 'zone-1',
          Subnet: {
            Name: '192.168.56.0',
            Subnet: '192.168.56.0',
            Netmask: '255.255.255.0',
            Gateway: '192.168.56.1',
          },
          PrivateIps: ['192.168.56.220-192.168.56.239'],
        },
      ],
    };
    const upload = (value: string) => {
      fs.mkdirSync(host(root, 'etc/eucalyptus'), { recursive: true });
      fs.writeFileSync(host(root, 'etc/eucalyptus/network.json'), value);
      return shell(root, `${pre}euctl cloud.network.network_configuration=@/etc/eucalyptus/network.json`);
    };
    const bad: [string, string][] = [
      ['{"PublicIps": ["192.168.56.200"],}', 'invalid JSON'],
      [JSON.stringify({ ...good, PublicIps: undefined }), 'PublicIps is required'],
      [JSON.stringify({ ...good, Clusters: [{ ...good.Clusters[0], Name: 'zone-9' }] }), 'not a registered'],
      [
        JSON.stringify({
          ...good,
          Clusters: [{ ...good.Clusters[0], Subnet: { ...good.Clusters[0]!.Subnet, Gateway: '10.0.0.1' } }],
        }),
        'gateway',
      ],
      [JSON.stringify({ ...good, ManagedSubnet: {} }), 'ManagedSubnet'],
    ];
    for (const [value, why] of bad) {
      const r = upload(value);
      assert.equal(r.code, 1, value);
      assert.match(r.stderr, new RegExp(why));
    }
    assert.equal(readState(root).properties['cloud.network.network_configuration'], undefined);
    const text = JSON.stringify(good, null, 2) + '\n';
    const ok = upload(text);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout, ''); // a JSON property prints nothing without --dump
    const check = shell(
      root,
      `${pre}[ "$(euctl --dump --format=raw cloud.network.network_configuration 2>/dev/null | tr -d ' \\t\\n')" = "$(tr -d ' \\t\\n' < ${host(root, 'etc/eucalyptus/network.json')})" ]`,
    );
    assert.equal(check.code, 0, check.stderr);
    assert.equal(shell(root, `${pre}euctl --format=raw system.dns.dnsdomain`).code, 1);
    assert.equal(shell(root, `${pre}euctl --dump system.dns.dnsdomain`).code, 1);
    assert.equal(shell(root, `${pre}euctl -n system.dns.dnsdomain`).stdout, 'localhost\n');
    assert.equal(shell(root, `${pre}euctl no.such.property=1`).code, 1);
    assert.equal(shell(root, `${pre}euctl bootstrap.webservices.use_instance_dns=maybe`).code, 1);
    assert.deepEqual(
      changingCalls(root)
        .filter((c) => c.tool === 'euctl')
        .map((c) => c.exitCode),
      [1, 1, 1, 1, 1, 0, 1, 1],
    );
    const prefix = shell(root, `${pre}euctl system.dns`).stdout;
    assert.match(
      prefix,
      /^system\.dns\.dnsdomain = localhost\nsystem\.dns\.nameserveraddress = 127\.0\.0\.1\n$/,
    );
  });

  it('clusteradmin-register-nodes rewrites NODES= only when the line exists', () => {
    const root = makeRoot();
    run(root, 'yum', ['-y', 'install', 'eucalyptus-cc']);
    const conf = host(root, 'etc/eucalyptus/eucalyptus.conf');
    const withoutNodes = fs
      .readFileSync(conf, 'utf8')
      .split('\n')
      .filter((l) => !l.startsWith('NODES='))
      .join('\n');
    fs.writeFileSync(conf, withoutNodes);
    const before = fs.statSync(conf).mtimeMs;
    assert.equal(run(root, 'clusteradmin-register-nodes', ['192.168.56.10']).code, 0);
    assert.equal(fs.readFileSync(conf, 'utf8'), withoutNodes);
    assert.equal(fs.statSync(conf).mtimeMs, before);
    assert.equal(readState(root).nodes, undefined);
    fs.writeFileSync(conf, withoutNodes + 'NODES="10.0.0.5"\n');
    assert.equal(run(root, 'clusteradmin-register-nodes', ['192.168.56.10']).code, 0);
    assert.deepEqual(readState(root).nodes, ['10.0.0.5', '192.168.56.10']);
    assert.equal(run(root, 'clusteradmin-register-nodes', ['192.168.56.10']).code, 0);
    assert.deepEqual(readState(root).nodes, ['10.0.0.5', '192.168.56.10']);
    const badIp = run(root, 'clusteradmin-register-nodes', ['node1.example']);
    assert.equal(badIp.code, 0);
    assert.match(badIp.stdout, /Use only IPv4 addresses/);
    assert.equal(run(root, 'clusteradmin-deregister-nodes', ['10.0.0.5']).code, 0);
    assert.deepEqual(readState(root).nodes, ['192.168.56.10']);
    const plan = shell(root, `grep -Eq '^NODES="?([^"]* )?192\\.168\\.56\\.10( |"|$)' ${conf}`);
    assert.equal(plan.code, 0);
  });

  it('credentials, login profile, service image and imaging stack as the plan drives them', async () => {
    const root = await bootCloud();
    const pre = 'ciab_system_credentials || exit 90\n';
    shell(
      root,
      `${pre}euserv-register-service -t user-api -h 192.168.56.10 API_192.168.56.10
      euserv-register-service -t walrusbackend -h 192.168.56.10 walrus-192.168.56.10`,
    );
    assert.equal(shell(root, `${pre}esi-install-image --region localhost --install-default`).code, 1); // OSG broken
    shell(root, `${pre}euctl objectstorage.providerclient=walrus`);
    const ini = shell(root, `${pre}euare-useraddkey --region localhost admin -wld cloud.example.lan`);
    assert.equal(ini.code, 0, ini.stderr);
    // createaccesskey.py names the section after the region the tool ran in, with the domain's names.
    assert.match(ini.stdout, /^\[region localhost\]$/m);
    assert.match(ini.stdout, /^ec2-url = http:\/\/ec2\.cloud\.example\.lan:8773\/$/m);
    assert.match(ini.stdout, /^user = \d{12}:admin$/m);
    assert.match(ini.stdout, /^key-id = AKI/m);
    // The admin has the system key already; the default limit of 2 allows one more.
    const more = shell(root, `${pre}euare-useraddkey --region localhost admin -wld cloud.example.lan`);
    assert.equal(more.code, 1);
    assert.match(more.stderr, /LimitExceeded/);
    const argvPassword = `${pre}euare-useraddloginprofile --region localhost --as-account eucalyptus -u admin -p s3cret`;
    assert.equal(shell(root, argvPassword).code, 2, 'a password in argv is refused');
    const lp = `${pre}printf 's3cret\\ns3cret\\n' | setsid euare-useraddloginprofile --region localhost --as-account eucalyptus -u admin`;
    assert.equal(shell(root, lp).code, 0);
    assert.equal(readState(root).consolePasswords['eucalyptus:admin'], 's3cret');
    assert.match(shell(root, lp).stderr, /EntityAlreadyExists/);
    const mismatch = `${pre}printf 'a\\nb\\n' | setsid euare-usermodloginprofile --region localhost -u admin`;
    assert.match(shell(root, mismatch).stderr, /passwords do not match[\s\S]*EOFError/);
    fs.writeFileSync(host(root, 'password'), 'n3w-Secret\n');
    assert.equal(shell(root, `${pre}ciab_admin_login ${host(root, 'password')}`).code, 0);
    assert.equal(readState(root).consolePasswords['eucalyptus:admin'], 'n3w-Secret');
    assert.equal(shell(root, `${pre}esi-manage-stack --region localhost -a create imaging`).code, 1);
    assert.equal(shell(root, `${pre}esi-install-image --region localhost --install-default`).code, 0);
    assert.match(shell(root, `${pre}euctl -n services.imaging.worker.image`).stdout, /^emi-[0-9a-f]{8}\n$/);
    assert.match(shell(root, `${pre}esi-describe-images`).stdout, /imaging,loadbalancing/);
    assert.equal(shell(root, `${pre}esi-manage-stack --region localhost -a create imaging`).code, 0);
    assert.equal(shell(root, 'ciab_property_is services.imaging.worker.configured true').code, 0);
    const az = shell(root, `${pre}euca-describe-availability-zones --region localhost verbose`);
    assert.equal(az.code, 0);
    assert.equal(az.stdout, ''); // no cluster registered
  });

  it('the tools read region, endpoint and keys as euca2ools does: ini files in order, --region, env', async () => {
    const root = await bootCloud();
    const home = { HOME: '/root', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '' };
    const keyIni = shell(
      root,
      'ciab_system_credentials && euare-useraddkey --region localhost -w -d cloud.example.lan admin',
    );
    assert.equal(keyIni.code, 0, keyIni.stderr);
    const userSection = keyIni.stdout.slice(keyIni.stdout.indexOf('[user '));
    const user = /^\[user (.*)\]$/m.exec(userSection)?.[1] ?? '';
    const euca = (...p: string[]) => host(root, path.join(...p));
    fs.mkdirSync(euca('root/.euca'), { recursive: true });
    // The stock localhost region has no user: no key, whatever the files hold for other users.
    fs.writeFileSync(euca('root/.euca/keys.ini'), userSection);
    const noUser = run(root, 'euare-accountlist', ['--region', 'localhost'], home);
    assert.equal(noUser.code, 1);
    assert.match(noUser.stderr, /missing access key ID/);
    // USER@REGION picks the user; the stock 127.0.0.1 endpoints answer.
    assert.equal(run(root, 'euare-accountlist', ['--region', `${user}@localhost`], home).code, 0);
    // What `euare-useraddkey -wld` writes, read last, overrides the stock region's URLs with names that only
    // the cloud's DNS would resolve.
    fs.writeFileSync(euca('root/.euca/keys.ini'), keyIni.stdout);
    const byName = run(root, 'euca-describe-availability-zones', ['--region', `${user}@localhost`], home);
    assert.equal(byName.code, 1);
    assert.match(byName.stderr, /Name or service not known/);
    // A region by address, chosen by [global] default-region, AWS_DEFAULT_REGION or --region.
    fs.writeFileSync(
      euca('etc/euca2ools/conf.d/lab.ini'),
      `[global]\ndefault-region = lab\n\n[region lab]\nec2-url = http://192.168.56.10:8773/services/compute/\niam-url = http://192.168.56.10:8773/services/Euare/\nuser = ${user}\n`,
    );
    fs.writeFileSync(euca('root/.euca/keys.ini'), userSection);
    assert.equal(run(root, 'euca-describe-availability-zones', [], home).code, 0);
    assert.equal(run(root, 'euare-accountlist', [], { ...home, AWS_DEFAULT_REGION: 'lab' }).code, 0);
    const other = run(root, 'euca-describe-availability-zones', [], {
      ...home,
      AWS_DEFAULT_REGION: 'nowhere',
    });
    assert.match(
      other.stderr,
      /No ec2 endpoint to connect to was given\. Configured regions with ec2 endpoints are: lab, localhost/,
    );
    // A service URL on another host, or on the wrong path, gets no answer from this cloud.
    fs.writeFileSync(
      euca('root/.euca/zz.ini'),
      '[region lab]\nec2-url = http://192.168.56.99:8773/services/compute/\n',
    );
    assert.match(run(root, 'euca-describe-availability-zones', [], home).stderr, /Connection refused/);
    fs.writeFileSync(
      euca('root/.euca/zz.ini'),
      '[region lab]\nec2-url = http://192.168.56.10:8773/services/Euare/\n',
    );
    assert.match(run(root, 'euca-describe-availability-zones', [], home).stderr, /not a ec2 service path/);
    fs.rmSync(euca('root/.euca/zz.ini'));
    // esi-* tools default to the localhost region (esibase.py), where this user is not the default.
    assert.match(run(root, 'esi-describe-images', [], home).stderr, /Unable to find EC2_URL/);
    assert.equal(run(root, 'esi-describe-images', ['--region', 'lab'], home).code, 1); // no sts/properties URLs
  });
});

describe('host tools', () => {
  it('SELinux: getenforce from /etc/selinux/config, booleans only once their policy is installed', () => {
    const root = makeRoot();
    fs.mkdirSync(host(root, 'etc/selinux'), { recursive: true });
    fs.writeFileSync(host(root, 'etc/selinux/config'), 'SELINUX=enforcing\nSELINUXTYPE=targeted\n');
    assert.equal(run(root, 'getenforce', []).stdout, 'Enforcing\n');
    assert.equal(run(root, 'setsebool', ['-P', 'eucalyptus_storage_controller=1']).code, 1);
    run(root, 'yum', ['-y', 'install', 'eucalyptus-sc']);
    assert.equal(
      run(root, 'setsebool', ['-P', 'eucalyptus_storage_controller=1', 'httpd_can_network_connect=1']).code,
      0,
    );
    const plan = shell(
      root,
      "getsebool eucalyptus_storage_controller | grep -q ' on$' && getsebool httpd_can_network_connect | grep -q ' on$'",
    );
    assert.equal(plan.code, 0);
    assert.equal(run(root, 'setenforce', ['0']).code, 0);
    assert.equal(run(root, 'getenforce', []).stdout, 'Permissive\n');
  });

  it('virsh: the default network appears with libvirt and goes away as the plan removes it', () => {
    const root = makeRoot();
    assert.equal(run(root, 'virsh', ['net-list', '--all', '--name']).code, 127);
    run(root, 'yum', ['-y', 'install', 'libvirt']);
    assert.equal(run(root, 'virsh', ['net-list', '--all', '--name']).code, 1); // libvirtd not running
    run(root, 'systemctl', ['start', 'libvirtd']);
    assert.equal(run(root, 'virsh', ['net-list', '--all', '--name']).stdout, 'default\n\n');
    assert.equal(shell(root, '! virsh net-list --all --name 2>/dev/null | grep -qx default').code, 1);
    assert.equal(run(root, 'virsh', ['net-destroy', 'default']).code, 0);
    assert.equal(run(root, 'virsh', ['net-destroy', 'default']).code, 1);
    assert.equal(run(root, 'virsh', ['net-autostart', 'default', '--disable']).code, 0);
    assert.equal(run(root, 'virsh', ['net-undefine', 'default']).code, 0);
    assert.equal(shell(root, '! virsh net-list --all --name 2>/dev/null | grep -qx default').code, 0);
    assert.equal(run(root, 'virsh', ['net-undefine', 'default']).code, 1);
  });

  it('hostnamectl, modprobe and sysctl', () => {
    const root = makeRoot();
    assert.equal(run(root, 'hostnamectl', ['set-hostname', 'ciab.example.lan']).code, 0);
    assert.equal(fs.readFileSync(host(root, 'etc/hostname'), 'utf8'), 'ciab.example.lan\n');
    assert.match(run(root, 'hostnamectl', ['status']).stdout, /Static hostname: ciab\.example\.lan/);
    assert.equal(run(root, 'sysctl', ['net.bridge.bridge-nf-call-iptables']).code, 255);
    assert.equal(run(root, 'modprobe', ['br_netfilter']).code, 0);
    assert.equal(run(root, 'modprobe', ['no_such_mod']).code, 1);
    assert.equal(run(root, 'sysctl', ['-n', 'net.bridge.bridge-nf-call-iptables']).stdout, '1\n');
    assert.equal(run(root, 'sysctl', ['-w', 'net.ipv4.ip_forward=1']).stdout, 'net.ipv4.ip_forward = 1\n');
    assert.deepEqual(readState(root).sysctl, { 'net.ipv4.ip_forward': '1' });
  });
});

// `systemctl restart network` runs real `ip` commands: only inside throwaway network namespaces.
function canUseNetns(): boolean {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).status === 0;
}

describe('Eucalyptus 5 (config.json eucalyptusVersion 5.x): the differences the eucalyptus-5 plan relies on', () => {
  const pre = 'ciab_system_credentials || exit 90\n';

  it("yum installs 5's packages: no cluster controller unit, qemu-kvm-ev for the node controller", async () => {
    const root = await bootCloud('5.1.0');
    const state = readState(root);
    assert.equal(state.packageVersions?.eucalyptus?.version, '5.1.0');
    assert.ok(state.packages?.includes('qemu-kvm-ev'));
    assert.ok(state.packages?.includes('eucalyptus-cc'), 'eucalyptus-cluster is a Provides of eucalyptus-cc');
    assert.equal(state.units?.['eucalyptus-cluster.service'], undefined);
    // 4.4's mirrors serve no qemu-kvm-ev
    const root44 = makeRoot();
    assert.notEqual(run(root44, 'yum', ['-y', 'install', 'qemu-kvm-ev']).code, 0);
  });

  it('eucalyptus-cluster and eucalyptus-cc are links to eucalyptus-cloud: read as the cloud, never changed apart', async () => {
    const root = await bootCloud('5.1.0');
    for (const name of ['eucalyptus-cluster', 'eucalyptus-cc.service']) {
      assert.deepEqual(
        [
          run(root, 'systemctl', ['is-active', name]).stdout,
          run(root, 'systemctl', ['is-active', name]).code,
        ],
        ['active\n', 0],
        name,
      );
      for (const verb of ['enable', 'start', 'restart', 'stop']) {
        const r = run(root, 'systemctl', [verb, name]);
        assert.equal(r.code, 127, `${verb} ${name}`);
        assert.match(r.stderr, /link to eucalyptus-cloud\.service, which runs the cluster controller/);
      }
    }
    assert.equal(run(root, 'systemctl', ['is-active', 'eucalyptus-cloud']).code, 0, 'the cloud still runs');
    // 4.4's cluster controller is a unit of its own
    const root44 = await bootCloud();
    assert.equal(run(root44, 'systemctl', ['start', 'eucalyptus-cluster']).code, 0);
  });

  it('euctl takes network.yaml and region.region_name in 5; 4.4 refuses both', async () => {
    const yaml = fs.readFileSync(
      path.join(HERE, '..', 'golden', 'eucalyptus-5', 'etc', 'eucalyptus', 'network.yaml'),
      'utf8',
    );
    for (const [version, expected] of [
      ['5.1.0', 0],
      [undefined, 1],
    ] as const) {
      const root = await bootCloud(version);
      shell(root, `${pre}euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10`);
      fs.mkdirSync(host(root, 'etc/eucalyptus'), { recursive: true });
      fs.writeFileSync(host(root, 'etc/eucalyptus/network.yaml'), yaml);
      const upload = shell(
        root,
        `${pre}euctl cloud.network.network_configuration=@/etc/eucalyptus/network.yaml`,
      );
      assert.equal(upload.code, expected, upload.stderr);
      const region = shell(root, `${pre}euctl region.region_name=cloud-1`);
      assert.equal(region.code, expected, region.stderr);
      if (expected !== 0) {
        assert.match(upload.stderr, /invalid JSON/);
        assert.match(region.stderr, /no such property/);
        continue;
      }
      assert.equal(shell(root, 'ciab_property_is region.region_name cloud-1').code, 0);
      const check = shell(
        root,
        `${pre}[ "$(euctl --dump --format=raw cloud.network.network_configuration 2>/dev/null | tr -d ' \\t\\n')" = "$(tr -d ' \\t\\n' < ${host(root, 'etc/eucalyptus/network.yaml')})" ]`,
      );
      assert.equal(check.code, 0, check.stderr);
      const dumped = JSON.parse(
        shell(root, `${pre}euctl --dump cloud.network.network_configuration`).stdout,
      ) as {
        Clusters: { Name: string }[];
      };
      assert.equal(dumped.Clusters[0]?.Name, 'zone-1');
      // YAML beyond what the profile writes fails loudly
      fs.writeFileSync(host(root, 'etc/eucalyptus/network.yaml'), 'Mode: EDGE\n');
      const odd = shell(
        root,
        `${pre}euctl cloud.network.network_configuration=@/etc/eucalyptus/network.yaml`,
      );
      assert.equal(odd.code, 1);
      assert.match(odd.stderr, /simhost fake YAML: not implemented/);
    }
  });

  it("the enabled instance types are 5's: T2 and M5, no M1", async () => {
    const root = await bootCloud('5.1.0');
    shell(root, `${pre}euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10`);
    const az = shell(root, `${pre}euca-describe-availability-zones --region localhost verbose`);
    assert.equal(az.code, 0, az.stderr);
    assert.match(az.stdout, /\|- t2\.small\t/);
    assert.match(az.stdout, /\|- m5\.large\t/);
    assert.doesNotMatch(az.stdout, /m1\./);
  });
});

describe(
  'systemctl restart network (real ip in a throwaway namespace)',
  { skip: !canUseNetns() && 'needs root and ip netns' },
  () => {
    it('moves the address from eth0 to br0 and back, idempotently, writing the bridge-up marker', () => {
      const hostNs = `simfk-h-${process.pid}`;
      const gwNs = `simfk-g-${process.pid}`;
      const ipc = (...args: string[]) => {
        const r = spawnSync('ip', args, { encoding: 'utf8' });
        assert.equal(r.status, 0, `ip ${args.join(' ')}: ${r.stderr}`);
        return r.stdout;
      };
      const inNs = (cmd: string[], env: Record<string, string> = {}) =>
        spawnSync('ip', ['netns', 'exec', hostNs, ...cmd], {
          encoding: 'utf8',
          env: { ...process.env, ...env },
        });
      ipc('netns', 'add', hostNs);
      try {
        ipc('netns', 'add', gwNs);
        ipc(
          '-n',
          hostNs,
          'link',
          'add',
          'eth0',
          'address',
          '52:54:00:12:34:56',
          'type',
          'veth',
          'peer',
          'name',
          'gw0',
          'netns',
          gwNs,
        );
        ipc('-n', gwNs, 'addr', 'add', '192.168.56.1/24', 'dev', 'gw0');
        ipc('-n', gwNs, 'link', 'set', 'gw0', 'up');
        const root = makeRoot();
        const scripts = host(root, 'etc/sysconfig/network-scripts');
        fs.mkdirSync(scripts, { recursive: true });
        const eth0 =
          'DEVICE=eth0\nTYPE=Ethernet\nBOOTPROTO=static\nHWADDR=52:54:00:12:34:56\nIPADDR=192.168.56.10\nPREFIX=24\nGATEWAY=192.168.56.1\nONBOOT=yes\n';
        fs.writeFileSync(path.join(scripts, 'ifcfg-eth0'), eth0);
        const restart = () =>
          inNs([path.join(BIN, 'systemctl'), 'restart', 'network'], { SIMHOST_ROOT: root });
        const addr = (dev: string) => ipc('-n', hostNs, '-4', '-o', 'addr', 'show', 'dev', dev);
        const pings = () => inNs(['ping', '-c', '1', '-W', '2', '192.168.56.1']).status === 0;

        assert.equal(restart().status, 0);
        assert.match(addr('eth0'), / 192\.168\.56\.10\/24 /);
        assert.match(ipc('-n', hostNs, 'route', 'show', 'default'), /via 192\.168\.56\.1 dev eth0/);
        assert.ok(pings());

        fs.writeFileSync(
          path.join(scripts, 'ifcfg-br0'),
          'DEVICE=br0\nTYPE=Bridge\nBOOTPROTO=static\nIPADDR=192.168.56.10\nNETMASK=255.255.255.0\nGATEWAY=192.168.56.1\nONBOOT=yes\nNM_CONTROLLED=no\n',
        );
        fs.writeFileSync(
          path.join(scripts, 'ifcfg-eth0'),
          'DEVICE=eth0\nTYPE=Ethernet\nBRIDGE=br0\nONBOOT=yes\nNM_CONTROLLED=no\nHWADDR=52:54:00:12:34:56\n',
        );
        for (let i = 0; i < 2; i++) {
          const r = restart();
          assert.equal(r.status, 0, r.stderr);
          assert.match(addr('br0'), / 192\.168\.56\.10\/24 /);
          assert.equal(addr('eth0'), '');
          assert.match(ipc('-n', hostNs, 'link', 'show', 'dev', 'eth0'), /master br0/);
          assert.ok(readState(root).bridgeUpMarker);
        }
        assert.ok(pings());
        const links = readInterfaces(hostNs);
        assert.deepEqual(
          links.filter((l) => l.name !== 'lo').map((l) => [l.name, l.kind, l.master ?? null, l.ipv4]),
          [
            ['eth0', 'veth', 'br0', []],
            ['br0', 'bridge', null, ['192.168.56.10/24']],
          ],
        );
        assert.deepEqual(
          readRoutes(hostNs).find((r) => r.dst === 'default'),
          {
            dst: 'default',
            gateway: '192.168.56.1',
            dev: 'br0',
          },
        );
        // The plan's bridge check, through the prelude, inside the namespace.
        const ok = inNs([
          'bash',
          '-c',
          `source ${PRELUDE}; ip -4 -o addr show dev br0 | grep -q ' 192.168.56.10/' && ciab_pings 192.168.56.1`,
        ]);
        assert.equal(ok.status, 0, ok.stderr);

        // Uninstall: the original ifcfg-eth0 back and ifcfg-br0 gone; the restart takes the bridge down.
        fs.writeFileSync(path.join(scripts, 'ifcfg-eth0'), eth0);
        fs.rmSync(path.join(scripts, 'ifcfg-br0'));
        assert.equal(restart().status, 0);
        assert.notEqual(
          spawnSync('ip', ['-n', hostNs, 'link', 'show', 'br0']).status,
          0,
          'the bridge is gone',
        );
        assert.match(addr('eth0'), / 192\.168\.56\.10\/24 /);
        assert.ok(!readState(root).bridgeUpMarker);
        assert.ok(pings());

        // A wrong HWADDR fails like initscripts, and systemctl says the job failed.
        fs.writeFileSync(
          path.join(scripts, 'ifcfg-eth0'),
          eth0.replace('52:54:00:12:34:56', '52:54:00:00:00:01'),
        );
        const wrong = restart();
        assert.equal(wrong.status, 1);
        assert.match(wrong.stderr, /different MAC address/);
        assert.match(wrong.stderr, /Job for network\.service failed/);
      } finally {
        spawnSync('ip', ['netns', 'del', hostNs]);
        spawnSync('ip', ['netns', 'del', gwNs]);
      }
    });
  },
);

describe('what a real 4.4 host does that the plan must respect (issue 12)', () => {
  const pre = 'ciab_system_credentials || exit 90\n';

  it('euctl: the DAS device property exists only once the zone manager is das (deferred DASInfo)', async () => {
    const root = await bootCloud();
    run(root, 'systemctl', ['start', 'tgtd']);
    shell(
      root,
      `${pre}euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10
      euserv-register-service -t storage -h 192.168.56.10 -z zone-1 sc-192.168.56.10`,
    );
    const early = shell(root, `${pre}euctl zone-1.storage.dasdevice=/dev/sdb`);
    assert.equal(early.code, 1);
    assert.match(early.stderr, /Failed to set zone-1\.storage\.dasdevice: no such property/);
    const ordered = shell(
      root,
      `${pre}euctl zone-1.storage.blockstoragemanager=das || exit 1
      euctl zone-1.storage.dasdevice=/dev/sdb || exit 2`,
    );
    assert.equal(ordered.code, 0, ordered.stderr);
    assert.equal(shell(root, 'ciab_property_is zone-1.storage.dasdevice /dev/sdb').code, 0);
  });

  it("eucalyptus-cloud's DNS cannot bind port 53 while libvirt's default network is active", async () => {
    const root = await bootCloud();
    assert.equal(readState(root).cloudDns, 'bound');
    run(root, 'systemctl', ['start', 'libvirtd']);
    run(root, 'systemctl', ['restart', 'eucalyptus-cloud']);
    assert.equal(readState(root).cloudDns, 'address-in-use');
    assert.equal(run(root, 'virsh', ['net-destroy', 'default']).code, 0);
    assert.equal(readState(root).cloudDns, 'address-in-use', 'until the cloud restarts');
    run(root, 'systemctl', ['restart', 'eucalyptus-cloud']);
    assert.equal(readState(root).cloudDns, 'bound');
  });

  it('chronyc: waitsync with its bounds only; ciab_clock_sync warns and goes on when the clock does not sync', () => {
    const root = makeRoot();
    assert.equal(run(root, 'chronyc', ['tracking']).code, 127);
    assert.equal(run(root, 'chronyc', ['waitsync', 'ten']).code, 127);
    assert.equal(run(root, 'chronyc', ['waitsync', '30', '1', '0', '10', '9']).code, 127);
    const synced = run(root, 'chronyc', ['waitsync', '30', '1']);
    assert.equal(synced.code, 0, synced.stderr);
    assert.match(synced.stdout, /^try: 1, refid: /);
    run(root, 'systemctl', ['stop', 'chronyd']);
    const down = run(root, 'chronyc', ['waitsync', '3']);
    assert.deepEqual([down.code, down.stderr], [1, '506 Cannot talk to daemon\n']);
    fs.writeFileSync(
      host(root, 'var/lib/simhost/faults.json'),
      JSON.stringify([{ tool: 'chronyc', match: ['waitsync'], times: 1 }]),
    );
    run(root, 'systemctl', ['start', 'chronyd']);
    const warned = shell(root, 'set -e; ciab_clock_sync 30 1; echo initialise');
    assert.equal(warned.code, 0);
    assert.match(warned.stderr, /warning: the clock is not synchronised after 300 s/);
    assert.match(warned.stdout, /initialise/);
  });

  it('the imaging worker instance: pending, then running with a free address and slot; pending without', async () => {
    const root = await bootCloud();
    writeConfig(root, {
      ...(JSON.parse(fs.readFileSync(host(root, 'var/lib/simhost/config.json'), 'utf8')) as object),
      imagingWorkerBootMs: 0,
    });
    shell(
      root,
      `${pre}euserv-register-service -t user-api -h 192.168.56.10 API_192.168.56.10
      euserv-register-service -t walrusbackend -h 192.168.56.10 walrus-192.168.56.10
      euserv-register-service -t cluster -h 192.168.56.10 -z zone-1 cc-192.168.56.10
      euctl objectstorage.providerclient=walrus
      esi-install-image --region localhost --install-default`,
    );
    const network = {
      PublicIps: ['192.168.56.200-192.168.56.201'],
      Clusters: [
        {
          Name: 'zone-1',
          Subnet: { Name: 'n', Subnet: '192.168.56.0', Netmask: '255.255.255.0', Gateway: '192.168.56.1' },
        },
      ],
    };
    fs.mkdirSync(host(root, 'etc/eucalyptus'), { recursive: true });
    fs.writeFileSync(host(root, 'etc/eucalyptus/network.json'), JSON.stringify(network));
    shell(root, `${pre}euctl cloud.network.network_configuration=@/etc/eucalyptus/network.json`);
    const running = () => shell(root, `${pre}ciab_imaging_worker_running`).code === 0;
    const describe = (args: string) =>
      shell(root, `${pre}euca-describe-instances --region localhost ${args}`);
    assert.equal(running(), false, 'no worker before the stack');
    assert.equal(shell(root, `${pre}esi-manage-stack --region localhost -a create imaging`).code, 0);
    // No node controller registered yet: no instance slot, the worker stays pending.
    const pending = describe('verbose --filter tag-value=euca-internal-imaging-workers');
    assert.match(pending.stdout, /^INSTANCE\ti-[0-9a-f]{8}\temi-[0-9a-f]{8}\t\t\tpending\t/m);
    assert.match(pending.stdout, /^TAG\tinstance\ti-[0-9a-f]{8}\tName\teuca-internal-imaging-workers$/m);
    assert.equal(describe('--filter tag-value=euca-internal-imaging-workers').stdout, '', 'another account');
    assert.equal(running(), false);
    run(root, 'clusteradmin-register-nodes', ['192.168.56.10']);
    run(root, 'systemctl', ['start', 'eucalyptus-node']);
    assert.equal(running(), true);
    // Every public address held by other instances: pending again (the 4.4 troubleshooting guide's case).
    writeConfig(root, {
      ...(JSON.parse(fs.readFileSync(host(root, 'var/lib/simhost/config.json'), 'utf8')) as object),
      publicIpsInUse: 2,
    });
    assert.equal(running(), false);
    assert.equal(describe('verbose --filter instance-id=i-1').code, 127);
  });
});
