// The simulated rpm database and the package catalogue of the fake yum: CentOS 7.9 base, EPEL and the
// Eucalyptus 4.4 / euca2ools 3.4 repositories. Names, Provides and Requires follow docs/EUCALYPTUS-4.4.md §1.2
// (SPEC maint-4.4) and src/core/release/eucalyptus-4.4.ts.
import fs from 'node:fs';
import { config, fileExists, hostPath, loadState, readHostFile, saveState } from './common.js';

const EL7 = { version: '', release: '', arch: 'x86_64' };
const pkg = (repo, version, release, more = {}) => ({ ...EL7, repo, version, release, ...more });
// The Eucalyptus packages' version: the last 4.4 release, 4.4.6, unless config.json's eucalyptusVersion
// names another (a test of the install's minimum version, or a host whose repository serves Eucalyptus 5:
// the catalogue then has 5's packages, see EUCALYPTUS_5 below).
const EUCALYPTUS_VERSION = config().eucalyptusVersion ?? '4.4.6';
const SERVES_5 = EUCALYPTUS_VERSION.split('.')[0] === '5';
const euca = (more = {}) =>
  pkg('eucalyptus', EUCALYPTUS_VERSION, SERVES_5 ? '1.as.el7' : '0.0.22283.44.el7', more);

/**
 * The stock `[region localhost]` of euca2ools 3.4 (eucalyptus/euca2ools maint-3.4 conf/conf.d/localhost.ini,
 * installed as /etc/euca2ools/conf.d/localhost.ini) and of the 4.4 admin tools (eucalyptus/eucalyptus
 * maint-4.4 admin-tools/conf/conf.d/localhost.ini, which names the bootstrap service empyrean-url and has no
 * cloudformation-url): every service on 127.0.0.1:8773, no user.
 */
const EUCA2OOLS_LOCALHOST = [
  ['autoscaling', 'AutoScaling'],
  ['cloudformation', 'CloudFormation'],
  ['ec2', 'compute'],
  ['elasticloadbalancing', 'LoadBalancing'],
  ['iam', 'Euare'],
  ['monitoring', 'CloudWatch'],
  ['s3', 'objectstorage'],
  ['sts', 'Tokens'],
  ['bootstrap', 'Empyrean'],
  ['properties', 'Properties'],
  ['reporting', 'Reporting'],
];
const ADMIN_TOOLS_LOCALHOST = EUCA2OOLS_LOCALHOST.filter(([s]) => s !== 'cloudformation').map(([s, p]) =>
  s === 'bootstrap' ? ['empyrean', p] : [s, p],
);

function localhostRegion(services) {
  const urls = services.map(([service, p]) => `${service}-url = http://127.0.0.1:8773/services/${p}/`);
  return `[region localhost]\n${urls.join('\n')}\n\ncertificate = /var/lib/eucalyptus/keys/cloud-cert.pem\n`;
}

/** The packages a CentOS 7.9 minimal install has (the seed of the rpm database). */
export const BASE_INSTALLED = {
  basesystem: pkg('base', '10.0', '7.el7.centos', { arch: 'noarch' }),
  bash: pkg('base', '4.2.46', '34.el7'),
  'centos-release': pkg('base', '7', '9.2009.0.el7.centos'),
  chrony: pkg('base', '3.4', '1.el7', { units: ['chronyd.service'] }),
  coreutils: pkg('base', '8.22', '24.el7'),
  cronie: pkg('base', '1.4.11', '23.el7', { units: ['crond.service'] }),
  firewalld: pkg('base', '0.6.3', '11.el7', { arch: 'noarch', units: ['firewalld.service'] }),
  initscripts: pkg('base', '9.49.53', '1.el7', { units: ['network.service'] }),
  iproute: pkg('base', '4.11.0', '30.el7'),
  iputils: pkg('base', '20160308', '10.el7'),
  kernel: pkg('base', '3.10.0', '1160.el7'),
  'libselinux-utils': pkg('base', '2.5', '15.el7'),
  NetworkManager: pkg('base', '1.18.8', '1.el7', { units: ['NetworkManager.service'] }),
  'openssh-server': pkg('base', '7.4p1', '21.el7', { units: ['sshd.service'] }),
  policycoreutils: pkg('base', '2.5', '34.el7'),
  rpm: pkg('base', '4.11.3', '45.el7'),
  'selinux-policy-targeted': pkg('base', '3.13.1', '266.el7', { arch: 'noarch' }),
  systemd: pkg('base', '219', '78.el7'),
  yum: pkg('base', '3.4.3', '168.el7.centos', { arch: 'noarch' }),
};

/** Everything the fake yum can install, by repository id. */
export const CATALOGUE = {
  ...BASE_INSTALLED,
  'bridge-utils': pkg('base', '1.5', '9.el7'),
  dhcp: pkg('base', '4.2.5', '82.el7.centos', { provides: ['dhcpd'] }),
  'iscsi-initiator-utils': pkg('base', '6.2.0.874', '22.el7_9'),
  'java-1.8.0-openjdk': pkg('base', '1.8.0.412.b08', '1.el7_9', {
    requires: ['java-1.8.0-openjdk-headless'],
  }),
  'java-1.8.0-openjdk-headless': pkg('base', '1.8.0.412.b08', '1.el7_9'),
  libvirt: pkg('base', '4.5.0', '36.el7_9.5', { requires: ['libvirt-daemon'] }),
  'libvirt-daemon': pkg('base', '4.5.0', '36.el7_9.5', { units: ['libvirtd.service'], libvirt: true }),
  nginx: pkg('epel', '1.20.1', '10.el7', { units: ['nginx.service'] }),
  ntp: pkg('base', '4.2.6p5', '29.el7.centos.2', { units: ['ntpd.service'] }),
  'postgresql-server': pkg('base', '9.2.24', '9.el7_9', { units: ['postgresql.service'] }),
  'qemu-kvm': pkg('base', '1.5.3', '175.el7_9.6'),
  'scsi-target-utils': pkg('epel', '1.0.55', '4.el7', { units: ['tgtd.service'] }),
  unzip: pkg('base', '6.0', '24.el7_9'),
  'epel-release': pkg('base', '7', '14', { arch: 'noarch' }),
  'python-requestbuilder': pkg('euca2ools', '0.7.1', '1.el7', { arch: 'noarch' }),
  euca2ools: pkg('euca2ools', '3.4.1', '1.el7', {
    arch: 'noarch',
    requires: ['python-requestbuilder'],
    configFiles: () => ({
      '/etc/euca2ools/euca2ools.ini': '; Main euca2ools configuration file\n',
      '/etc/euca2ools/conf.d/localhost.ini': localhostRegion(EUCA2OOLS_LOCALHOST),
    }),
  }),
  'eucalyptus-release': pkg('eucalyptus', '4.4', '2.8.as.el7', { arch: 'noarch' }),
  'euca2ools-release': pkg('euca2ools', '3.4', '2.el7', { arch: 'noarch' }),
  eucalyptus: euca({ requires: ['eucalyptus-selinux'], eucalyptusBase: true }),
  'eucalyptus-selinux': euca({ arch: 'noarch', version: '0.2.4', release: '1.el7' }),
  'eucalyptus-admin-tools': euca({
    arch: 'noarch',
    requires: ['euca2ools', 'python-requestbuilder'],
    configFiles: () => ({
      '/etc/eucalyptus-admin/eucalyptus-admin.ini': '; Main eucalyptus-admin configuration file\n',
      '/etc/eucalyptus-admin/conf.d/localhost.ini': localhostRegion(ADMIN_TOOLS_LOCALHOST),
    }),
  }),
  'eucalyptus-axis2c-common': euca({ requires: ['eucalyptus'] }),
  'eucalyptus-blockdev-utils': euca({ requires: ['eucalyptus'] }),
  'eucalyptus-common-java': euca({ requires: ['eucalyptus', 'eucalyptus-common-java-libs'] }),
  'eucalyptus-common-java-libs': euca({ requires: ['java-1.8.0-openjdk-headless'] }),
  'eucalyptus-cloud': euca({
    requires: [
      'eucalyptus-common-java',
      'eucalyptus-admin-tools',
      'euca2ools',
      'eucanetd',
      'postgresql-server',
      'java-1.8.0-openjdk',
    ],
    units: ['eucalyptus-cloud.service'],
  }),
  'eucalyptus-walrus': euca({ requires: ['eucalyptus-common-java'] }),
  'eucalyptus-cc': euca({
    provides: ['eucalyptus-cluster'],
    requires: ['eucalyptus', 'eucalyptus-axis2c-common', 'dhcp'],
    units: ['eucalyptus-cluster.service'],
  }),
  'eucalyptus-sc': euca({
    provides: ['eucalyptus-storage'],
    requires: [
      'eucalyptus-common-java',
      'eucalyptus-blockdev-utils',
      'scsi-target-utils',
      'iscsi-initiator-utils',
    ],
  }),
  'eucalyptus-nc': euca({
    provides: ['eucalyptus-node'],
    requires: [
      'eucalyptus',
      'eucalyptus-axis2c-common',
      'eucalyptus-blockdev-utils',
      'libvirt',
      'qemu-kvm',
      'eucanetd',
    ],
    units: ['eucalyptus-node.service'],
  }),
  eucanetd: euca({ requires: ['eucalyptus', 'dhcp'], units: ['eucanetd.service'] }),
  'eucalyptus-service-image': euca({
    arch: 'noarch',
    version: '2.2',
    release: '1.el7',
    requires: ['eucalyptus-admin-tools'],
  }),
  // WebOb: CentOS's 1.2.3 in site-packages, EPEL's 1.4.1 as an egg (the egg AppScale/ats-deploy puts on
  // eucanetd's PYTHONPATH, roles/cloud/files/eucanetd-vpcmidotz.conf).
  'python-webob': pkg('base', '1.2.3', '7.el7', { arch: 'noarch' }),
  'python-webob1.4': pkg('epel', '1.4.1', '2.el7', { arch: 'noarch' }),
  // The 4.4.4+ console's dependencies bring in both WebObs (Corymbia/eucalyptus#124, on a CentOS 7.5 minimal
  // host); the fake names them directly.
  eucaconsole: pkg('eucalyptus', '4.4.3', '0.0.1.el7', {
    arch: 'noarch',
    requires: ['nginx', 'python-requestbuilder', 'python-webob', 'python-webob1.4'],
    units: ['eucaconsole.service'],
    console: true,
  }),
};

/**
 * What Eucalyptus 5's repository serves differently (Corymbia/eucalyptus maint-5 rpm/eucalyptus.spec and
 * systemd/Makefile): the cluster controller is Java and has no unit of its own (eucalyptus-cc Provides
 * eucalyptus-cluster; eucalyptus-cluster.service and eucalyptus-cc.service are links to eucalyptus-cloud.service,
 * see UNIT_LINKS_5 in ./units.js), Java 11, and the node controller takes qemu-kvm-ev from the CentOS
 * virtualisation SIG (the 5 guide's installing_euca_release).
 */
const EUCALYPTUS_5 = {
  'java-11-openjdk-headless': pkg('base', '11.0.23.0.9', '2.el7_9'),
  'qemu-kvm-ev': pkg('virt', '2.12.0', '44.1.el7_8.1', { provides: ['qemu-kvm'] }),
  'eucalyptus-release': pkg('eucalyptus', '5', '1.11.as.el7', { arch: 'noarch' }),
  'eucalyptus-common-java-libs': euca({ requires: ['java-11-openjdk-headless'] }),
  'eucalyptus-cloud': euca({
    requires: [
      'eucalyptus-common-java',
      'eucalyptus-admin-tools',
      'euca2ools',
      'eucanetd',
      'postgresql-server',
      'java-11-openjdk-headless',
    ],
    units: ['eucalyptus-cloud.service'],
  }),
  'eucalyptus-cc': euca({ provides: ['eucalyptus-cluster'], requires: ['eucalyptus-common-java'] }),
  'eucalyptus-nc': euca({
    provides: ['eucalyptus-node'],
    requires: [
      'eucalyptus',
      'eucalyptus-axis2c-common',
      'eucalyptus-blockdev-utils',
      'libvirt',
      'qemu-kvm-ev',
      'eucanetd',
    ],
    units: ['eucalyptus-node.service'],
  }),
};
if (SERVES_5) Object.assign(CATALOGUE, EUCALYPTUS_5);

/** The major version of the installed Eucalyptus ('4', '5'), undefined when none is: what the host runs. */
export function installedEucalyptusMajor() {
  return installedDb().eucalyptus?.version.split('.')[0];
}

// yum's repo ids that carry each catalogue repository.
const REPO_IDS = {
  virt: ['centos-qemu-ev'],
  base: ['base', 'updates', 'extras'],
  epel: ['epel'],
  eucalyptus: ['eucalyptus'],
  euca2ools: ['euca2ools'],
};

export function installedDb() {
  return loadState('packages.json', () =>
    Object.fromEntries(
      Object.entries(BASE_INSTALLED).map(([name, p]) => [
        name,
        { version: p.version, release: p.release, arch: p.arch },
      ]),
    ),
  );
}

export function saveDb(db) {
  saveState('packages.json', db);
}

export function nevra(name, p) {
  return `${name}-${p.version}-${p.release}.${p.arch}`;
}

/** The installed package that is or provides `what` (rpm -q --whatprovides). */
export function installedProvider(db, what) {
  if (db[what]) return what;
  return Object.keys(db).find((n) => (CATALOGUE[n]?.provides ?? []).includes(what));
}

/** The catalogue package that is or provides `what`. */
export function catalogueProvider(what) {
  if (CATALOGUE[what]) return what;
  return Object.keys(CATALOGUE).find((n) => (CATALOGUE[n].provides ?? []).includes(what));
}

/**
 * The repositories of /etc/yum.repos.d/*.repo: `{id, file, enabled, gpgcheck, gpgkeys}` per [id] section.
 * Values run to the end of the line; an indented line continues the previous value (Python's
 * ConfigParser, which yum 3.4.3 reads them with); gpgkey is a list split on blanks (yum's parser.varReplace
 * and config.UrlListOption). A section without gpgcheck takes [main]'s from /etc/yum.conf (CentOS 7 ships
 * gpgcheck=1 there; yum's own default is off: yum/config.py).
 */
export function repoSections() {
  const dir = hostPath('/etc/yum.repos.d');
  const sections = [];
  let files = [];
  try {
    files = fs.readdirSync(dir).filter((f) => f.endsWith('.repo'));
  } catch {
    return sections;
  }
  for (const f of files.sort()) {
    let current;
    let last;
    for (const raw of fs.readFileSync(`${dir}/${f}`, 'utf8').split('\n')) {
      if (/^\s*([#;].*)?$/.test(raw)) continue;
      const header = /^\[([^\]]+)\]\s*$/.exec(raw);
      if (header) {
        current = { id: header[1], file: `/etc/yum.repos.d/${f}`, values: {} };
        sections.push(current);
        last = undefined;
        continue;
      }
      if (current === undefined) continue;
      if (/^\s/.test(raw) && last !== undefined) {
        current.values[last] += ` ${raw.trim()}`;
        continue;
      }
      const pair = /^([^=\s]+)\s*=\s*(.*)$/.exec(raw);
      if (pair) {
        last = pair[1];
        current.values[last] = pair[2].trim();
      }
    }
  }
  const off = (v) => ['0', 'false', 'no'].includes((v ?? '').toLowerCase());
  const mainGpgcheck = fileExists('/etc/yum.conf')
    ? /^\s*gpgcheck\s*=\s*(\S+)/m.exec(readHostFile('/etc/yum.conf'))?.[1]
    : undefined;
  return sections.map(({ id, file, values }) => ({
    id,
    file,
    enabled: !off(values.enabled),
    gpgcheck: !off(values.gpgcheck ?? mainGpgcheck ?? '0'),
    gpgkeys: (values.gpgkey ?? '').split(/\s+/).filter((k) => k !== ''),
  }));
}

/** Enabled repository ids from /etc/yum.repos.d/*.repo ([id] sections whose enabled is not 0). */
export function enabledRepos() {
  return repoSections()
    .filter((r) => r.enabled)
    .map((r) => r.id);
}

/**
 * Why yum with gpgcheck could not check a package from the repository `id`, or undefined when it can:
 * yum fetches each gpgkey URL of the repository when a package's key is not yet imported and stops at the
 * first it cannot read ("GPG key retrieval failed", YumBase._retrievePublicKey in yum 3.4.3 yum/__init__.py).
 * The simulated host has no network: a key that is not a readable local file (file://) cannot be fetched.
 */
export function keyProblem(id) {
  const repo = repoSections().find((r) => r.id === id);
  if (repo === undefined || !repo.gpgcheck) return undefined;
  if (repo.gpgkeys.length === 0) return `Public key for the packages of ${id} is not installed`;
  for (const url of repo.gpgkeys) {
    if (!url.startsWith('file://'))
      return `GPG key retrieval failed: [Errno 14] curl#6 - "Could not resolve host" (${url}: the simulated host has no network)`;
    const file = url.slice('file://'.length);
    let text = '';
    try {
      text = readHostFile(file);
    } catch {
      return `GPG key retrieval failed: [Errno 14] curl#37 - "Couldn't open file ${file}"`;
    }
    if (!text.includes('-----BEGIN PGP PUBLIC KEY BLOCK-----'))
      return `GPG key parsing failed: ${file} holds no public key`;
  }
  return undefined;
}

/** The enabled repository id that offers a catalogue package. */
export function offeringRepo(repo, enabled) {
  return (REPO_IDS[repo] ?? [repo]).find((id) => enabled.includes(id));
}

export function repoEnabled(repo, enabled) {
  return (REPO_IDS[repo] ?? [repo]).some((id) => enabled.includes(id));
}
