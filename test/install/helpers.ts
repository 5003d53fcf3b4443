/**
 * Shared steps of the end-to-end install tests: a simulated host prepared with the example answers
 * (repositories pointed at local file:// mirrors, since nothing outside the namespaces is reachable),
 * the built CLI run inside it, and readers of the journal and the run log.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';
import { readState } from '../simhost/fakes/lib/state-read.js';
import type { RunResult, SimHost } from '../simhost/host.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import type { ReleaseId } from '../../src/core/release/index.js';
import { getRelease } from '../../src/core/release/index.js';
import { repositoriesOf } from '../../src/core/release/types.js';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const ANSWERS = '/root/answers.yaml';
export const ADMIN_PASSWORD = 'Sup3r-Secret-Pw-7q';

/**
 * What the simulated host's mirrors serve for each release: the Eucalyptus version its packages carry
 * (config.json eucalyptusVersion; the fakes' catalogue and the installed cloud follow it).
 */
export const SERVED_VERSION: Readonly<Record<ReleaseId, string>> = {
  'eucalyptus-4.4': '4.4.6',
  'eucalyptus-5': '5.1.0',
};

/** `npm test` builds first; run alone, a test file builds when dist/ is older than src/. */
export function ensureBuilt(): void {
  const built = path.join(root, 'dist/src/cli/main.js');
  let stale = true;
  try {
    const newest = execFileSync(
      'find',
      [path.join(root, 'src'), path.join(root, 'templates'), '-newer', built],
      {
        encoding: 'utf8',
      },
    );
    stale = newest.trim() !== '';
    statSync(built);
  } catch {
    stale = true;
  }
  if (stale) execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
}

export interface AnswersChange {
  /** smaller instance ranges make the preflight's ping sweep quicker (tests that run install many times) */
  publicIps?: string;
  privateIps?: string;
  /** the release of the answers (the example's 4.4 unless given); the host's mirrors serve it */
  release?: ReleaseId;
}

/** The release of the answers on the host (ANSWERS). */
export function answersRelease(host: SimHost): ReleaseId {
  const answers = validateAnswersText(host.readFile(ANSWERS)).answers;
  assert.ok(answers, `${ANSWERS} is invalid`);
  return answers.release;
}

/**
 * The example answers with a known admin password and local mirrors, written to /root/answers.yaml; the
 * mirrors serve the answers' release.
 */
export function prepare(host: SimHost, change: AnswersChange = {}): string {
  return prepareAnswers(host, change, ANSWERS);
}

/** As prepare, to another file. */
export function prepareAnswers(host: SimHost, change: AnswersChange, file: string): string {
  const release = change.release ?? 'eucalyptus-4.4';
  const repositoryIds = repositoriesOf(getRelease(release)).map(([id]) => id);
  let text = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8');
  text = text.replace(/^release: .*$/m, `release: ${release}`);
  text = text.replace(
    'repositories: {}',
    'repositories:\n' + repositoryIds.map((id) => `  ${id}: file:///srv/mirror/${id}/`).join('\n'),
  );
  text = text.replace('password: null', `password: ${ADMIN_PASSWORD}`);
  if (change.publicIps !== undefined)
    text = text.replace(/publicIps: \[.*\]/, `publicIps: [${change.publicIps}]`);
  if (change.privateIps !== undefined)
    text = text.replace(/privateIps: \[.*\]/, `privateIps: [${change.privateIps}]`);
  for (const id of repositoryIds) host.writeFile(`/srv/mirror/${id}/repodata/repomd.xml`, '<repomd/>\n');
  if (release !== 'eucalyptus-4.4') serveVersion(host, SERVED_VERSION[release]);
  host.writeFile(file, text, 0o600);
  return text;
}

/** Sets keys of the simulated host's config.json (test/simhost/fakes/README.md), keeping the others. */
export function configureSimHost(host: SimHost, values: Record<string, unknown>): void {
  const file = '/var/lib/simhost/config.json';
  const config = host.exists(file) ? (JSON.parse(host.readFile(file)) as Record<string, unknown>) : {};
  host.writeFile(file, JSON.stringify({ ...config, ...values }));
}

/** The simulated mirrors serve Eucalyptus VERSION from now on. */
export function serveVersion(host: SimHost, version: string): void {
  configureSimHost(host, { eucalyptusVersion: version });
}

/** eth0 is one end of a veth pair, not a NIC: the preflight says so, and the tests accept it. */
export const INSTALL = ['install', '--answers', ANSWERS, '--yes', '--accept', 'interface'];

/**
 * A hang guard, not a timing: above the longest wait an install may make (the imaging worker's 600 s,
 * which host-realities.e2e waits out) plus the install around it on a busy machine.
 */
const INSTALL_TIMEOUT_MS = 1_200_000;

export const install = (host: SimHost, ...extra: string[]): Promise<RunResult> =>
  host.ciab([...INSTALL, ...extra], { timeoutMs: INSTALL_TIMEOUT_MS });

export interface JournalEntry {
  id: string;
  hash: string;
  status: string;
}

export function journal(host: SimHost): Map<string, JournalEntry> {
  const dir = '/var/lib/cloud-in-a-box/journal';
  const out = new Map<string, JournalEntry>();
  if (!host.exists(dir)) return out;
  const names = execFileSync('ls', ['-A', host.at(dir)], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  for (const name of names.filter((n) => !n.startsWith('.'))) {
    const fields = Object.fromEntries(
      host
        .readFile(`${dir}/${name}`)
        .split('\n')
        .filter(Boolean)
        .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
    ) as Record<string, string>;
    out.set(name, { id: name, hash: fields.hash ?? '', status: fields.status ?? '' });
  }
  return out;
}

/** The newest run log's "task ID: OUTCOME" lines, in order. */
export function outcomes(host: SimHost): { id: string; outcome: string }[] {
  const log = host.readFile('/var/log/cloud-in-a-box/latest');
  return [...log.matchAll(/^.*task (\S+): (applied|done-before|in-place|failed) /gm)].map((m) => ({
    id: m[1] ?? '',
    outcome: m[2] ?? '',
  }));
}

/** Every file the install writes, as `render` makes them (the same renderer), path -> content. */
export async function renderedFiles(host: SimHost): Promise<Map<string, string>> {
  const out = '/tmp/rendered';
  const r = await host.ciab(['render', '--answers', ANSWERS, '--out', out, '--force']);
  if (r.exitCode !== 0) throw new Error(`render failed: ${r.stderr}`);
  const files = new Map<string, string>();
  for (const line of host.readFile(`${out}/MANIFEST`).split('\n')) {
    const target = line.split(' ')[0];
    if (target?.startsWith('/')) files.set(target, host.readFile(path.join(out, target)));
  }
  return files;
}

/**
 * The end state of a finished install (test 1; the kill and fault tests end in the same state): packages,
 * units, registered services and properties, NODES, every rendered file in place, the bridge holding the
 * address, the credentials 0600, every journal entry done. The NIC's file keeps the card's HWADDR when the
 * install ran with this host's facts (`install`); a script written for a host (`script`, a kickstart's first
 * boot) does not know them, and the file goes without HWADDR rather than with the wrong one.
 */
export async function assertInstalled(
  host: SimHost,
  { keptHwaddr = true }: { keptHwaddr?: boolean } = {},
): Promise<void> {
  const state = readState(host.root);
  const release = answersRelease(host);
  const five = release === 'eucalyptus-5';
  for (const pkg of [
    'eucalyptus-cloud',
    'eucalyptus-walrus',
    'eucalyptus-cc',
    'eucalyptus-sc',
    'eucalyptus-nc',
    'eucanetd',
    'eucaconsole',
    'eucalyptus-service-image',
    ...(five ? ['qemu-kvm-ev'] : []),
  ])
    assert.ok(state.packages?.includes(pkg), `package ${pkg}`);
  assert.equal(state.packageVersions?.eucalyptus?.version, SERVED_VERSION[release]);
  // 5's cluster controller runs inside eucalyptus-cloud: no unit of its own, and nothing ever named its link.
  if (five) {
    assert.equal(state.units?.['eucalyptus-cluster.service'], undefined);
    assert.deepEqual(
      state.calls.filter(
        (c) => c.tool === 'systemctl' && c.argv.some((a) => /eucalyptus-(cluster|cc)\b/.test(a)),
      ),
      [],
    );
  }
  for (const unit of [
    'eucalyptus-cloud',
    ...(five ? [] : ['eucalyptus-cluster']),
    'eucalyptus-node',
    'eucanetd',
    'tgtd',
    'libvirtd',
    'eucaconsole',
  ])
    assert.deepEqual(
      {
        enabled: state.units?.[`${unit}.service`]?.enabled,
        active: state.units?.[`${unit}.service`]?.active,
      },
      { enabled: true, active: true },
      unit,
    );
  assert.equal(state.units?.['firewalld.service']?.active, false);
  assert.equal(state.cloudDns, 'bound', "the cloud's DNS got port 53: libvirt's dnsmasq was gone first");
  assert.deepEqual(state.services.map((s) => s.type).sort(), [
    'cluster',
    'storage',
    'user-api',
    'walrusbackend',
  ]);
  assert.equal(state.properties['objectstorage.providerclient'], 'walrus');
  assert.equal(state.properties['zone-1.storage.blockstoragemanager'], 'overlay');
  assert.equal(state.properties['system.dns.dnsdomain'], 'cloud.example.lan');
  assert.deepEqual(state.nodes, ['192.168.56.10']);

  const files = await renderedFiles(host);
  const networkConfiguration = state.properties['cloud.network.network_configuration'] ?? '';
  if (five) {
    assert.equal(
      networkConfiguration,
      files.get('/etc/eucalyptus/network.yaml')?.trim(),
      'the cloud runs the rendered network.yaml, as uploaded',
    );
    assert.equal(state.properties['region.region_name'], 'cloud-1');
  } else
    assert.deepEqual(
      JSON.parse(networkConfiguration),
      JSON.parse(files.get('/etc/eucalyptus/network.json') ?? ''),
      'the cloud runs the rendered network.json',
    );
  for (const [file, content] of files) {
    // The NIC's file keeps the card's HWADDR, which only the host knows (render runs without host facts).
    const actual = host.readFile(file);
    if (file.endsWith('/ifcfg-eth0') && keptHwaddr) {
      assert.match(actual, new RegExp(`^HWADDR="?${host.mac}"?$`, 'm'));
      assert.equal(actual.replace(/^HWADDR=.*\n/m, ''), content, file);
    } else assert.equal(actual, content, file);
  }
  const br0 = (await host.run(['ip', '-4', '-o', 'addr', 'show', 'br0'])).stdout;
  assert.match(br0, /inet 192\.168\.56\.10\/24/);
  assert.match((await host.run(['ip', '-o', 'link', 'show', 'eth0'])).stdout, /master br0/);
  assert.equal((await host.run(['stat', '-c', '%a', '/root/.euca/admin-password'])).stdout.trim(), '600');
  assert.equal((await host.run(['stat', '-c', '%a', '/root/.euca/cloud-in-a-box.ini'])).stdout.trim(), '600');
  assert.equal(host.readFile('/root/.euca/admin-password').trim(), ADMIN_PASSWORD);
  assert.ok([...journal(host).values()].every((e) => e.status === 'done'));
}

/**
 * Each journal entry's status by task id, read straight from the host's tree (fast enough to poll while a
 * run goes on); an entry being replaced as we read is left for the next poll.
 */
export function journalStatus(host: SimHost): Map<string, string> {
  const dir = host.at('/var/lib/cloud-in-a-box/journal');
  const out = new Map<string, string>();
  if (!existsSync(dir)) return out;
  for (const name of readdirSync(dir)) {
    if (name.startsWith('.')) continue;
    try {
      const status = /^status=(.*)$/m.exec(readFileSync(path.join(dir, name), 'utf8'))?.[1];
      if (status !== undefined) out.set(name, status);
    } catch {
      // replaced while we read it: the next poll sees it
    }
  }
  return out;
}

const END_STATE_WATCHED = ['/etc', '/root', '/var/lib', '/usr/lib/systemd', '/srv'];

/**
 * The host's files after an install, for comparing two hosts. Left out, because they differ by design:
 * the journal's times, the status lines only the script writes (/etc/issue, /etc/motd, checked on their
 * own), the record of the last detached task (rewritten by every run, as a log is), files the test put
 * there itself (`ours`), and the emulation's own records. Compared by presence only: what each cloud
 * generates for itself (its keys and certificates, the admin's access keys). HWADDR lines are dropped:
 * each simulated host has its own MAC address.
 */
function endState(host: SimHost, ours: readonly string[]): Map<string, string> {
  const files = host.snapshot(END_STATE_WATCHED);
  for (const file of [...files.keys()]) {
    if (
      file.startsWith('/var/lib/simhost/') ||
      file.startsWith('/var/lib/cloud-in-a-box/journal/') ||
      file.startsWith('/var/lib/cloud-in-a-box/detached/') ||
      /^(\/var\/lib\/cloud-in-a-box\/backup)?\/etc\/(issue|motd)$/.test(file) ||
      ours.includes(file)
    )
      files.delete(file);
    // secret.key: each host's own random key for the journal's digest of secret files
    else if (
      /^\/var\/lib\/eucalyptus\/(keys|db\/data)\/|^\/root\/\.euca\/cloud-in-a-box\.ini$|^\/var\/lib\/cloud-in-a-box\/secret\.key$/.test(
        file,
      )
    )
      files.set(file, 'generated by this cloud');
    else if (file.includes('/etc/sysconfig/network-scripts/ifcfg-'))
      files.set(file, host.readFile(file).replace(/^HWADDR=.*\n/m, ''));
  }
  return files;
}

/** The emulated cloud's state, without what each run makes up for itself (process ids, times, image ids). */
function cloudState(host: SimHost): unknown {
  const state = readState(host.root);
  return {
    packages: state.packages?.slice().sort(),
    units: Object.fromEntries(
      Object.entries(state.units ?? {}).map(([name, u]) => [name, { enabled: u.enabled, active: u.active }]),
    ),
    initialized: state.initialized,
    services: state.services.map((s) => `${s.type}/${s.name}/${s.zone ?? ''}/${s.host}`).sort(),
    properties: Object.fromEntries(
      Object.entries(state.properties).map(([key, value]) => [
        key,
        value.replace(/^emi-[0-9a-f]{8}$/, 'emi-*'),
      ]),
    ),
    images: state.images.length,
    loginProfiles: state.loginProfiles,
    nodes: state.nodes,
    selinux: state.selinux,
    modules: state.modules.slice().sort(),
    sysctl: state.sysctl,
  };
}

const journalStatuses = (host: SimHost): string[] =>
  [...journal(host).values()].map((e) => `${e.id}=${e.status}`).sort();

/**
 * Two installs came to the same end: the same files with the same contents (endState), the same
 * packages, units, services and properties, the same journal. `ours`: files a test put on either host.
 */
export function assertSameEndState(actual: SimHost, expected: SimHost, ours: readonly string[] = []): void {
  const a = endState(actual, ours);
  const b = endState(expected, ours);
  const differ = [...new Set([...a.keys(), ...b.keys()])].filter((p) => a.get(p) !== b.get(p));
  assert.deepEqual(differ, [], 'the same files with the same contents');
  assert.deepEqual(
    cloudState(actual),
    cloudState(expected),
    'the same packages, units, services, properties',
  );
  assert.deepEqual(journalStatuses(actual), journalStatuses(expected), 'the same journal');
}
