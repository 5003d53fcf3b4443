/**
 * buildPlan: the ordered install of a single-host Eucalyptus cloud, as data. Pure: the same answers,
 * release and facts give the same plan. Steps, commands and readiness checks follow
 * docs/EUCALYPTUS-4.4.md §1.5 (with §1.1 for host preparation, §1.8 for pitfalls), each step with its primary source.
 */
import yaml from 'js-yaml';
import type { Answers } from '../answers/schema.js';
import { hostRootPassword } from '../kickstart/root-password.js';
import { parseCidr } from '../net.js';
import type { ReleaseProfile } from '../release/index.js';
import type { RenderedFile } from '../render/index.js';
import { derive } from '../render/derive.js';
import { ANSWERS_FILE, ROLE_FILE, locations } from '../locations.js';
import type { Role } from '../role.js';
import { roleFileText } from '../role.js';
import { renderFiles } from '../render/index.js';
import { filesAreInPlace, planFile, putFiles, restoreFiles } from './files.js';
import { lines, raw, sh } from './sh.js';
import type { Phase, PhaseId, Plan, PlanFile, Task } from './types.js';
import { PLAN_FORMAT_VERSION } from './types.js';

/** The installed package names, one a line, sorted: what `comm` compares before and after the install. */
const INSTALLED_NAMES = "rpm -qa --qf '%{NAME}\\n' | sort -u";

/** What the plan needs from the host, beyond the answers. */
export interface PlanFacts {
  /** HWADDR of the NIC's current ifcfg file, kept in the new one */
  nicHwaddr?: string;
}

export const phases: readonly Phase[] = [
  { id: 'host', title: 'Prepare the host' },
  { id: 'repositories', title: 'Configure the package repositories' },
  { id: 'packages', title: 'Install the packages' },
  { id: 'bridge', title: 'Bridge the network interface' },
  { id: 'configuration', title: 'Configure Eucalyptus' },
  { id: 'start', title: 'Initialise and start the cloud controller' },
  { id: 'register', title: 'Register and start the services' },
  { id: 'cloud', title: 'Configure the cloud' },
  { id: 'credentials', title: 'Create the admin credentials' },
  { id: 'serviceImage', title: 'Install the service image' },
  { id: 'console', title: 'Start the management console' },
  { id: 'summary', title: 'Summary' },
];

const cloudSide: readonly Role[] = ['ciab', 'frontend'];
const nodeSide: readonly Role[] = ['ciab', 'nc'];

type TaskSpec = Omit<Task, 'phase' | 'files' | 'rerunAfter' | 'inputs'> &
  Partial<Pick<Task, 'files' | 'rerunAfter' | 'inputs'>> & {
    /** the roles whose plans include the task; all when absent */
    roles?: readonly Role[];
  };

/**
 * The answers as the host keeps them (ANSWERS_FILE, embedded in the install scripts): no admin password on
 * a node controller, which never uses it; the root password only as a hash (hostRootPassword).
 */
function keptAnswers(answers: Answers, role: Role): Answers {
  return {
    ...answers,
    admin: cloudSide.includes(role) ? answers.admin : { ...answers.admin, password: null },
    kickstart: { ...answers.kickstart, rootPassword: hostRootPassword(answers) },
  };
}

export function buildPlan(
  answers: Answers,
  release: ReleaseProfile,
  facts: PlanFacts,
  role: Role = 'ciab',
): Plan {
  const rendered = renderFiles(answers, release, {
    ...(facts.nicHwaddr === undefined ? {} : { nicHwaddr: facts.nicHwaddr }),
    ...(answers.admin.password === null ? {} : { adminPassword: answers.admin.password }),
    ...(cloudSide.includes(role) && !nodeSide.includes(role) ? { localNodeController: false } : {}),
  });
  const files = (predicate: (file: RenderedFile) => boolean): PlanFile[] =>
    rendered.filter(predicate).map(planFile);
  const tasks: Task[] = [];
  const claimed = new Set<string>();
  const add = (phase: PhaseId, { roles: only, ...spec }: TaskSpec): void => {
    for (const file of spec.files ?? []) claimed.add(file.path);
    if (only === undefined || only.includes(role))
      tasks.push({ phase, files: [], rerunAfter: [], inputs: [], ...spec });
  };
  const context = planContext(answers, release, role);
  const { ip, zone, units, ports, waits, paths } = context;
  const creds = 'ciab_system_credentials';
  const poll = waits.poll;

  // --- host preparation (docs/EUCALYPTUS-4.4.md §1.1) ---
  // The answers travel with the host, so that `install` resumes and `uninstall` undoes the same plan.
  const answersFile = planFile({
    path: ANSWERS_FILE,
    content: yaml.dump(keptAnswers(answers, role), { lineWidth: -1 }),
    mode: 0o600,
    owner: 'root:root',
    secret: true,
  });
  // So does its role: install, uninstall and plan on the host build this role's plan (src/core/role.ts).
  const roleFile = planFile({
    path: ROLE_FILE,
    content: roleFileText(role),
    mode: 0o644,
    owner: 'root:root',
    secret: false,
  });
  add('host', {
    id: 'host.answers',
    title: `keep the answers in ${ANSWERS_FILE} (0600) and the role (${role}) in ${ROLE_FILE}`,
    files: [answersFile, roleFile],
    check: filesAreInPlace([answersFile, roleFile]),
    apply: putFiles([answersFile, roleFile]),
  });
  add('host', {
    id: 'host.hostname',
    title: `set the host name to ${answers.host.hostname}`,
    inputs: ['host.hostname'],
    check: sh`[ "$(cat /etc/hostname 2>/dev/null)" = ${answers.host.hostname} ]`,
    apply: lines('ciab_backup /etc/hostname', sh`hostnamectl set-hostname ${answers.host.hostname}`),
    undo: lines('ciab_restore /etc/hostname', 'hostnamectl set-hostname "$(cat /etc/hostname)"'),
  });
  const hostsFile = files((f) => f.path === '/etc/hosts');
  add('host', {
    id: 'host.hosts',
    title: `make ${answers.host.hostname} resolve to ${ip}`,
    inputs: ['host.hostname', 'network.address'],
    files: hostsFile,
    check: filesAreInPlace(hostsFile),
    apply: putFiles(hostsFile),
    undo: restoreFiles(hostsFile),
  });
  // D44 rhel7_disable_firewalld: "Before you restart the CLC, you must disable the firewalld service".
  add('host', {
    id: 'host.firewalld',
    title: 'stop and disable firewalld, as Eucalyptus 4.4 requires',
    check: sh`ciab_unit_off ${units.firewall}`,
    apply: lines(
      sh`ciab_remember firewalld-enabled "$(systemctl is-enabled ${units.firewall} 2>/dev/null || true)"`,
      sh`systemctl stop ${units.firewall}`,
      sh`systemctl disable ${units.firewall}`,
    ),
    undo: sh`if [ "$(ciab_remembered firewalld-enabled)" = enabled ]; then systemctl enable ${units.firewall} && systemctl start ${units.firewall}; fi`,
  });

  // The mode the answers ask for, now and after every boot. FastStart did the same for permissive
  // (`setenforce permissive` and SELINUX= in /etc/selinux/config; eucalyptus-cookbook
  // faststart/cloud-in-a-box.sh). A host with SELinux disabled stays so: turning it on takes a relabel and a
  // reboot, which an install does not do behind the user's back.
  const selinux = selinuxModes(answers.host.selinux);
  add('host', {
    id: 'host.selinux',
    title: `make SELinux ${answers.host.selinux}`,
    inputs: ['host.selinux'],
    check: lines(
      'mode=$(getenforce) || ciab_cannot_tell "getenforce does not say the SELinux mode"',
      sh`[ "$mode" != ${selinux.other.running} ] &&`,
      sh`! grep -qx ${`SELINUX=${selinux.other.config}`} ${SELINUX_CONFIG}`,
    ),
    apply: lines(
      'ciab_remember selinux-mode "$(getenforce 2>/dev/null || echo Disabled)"',
      sh`ciab_backup ${SELINUX_CONFIG}`,
      sh`sed -i ${`s/^SELINUX=${selinux.other.config}$/SELINUX=${selinux.wanted.config}/`} ${SELINUX_CONFIG}`,
      sh`if [ "$(getenforce 2>/dev/null || echo Disabled)" = ${selinux.other.running} ]; then setenforce ${selinux.wanted.running}; fi`,
    ),
    undo: lines(
      sh`ciab_restore ${SELINUX_CONFIG}`,
      'previous=$(ciab_remembered selinux-mode)',
      'case "$previous" in Enforcing | Permissive) setenforce "$previous" ;; esac',
    ),
  });

  // --- repositories and packages (docs/EUCALYPTUS-4.4.md §1.2) ---
  // The signing keys go in with the repository files that name them (gpgkey=file://...).
  const keyPaths = new Set(release.signingKeys.map((key) => key.path));
  const repoFiles = files((f) => keyPaths.has(f.path) || f.path.startsWith('/etc/yum.repos.d/'));
  add('repositories', {
    id: 'repositories.files',
    title: 'write the signing keys and the CentOS vault, EPEL, Eucalyptus and euca2ools repository files',
    inputs: ['repositories'],
    files: repoFiles,
    check: filesAreInPlace(repoFiles),
    apply: putFiles(repoFiles),
    undo: restoreFiles(repoFiles),
    failureHint: 'a repository is unreachable: check answers.repositories, or install from the offline ISO',
  });
  const packages = context.packages;
  // yum uses only the repositories the install wrote: any other enabled .repo on the host (a dead mirror
  // list since CentOS 7's end of life) would fail every yum call. yum(8): --disablerepo, --enablerepo.
  const ourRepositories = [
    '--disablerepo=*',
    `--enablerepo=${
      answers.repositories.offline === undefined
        ? Object.values(release.repositories)
            .map((r) => r.id)
            .join(',')
        : locations.offlineRepoId
    }`,
  ];
  add('packages', {
    id: 'packages.install',
    title: `install ${packages.length} packages (Eucalyptus ${release.eucalyptusVersion} and its tools)`,
    inputs: ['cloud.extraServices', 'cloud.console'],
    waitSeconds: 3600,
    // rpm -q --whatprovides: the guide's names (eucalyptus-cluster, eucalyptus-node) are Provides.
    // What the install added is every package that was not there before it, dependencies included
    // (eucanetd, java, libvirt ...), so that uninstall removes exactly those and nothing the host had.
    check: lines(
      sh`rpm -q --whatprovides ${packages} >/dev/null 2>&1 &&`,
      '  ciab_is_remembered added-packages',
    ),
    apply: lines(
      `ciab_remember packages-before "$(${INSTALLED_NAMES})"`,
      sh`yum -y ${ourRepositories} install ${packages}`,
      `ciab_remember added-packages "$(comm -13 <(ciab_remembered packages-before) <(${INSTALLED_NAMES}) | tr '\\n' ' ')"`,
    ),
    undo: lines(
      'added=$(ciab_remembered added-packages)',
      // (in the snippet, where shellcheck reads it: a TypeScript comment never reached the script)
      '# word splitting of the remembered list is intended: it holds package names rpm printed',
      '# shellcheck disable=SC2086',
      'if [ -n "${added// /}" ]; then yum -y remove $added; fi',
    ),
    failureHint:
      'yum could not install the packages: check the repositories (answers.repositories) and /var/log/yum.log',
  });

  const minimum = release.minimumVersion;
  add('packages', {
    id: 'packages.version',
    title: `check that ${minimum.package} is ${minimum.version} or later`,
    check: sh`ciab_version_at_least ${minimum.package} ${minimum.version}`,
    apply: lines(
      sh`ciab_version_at_least ${minimum.package} ${minimum.version} ||`,
      sh`  ciab_fail ${minimum.package} "$(ciab_package_version ${minimum.package})" ${`is installed; ${minimum.version} or later is needed: ${minimum.reason}`}`,
    ),
    failureHint: `point repositories.eucalyptus in the answers at a repository with ${minimum.package} ${minimum.version} or later, then run the install again`,
  });
  add('packages', {
    roles: nodeSide,
    id: 'packages.libvirt',
    // libvirt's default network runs a dnsmasq on ports 53 and 67: the cloud's DNS listener cannot bind
    // while it holds 53, nor eucanetd's dhcpd 67. The 4.4 guide removes it right after installing the
    // node controller (documentation maint-4.4 install-guide installing_euca_release.dita), before any
    // Eucalyptus service starts; libvirtd, enabled by its preset, would bring it back at the next boot.
    // grep reads all of virsh's output: with -q, virsh could die of SIGPIPE, which under pipefail and the
    // `!` would pass the check while the network is there.
    title: "start libvirtd and remove libvirt's default network",
    check: sh`systemctl is-active --quiet ${units.libvirtd} && ! virsh net-list --all --name 2>/dev/null | grep -x default >/dev/null`,
    apply: lines(
      sh`systemctl enable ${units.libvirtd}`,
      sh`systemctl start ${units.libvirtd}`,
      'virsh net-destroy default || true',
      'virsh net-autostart default --disable || true',
      'virsh net-undefine default || true',
    ),
  });

  // --- the bridge (docs/EUCALYPTUS-4.4.md §1.1.1): verified, rolled back when the host loses its network ---
  const ifcfg = files((f) => f.path.startsWith('/etc/sysconfig/network-scripts/ifcfg-'));
  const net = answers.network;
  add('bridge', {
    id: 'bridge.network',
    title: `move ${ip} from ${net.interface} to the bridge ${net.bridge}`,
    inputs: ['network'],
    files: ifcfg,
    waitSeconds: waits.networkCheck * 2,
    check: lines(
      filesAreInPlace(ifcfg) + ' &&',
      sh`ip -4 -o addr show dev ${net.bridge} 2>/dev/null | grep -q ${` ${ip}/`}`,
    ),
    apply: lines(
      putFiles(ifcfg),
      'systemctl enable network.service',
      sh`ciab_bridge_up ${waits.networkCheck} ${ip} ${net.bridge} ${net.interface} ${net.gateway} ${net.dns}`,
    ),
    undo: lines(
      restoreFiles(ifcfg),
      sh`ip link set ${net.bridge} down 2>/dev/null || true`,
      sh`ip link delete ${net.bridge} type bridge 2>/dev/null || true`,
      'systemctl restart network || true',
      sh`ciab_wait ${`the original network on ${net.interface}`} ${waits.networkCheck} 2 ciab_network_ok ${ip} ${net.interface} ${net.gateway} ${net.dns}`,
    ),
    failureHint:
      'the host keeps its original network; check the gateway and DNS answers, then run the install again',
  });

  // --- configuration (docs/EUCALYPTUS-4.4.md §1.3, 1.4) ---
  const chrony = files((f) => f.path === '/etc/chrony.conf');
  add('configuration', {
    id: 'configuration.timesync',
    title: `keep the clock in step with ${answers.host.ntpServers.join(', ')}`,
    inputs: ['host.ntpServers'],
    files: chrony,
    check: lines(
      filesAreInPlace(chrony) + ' &&',
      sh`systemctl is-enabled --quiet ${units.timeSync} && systemctl is-active --quiet ${units.timeSync}`,
    ),
    apply: lines(
      putFiles(chrony),
      sh`systemctl enable ${units.timeSync}`,
      sh`systemctl restart ${units.timeSync}`,
    ),
    undo: lines(restoreFiles(chrony), sh`systemctl try-restart ${units.timeSync} || true`),
  });
  const eucaFiles = files((f) => f.path.startsWith('/etc/eucalyptus/'));
  add('configuration', {
    id: 'configuration.eucalyptus',
    title: `write ${eucaFiles.map((f) => f.path).join(' and ')}`,
    inputs: ['network', 'cloud', 'storage'],
    files: eucaFiles,
    check: filesAreInPlace(eucaFiles),
    apply: putFiles(eucaFiles),
    undo: restoreFiles(eucaFiles),
  });
  // D44 configure_selinux_shared: keep SELinux, allow the SC (and the console's proxying to the UFS).
  // Only under enforcing: permissive lets everything through, booleans included.
  const booleans = [
    'eucalyptus_storage_controller',
    ...(answers.cloud.console ? ['httpd_can_network_connect'] : []),
  ];
  if (answers.host.selinux === 'enforcing')
    add('configuration', {
      roles: cloudSide,
      id: 'configuration.selinux',
      title: `set the SELinux booleans ${booleans.join(', ')}`,
      inputs: ['cloud.console'],
      check: lines(
        'mode=$(getenforce) || ciab_cannot_tell "getenforce does not say the SELinux mode"',
        '[ "$mode" = Disabled ] ||',
        `{ ${booleans.map((b) => sh`getsebool ${b} | grep -q ' on$'`).join(' && ')}; }`,
      ),
      apply: sh`setsebool -P ${booleans.map((b) => `${b}=1`)}`,
    });

  // --- initialise and start the CLC (docs/EUCALYPTUS-4.4.md §1.5 steps 2-4) ---
  add('start', {
    roles: cloudSide,
    id: 'start.initialize',
    title: 'initialise the cloud (clcadmin-initialize-cloud, once)',
    waitSeconds: waits.cloudStart,
    check: sh`[ -e ${paths.cloudCert} ]`,
    // It must run with eucalyptus-cloud stopped, and never twice (D44 starting_euca_clc); the cloud is
    // born with the host's clock, so that clock is synchronised first.
    apply: lines(
      sh`ciab_clock_sync ${release.clockSync.tries} ${release.clockSync.maxCorrectionSeconds}`,
      sh`systemctl stop ${units.cloud}`,
      'clcadmin-initialize-cloud',
    ),
    failureHint: `see ${paths.cloudLog}`,
  });
  add('start', {
    roles: cloudSide,
    id: 'start.cloud',
    title: `start eucalyptus-cloud and wait for it on :${ports.cloud}`,
    waitSeconds: waits.cloudStart,
    rerunAfter: ['configuration.eucalyptus'],
    check: lines(
      sh`systemctl is-enabled --quiet ${units.cloud} && systemctl is-active --quiet ${units.cloud} &&`,
      sh`ciab_port_open ${ports.cloud} && ${raw(creds)}`,
    ),
    apply: lines(
      sh`systemctl enable ${units.cloud}`,
      sh`systemctl restart ${units.cloud}`,
      sh`ciab_wait ${`eucalyptus-cloud on :${ports.cloud}`} ${waits.cloudStart} ${poll} ciab_port_open ${ports.cloud}`,
      sh`ciab_wait ${"the cloud's system credentials"} ${waits.cloudStart} ${poll} ${raw(creds)}`,
    ),
    undo: lines(sh`systemctl stop ${units.cloud} || true`, sh`systemctl disable ${units.cloud} || true`),
    failureHint: `eucalyptus-cloud did not come up: see ${paths.cloudLog}`,
  });
  add('start', {
    ...serviceTask('start.tgtd', 'start tgtd for overlay and DAS volumes', units.tgtd),
    roles: cloudSide,
  });

  // --- register services (docs/EUCALYPTUS-4.4.md §1.5 steps 5-12) ---
  const register = (id: string, type: string, name: string, withZone: boolean): void => {
    add('register', {
      id,
      roles: cloudSide,
      title: `register the ${type} service ${name}`,
      check: sh`${raw(creds)} && ciab_service_registered ${name}`,
      // Bounded retries: the CLC refuses some registrations for a while after it opens :8773.
      apply: lines(
        creds,
        sh`ciab_retry ${`registering ${name}`} ${release.registration.tries} ${release.registration.intervalSeconds} ciab_register_service ${name} -t ${type} -h ${ip} ${withZone ? ['-z', zone] : []}`,
      ),
      failureHint: 'see /var/log/eucalyptus/cloud-output.log and euserv-describe-services',
    });
  };
  register('register.ufs', 'user-api', `API_${ip}`, false);
  register('register.walrus', 'walrusbackend', `walrus-${ip}`, false);
  register('register.cluster', 'cluster', `cc-${ip}`, true);
  register('register.storage', 'storage', `sc-${ip}`, true);
  const zoneKeys = ['cluster-cert.pem', 'cluster-pk.pem', 'node-cert.pem', 'node-pk.pem'];
  add('register', {
    roles: cloudSide,
    id: 'register.keys',
    // On one host clcadmin-copy-keys would rsync to itself over root SSH; copying locally is its only
    // real effect (docs/EUCALYPTUS-4.4.md §1.5 step 9, CB KeySync).
    title: `copy the ${zone} cluster and node keys into ${paths.keysDir}`,
    waitSeconds: waits.serviceState,
    check: zoneKeys.map((k) => sh`[ -e ${`${paths.keysDir}/${k}`} ]`).join(' && '),
    apply: lines(
      sh`ciab_wait ${`the ${zone} keys`} ${waits.serviceState} ${poll} test -e ${`${paths.keysDir}/${zone}/node-pk.pem`}`,
      // copied by root from a directory the eucalyptus user writes: see the prelude for why not `install`
      sh`ciab_copy_service_files eucalyptus ${`${paths.keysDir}/${zone}`} ${paths.keysDir} ${zoneKeys}`,
    ),
  });
  add('register', {
    roles: cloudSide,
    ...serviceTask(
      'register.clusterStart',
      `start the cluster controller and wait for it on :${ports.cluster}`,
      units.cluster,
    ),
    rerunAfter: ['configuration.eucalyptus'],
    waitSeconds: waits.serviceState,
    check: sh`systemctl is-enabled --quiet ${units.cluster} && systemctl is-active --quiet ${units.cluster} && ciab_port_open ${ports.cluster}`,
    apply: lines(
      sh`systemctl enable ${units.cluster}`,
      sh`systemctl restart ${units.cluster}`,
      sh`ciab_wait ${`eucalyptus-cluster on :${ports.cluster}`} ${waits.serviceState} ${poll} ciab_port_open ${ports.cluster}`,
    ),
  });
  add('register', {
    roles: nodeSide,
    ...serviceTask(
      'register.nodeStart',
      `start the node controller and eucanetd, wait for :${ports.node}`,
      units.node,
    ),
    rerunAfter: ['configuration.eucalyptus'],
    waitSeconds: waits.serviceState,
    check: lines(
      sh`systemctl is-enabled --quiet ${units.node} && systemctl is-active --quiet ${units.node} &&`,
      sh`systemctl is-enabled --quiet ${units.eucanetd} && systemctl is-active --quiet ${units.eucanetd} && ciab_port_open ${ports.node}`,
    ),
    apply: lines(
      sh`systemctl enable ${units.node} ${units.eucanetd}`,
      sh`systemctl restart ${units.node} ${units.eucanetd}`,
      sh`ciab_wait ${`eucalyptus-node on :${ports.node}`} ${waits.serviceState} ${poll} ciab_port_open ${ports.node}`,
    ),
    undo: lines(
      sh`systemctl stop ${units.node} ${units.eucanetd} || true`,
      sh`systemctl disable ${units.node} ${units.eucanetd} || true`,
    ),
  });
  add('register', {
    roles: ['ciab'],
    id: 'register.node',
    title: `register the node controller ${ip} with the cluster`,
    check: sh`grep -Eq ${`^NODES="?([^"]* )?${ip.replaceAll('.', '\\.')}( |"|$)`} ${paths.conf}`,
    apply: sh`clusteradmin-register-nodes ${ip}`,
  });

  // --- configure the cloud (docs/EUCALYPTUS-4.4.md §1.5 steps 13-17) ---
  const properties: [string, string][] = [
    ['system.dns.dnsdomain', answers.cloud.dnsDomain],
    ['bootstrap.webservices.use_instance_dns', 'true'],
    ['bootstrap.webservices.use_dns_delegation', 'true'],
  ];
  add('cloud', {
    roles: cloudSide,
    id: 'cloud.dns',
    title: `serve DNS for ${answers.cloud.dnsDomain}`,
    inputs: ['cloud.dnsDomain'],
    check: properties.map(([k, v]) => sh`ciab_property_is ${k} ${v}`).join(' && '),
    apply: lines(creds, ...properties.map(([k, v]) => sh`euctl ${`${k}=${v}`}`)),
  });
  add('cloud', {
    roles: cloudSide,
    id: 'cloud.network',
    title: `upload the EDGE network configuration (${paths.networkJson})`,
    inputs: ['network', 'cloud'],
    // Compared without white space: the cloud keeps the JSON text it was given.
    check: lines(
      `${creds} &&`,
      sh`[ "$(euctl --dump --format=raw cloud.network.network_configuration 2>/dev/null | tr -d ' \\t\\n')" = "$(tr -d ' \\t\\n' < ${paths.networkJson})" ]`,
    ),
    apply: lines(creds, sh`euctl ${`cloud.network.network_configuration=@${paths.networkJson}`}`),
  });
  add('cloud', {
    roles: cloudSide,
    id: 'cloud.objectstorage',
    title: 'use Walrus for object storage',
    waitSeconds: waits.serviceState,
    check: 'ciab_property_is objectstorage.providerclient walrus',
    // The object storage gateway reports broken until a provider is set: expected (D44 config_object_storage).
    apply: lines(
      sh`ciab_wait ${'the object storage gateway to register'} ${waits.serviceState} ${poll} ciab_service_in_state objectstorage '' enabled broken`,
      creds,
      'euctl objectstorage.providerclient=walrus',
    ),
  });
  const storage = answers.storage;
  // The zone's storage properties to set, in the release's order (the DAS device only for das).
  const storageProperties: [string, string][] = (
    storage.blockStorage === 'das' ? release.dasPropertyOrder : (['blockstoragemanager'] as const)
  ).flatMap((name): [string, string][] => {
    const value = name === 'blockstoragemanager' ? storage.blockStorage : storage.dasDevice;
    return value === null ? [] : [[`${zone}.storage.${name}`, value]];
  });
  add('cloud', {
    roles: cloudSide,
    id: 'cloud.blockstorage',
    title: `use ${storage.blockStorage} block storage in ${zone}`,
    inputs: ['storage.blockStorage', 'storage.dasDevice', 'cloud.zone'],
    waitSeconds: waits.serviceState,
    check: storageProperties.map(([k, v]) => sh`ciab_property_is ${k} ${v}`).join(' && '),
    apply: lines(
      sh`ciab_wait ${`the storage controller in ${zone} to register`} ${waits.serviceState} ${poll} ciab_service_in_state storage ${zone} enabled broken`,
      creds,
      ...storageProperties.map(([k, v]) => sh`euctl ${`${k}=${v}`}`),
    ),
  });
  const ready = ['compute', 'cloudformation', 'objectstorage', 'storage'];
  add('cloud', {
    roles: cloudSide,
    id: 'cloud.ready',
    title: `wait until ${ready.join(', ')} are enabled`,
    waitSeconds: waits.serviceState,
    check: ready.map((t) => sh`ciab_service_in_state ${t} '' enabled`).join(' && '),
    apply: lines(
      ...ready.map(
        (t) =>
          sh`ciab_wait ${`the ${t} service to be enabled`} ${waits.serviceState} ${poll} ciab_service_in_state ${t} '' enabled`,
      ),
    ),
    failureHint: 'run euserv-describe-services --expert to see which service is not enabled, and why',
  });

  // --- credentials (docs/EUCALYPTUS-4.4.md §1.5 step 18) ---
  const credentials = context.credentials;
  const newKey = `${credentials.iniFile}.new-key`;
  const passwordFile = files((f) => f.path === credentials.passwordFile);
  add('credentials', {
    roles: cloudSide,
    id: 'credentials.password',
    title: `store the admin password in ${credentials.passwordFile} (0600)`,
    inputs: ['admin.password'],
    files: passwordFile,
    check: passwordFile.length > 0 ? filesAreInPlace(passwordFile) : sh`[ -s ${credentials.passwordFile} ]`,
    // No password in the answers: make one on the host, so that it never passes through a log or plan.
    apply:
      passwordFile.length > 0
        ? putFiles(passwordFile)
        : lines(
            sh`install -d -m 0700 ${credentials.dir}`,
            sh`(umask 077 && head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 20 > ${credentials.passwordFile})`,
          ),
    undo: sh`rm -f ${credentials.passwordFile}`,
  });
  const regionFile = files((f) => f.path.startsWith('/etc/euca2ools/'));
  add('credentials', {
    roles: cloudSide,
    id: 'credentials.region',
    title: `describe the ${answers.cloud.dnsDomain} region to euca2ools`,
    inputs: ['cloud.dnsDomain'],
    files: regionFile,
    check: filesAreInPlace(regionFile),
    apply: putFiles(regionFile),
    undo: restoreFiles(regionFile),
  });
  add('credentials', {
    roles: cloudSide,
    id: 'credentials.keys',
    title: `write the admin access keys to ${credentials.iniFile} (0600)`,
    inputs: ['cloud.dnsDomain'],
    // The keys, as the default user of the cloud's region, and no region URLs of its own (see ciab_admin_ini).
    check: lines(
      sh`grep -q '^key-id' ${credentials.iniFile} 2>/dev/null &&`,
      sh`  grep -qxF ${`[region ${answers.cloud.dnsDomain}]`} ${credentials.iniFile} &&`,
      sh`  ! grep -q '^[a-z0-9-]*-url *=' ${credentials.iniFile}`,
    ),
    // The key the cloud makes is kept in <ini>.new-key until the ini is in place: a run stopped in between uses
    // it again next time, since the admin may hold only two access keys (the system key counts) and a
    // third is refused (LimitExceeded). For the same reason an ini of an earlier run keeps its key.
    apply: lines(
      creds,
      sh`install -d -m 0700 ${credentials.dir}`,
      sh`grep -q '^secret-key' ${newKey} 2>/dev/null || ! grep -q '^secret-key' ${credentials.iniFile} 2>/dev/null ||`,
      sh`  (umask 077 && cp ${credentials.iniFile} ${newKey})`,
      sh`grep -q '^secret-key' ${newKey} 2>/dev/null ||`,
      // -d only spares a warning (createaccesskey.py: an IAM URL by address names no domain); ciab_admin_ini drops
      // the region section it adds.
      sh`  (umask 077 && euare-useraddkey --region localhost -w -d ${answers.cloud.dnsDomain} admin > ${newKey})`,
      sh`(umask 077 && ciab_admin_ini ${newKey} ${answers.cloud.dnsDomain} > ${`${credentials.iniFile}.tmp`})`,
      sh`mv -f ${`${credentials.iniFile}.tmp`} ${credentials.iniFile}`,
      sh`rm -f ${newKey}`,
    ),
    undo: sh`rm -f ${credentials.iniFile} ${newKey}`,
  });
  add('credentials', {
    roles: cloudSide,
    id: 'credentials.login',
    title: 'let the admin user log in to the console',
    check: sh`[ -e ${credentials.loginMarker} ]`,
    apply: lines(
      creds,
      sh`ciab_admin_login ${credentials.passwordFile}`,
      sh`touch ${credentials.loginMarker}`,
    ),
  });

  // --- service image (docs/EUCALYPTUS-4.4.md §1.5 step 19) ---
  if (answers.cloud.extraServices) {
    add('serviceImage', {
      roles: cloudSide,
      id: 'serviceImage.install',
      title: 'install the load balancer and imaging service image (10 to 15 minutes)',
      waitSeconds: 1800,
      check: `${creds} && [ "$(euctl -n services.imaging.worker.image 2>/dev/null)" != NULL ] && [ -n "$(euctl -n services.imaging.worker.image 2>/dev/null)" ]`,
      apply: lines(creds, 'esi-install-image --region localhost --install-default'),
    });
    add('serviceImage', {
      roles: cloudSide,
      id: 'serviceImage.imaging',
      title: 'create the imaging worker stack',
      check: 'ciab_property_is services.imaging.worker.configured true',
      apply: lines(creds, 'esi-manage-stack --region localhost -a create imaging'),
    });
    // The stack is only configured once the property is set: its worker instance must still be scheduled
    // and boot, which it cannot when public addresses or instance slots run short (4.4 admin guide,
    // troubleshooting ts_img_worker). A frontend has no instance slot until node controllers join it: its
    // worker starts then, after the install.
    add('serviceImage', {
      roles: ['ciab'],
      id: 'serviceImage.worker',
      title: 'wait for the imaging worker instance to run',
      waitSeconds: waits.imagingWorker,
      check: `${creds} && ciab_imaging_worker_running`,
      apply: lines(
        creds,
        sh`ciab_wait ${'the imaging worker instance to run'} ${waits.imagingWorker} ${poll} ciab_imaging_worker_running`,
      ),
      failureHint:
        'the imaging worker instance did not start running, most likely for lack of free public addresses or ' +
        'instance slots: see euca-describe-addresses verbose, euca-describe-availability-zones verbose and ' +
        'euscale-describe-scaling-activities -g asg-euca-internal-imaging-worker-01',
    });
  }

  // --- console (docs/EUCALYPTUS-4.4.md §1.5 step 21) ---
  if (answers.cloud.console) {
    const consoleUrl = derive(answers, release).urls.console;
    add('console', {
      roles: cloudSide,
      id: 'console.config',
      // "ufshost" must be the UFS address, not localhost, or S3 downloads break (D44 console_config_server_address).
      title: `point the console at the user-facing services on ${ip}`,
      check: sh`grep -Eq ${`^ufshost *= *${ip.replaceAll('.', '\\.')}$`} ${paths.consoleIni}`,
      apply: lines(
        sh`ciab_backup ${paths.consoleIni}`,
        sh`sed -i ${`s/^ufshost *=.*/ufshost = ${ip}/`} ${paths.consoleIni}`,
      ),
      undo: sh`ciab_restore ${paths.consoleIni}`,
    });
    // On 4.4.4+ CentOS's python-webob (WebOb 1.2.3) shadows EPEL's python-webob1.4 (the WebOb-1.4.1 egg) and
    // the console dies with "VersionConflict: WebOb 1.2.3 ... Requirement WebOb>=1.3.1" (Corymbia/eucalyptus#124).
    // AppScale/ats-deploy roles/console/tasks/main.yml removes it ("remove conflicting webob package":
    // `rpm -e --nodeps python-webob`); here only when both are installed.
    const webob = { old: 'python-webob', new: 'python-webob1.4' };
    add('console', {
      roles: cloudSide,
      id: 'console.webob',
      title: `remove ${webob.old}, which hides the newer WebOb of ${webob.new} from the console`,
      check: sh`! { rpm -q ${webob.old} >/dev/null 2>&1 && rpm -q ${webob.new} >/dev/null 2>&1; }`,
      apply: lines(sh`ciab_remember python-webob-removed yes`, sh`rpm -e --nodeps ${webob.old}`),
      // Put it back only if the host had it before the install (packages.install removes what it added).
      undo: lines(
        'if ciab_is_remembered python-webob-removed; then',
        '  case " $(ciab_remembered added-packages) " in',
        sh`    *${` ${webob.old} `}*) ;;`,
        sh`    *) yum -y install ${webob.old} ;;`,
        '  esac',
        'fi',
      ),
    });
    // The init script starts nginx without --pidfile, and the console is gone after the first reboot
    // (eucaconsole-rpmspec maint-4.4 eucaconsole.init; Corymbia/eucalyptus#175). The fix is AppScale/ats-deploy's
    // (roles/console/tasks/main.yml, "eucaconsole init script nginx daemon configuration", which the maintainers
    // point to in #175): `daemon /usr/sbin/nginx ...` becomes `daemon --pidfile ${NGINXPIDFILE} /usr/sbin/nginx ...`.
    const unfixedNginx = '^([[:space:]]+)daemon /usr/sbin/nginx';
    add('console', {
      roles: cloudSide,
      id: 'console.initScript',
      title: `give the console's nginx its pid file in ${paths.consoleInit}, so that it starts after a reboot`,
      check: sh`[ -f ${paths.consoleInit} ] && ! grep -Eq ${unfixedNginx} ${paths.consoleInit}`,
      apply: lines(
        sh`ciab_backup ${paths.consoleInit}`,
        // ${NGINXPIDFILE} is the init script's own variable: it must reach the file unexpanded.
        '# shellcheck disable=SC2016',
        sh`sed -i -E ${`s|${unfixedNginx}|\\1daemon --pidfile \${NGINXPIDFILE} /usr/sbin/nginx|`} ${paths.consoleInit}`,
      ),
      undo: sh`ciab_restore ${paths.consoleInit}`,
    });
    const consolePorts = [ports.console, ports.consoleHttps];
    add('console', {
      roles: cloudSide,
      ...serviceTask(
        'console.start',
        `start the console and wait for it at ${consoleUrl} (nginx on :${ports.consoleHttps}, the console on :${ports.console})`,
        units.console,
      ),
      rerunAfter: ['console.config'],
      waitSeconds: waits.serviceState,
      check: sh`systemctl is-enabled --quiet ${units.console} && systemctl is-active --quiet ${units.console} && ciab_port_open ${ports.console} && ciab_port_open ${ports.consoleHttps}`,
      // Why the console did not come up is in its start-up log (the init script's LOGFILE), not in the journal.
      apply: lines(
        sh`systemctl enable ${units.console}`,
        sh`systemctl restart ${units.console}`,
        ...consolePorts.map((port) =>
          lines(
            sh`if ! ciab_wait ${`the console on :${port}`} ${waits.serviceState} ${poll} ciab_port_open ${port}; then`,
            sh`  tail -n 20 ${paths.consoleStartupLog} >&2 || true`,
            '  exit 1',
            'fi',
          ),
        ),
      ),
      failureHint: `the console did not come up: see ${paths.consoleStartupLog} and journalctl -u ${units.console}`,
    });
  }

  // --- summary ---
  const summary = files((f) => f.path === context.summaryFile);
  add('summary', {
    id: 'summary.write',
    title: `save the summary to ${context.summaryFile}`,
    files: summary,
    check: filesAreInPlace(summary),
    apply: putFiles(summary),
  });

  const unclaimed = rendered.filter((f) => !claimed.has(f.path));
  if (unclaimed.length > 0) {
    throw new Error(`no task installs the rendered files ${unclaimed.map((f) => f.path).join(', ')}`);
  }
  return { version: PLAN_FORMAT_VERSION, release: release.id, phases: [...phases], tasks };
}

const SELINUX_CONFIG = '/etc/selinux/config';

/** How getenforce prints a mode (and setenforce takes it), and how /etc/selinux/config spells it. */
function selinuxModes(wanted: Answers['host']['selinux']) {
  const spelled = (mode: Answers['host']['selinux']) => ({
    running: mode === 'enforcing' ? 'Enforcing' : 'Permissive',
    config: mode,
  });
  return {
    wanted: spelled(wanted),
    other: spelled(wanted === 'enforcing' ? 'permissive' : 'enforcing'),
  };
}

/** A systemd unit enabled and started, stopped and disabled on uninstall. */
function serviceTask(id: string, title: string, unit: string): TaskSpec {
  return {
    id,
    title,
    check: sh`systemctl is-enabled --quiet ${unit} && systemctl is-active --quiet ${unit}`,
    apply: lines(sh`systemctl enable ${unit}`, sh`systemctl start ${unit}`),
    undo: lines(sh`systemctl stop ${unit} || true`, sh`systemctl disable ${unit} || true`),
  };
}

/** Values every phase uses, derived once from the answers and the release. */
export function planContext(answers: Answers, release: ReleaseProfile, role: Role) {
  const subnet = parseCidr(answers.network.address);
  if (subnet === undefined) throw new Error('buildPlan needs validated answers');
  const p = release.packages;
  return {
    ip: subnet.address,
    subnet,
    zone: answers.cloud.zone,
    units: release.units,
    ports: release.ports,
    waits: release.waits,
    paths: release.paths,
    packages: [
      ...(cloudSide.includes(role) ? [...p.clc, ...p.walrus, ...p.cc, ...p.sc] : []),
      ...(nodeSide.includes(role) ? p.nc : []),
      ...(cloudSide.includes(role) && answers.cloud.extraServices ? p.serviceImage : []),
      ...(cloudSide.includes(role) && answers.cloud.console ? p.console : []),
      ...p.hostTools,
    ],
    credentials: {
      dir: locations.credentialsDir,
      iniFile: locations.credentialsIni,
      passwordFile: locations.adminPasswordFile,
      loginMarker: locations.adminLoginMarker,
    },
    summaryFile: locations.summaryFile,
  };
}
