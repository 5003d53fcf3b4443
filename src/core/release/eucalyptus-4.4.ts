/**
 * Eucalyptus 4.4 on CentOS/RHEL 7, EDGE networking, everything on one host.
 * Sources: docs/EUCALYPTUS-4.4.md §1 (D44 install guide, cookbook CB, spec SPEC; keys in its §0).
 */
import type { ReleaseProfile } from './types.js';

// The CentOS 7 mirror list no longer answers since CentOS 7 reached end of life (2024-06-30);
// its last point release lives on in the vault. EPEL 7 likewise moved to the Fedora archive.
// The vault repositories take over the stock CentOS-Base.repo (same ids), which the install backs up:
// left in place, its dead mirror list would make every yum command fail.
const centosVault = 'https://vault.centos.org/7.9.2009';
// Every key is a local file, never a URL: yum imports a gpgkey URL without asking, so a key fetched over
// the network lets whoever is on the path sign packages. Sources and fingerprints: docs/SOURCES.md.
const pki = '/etc/pki/rpm-gpg';
// CentOS 7's own key, installed by centos-release on every CentOS 7 host (the stock CentOS-Base.repo uses it).
const centosKeys = [`${pki}/RPM-GPG-KEY-CentOS-7`];
const epelKeys = [`${pki}/RPM-GPG-KEY-EPEL-7`];
// The 4.4 packages built since AppScale took over (the .as.el7 RPMs) are signed with the AppScale key, the
// older ones with the legacy release key c1240596; the release RPMs list both, the new one first
// (sjones4/eucalyptus-release eucalyptus.repo.in; AppScale/ats-deploy roles/common/templates/*.repo.j2).
// euca2ools' repository is signed with the same two keys (ats-deploy ships them again as RPM-GPG-KEY-euca2ools-*,
// with the same fingerprints).
const eucalyptusKeys = [`${pki}/RPM-GPG-KEY-eucalyptus-release-as`, `${pki}/RPM-GPG-KEY-eucalyptus-release`];
// "eucalyptus.com no longer resolves": the maintainers moved the downloads to eucalyptus.cloud
// (Corymbia/eucalyptus#107, #191; docs/EUCALYPTUS-4.4.md §1.2), which serves https (the project's own pages give its key
// and release RPMs as https URLs: eucastack/website 2018-01-01-eucalyptus-previous-releases.md, the 5 install
// guide's installing_euca_release).
const downloads = 'https://downloads.eucalyptus.cloud/software';

export const eucalyptus44: ReleaseProfile = {
  id: 'eucalyptus-4.4',
  title: 'Eucalyptus 4.4 on CentOS 7',
  eucalyptusVersion: '4.4',
  os: { ids: ['centos', 'rhel'], majorVersion: 7, arch: ['x86_64'], label: 'CentOS/RHEL 7 (x86_64)' },
  networkMode: 'EDGE',
  repositories: {
    base: {
      id: 'base',
      name: 'CentOS-7.9.2009 - Base (vault)',
      baseurl: `${centosVault}/os/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkeys: centosKeys,
      os: true,
    },
    updates: {
      id: 'updates',
      name: 'CentOS-7.9.2009 - Updates (vault)',
      baseurl: `${centosVault}/updates/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkeys: centosKeys,
      os: true,
    },
    extras: {
      id: 'extras',
      name: 'CentOS-7.9.2009 - Extras (vault)',
      baseurl: `${centosVault}/extras/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkeys: centosKeys,
      os: true,
    },
    epel: {
      id: 'epel',
      name: 'Extra Packages for Enterprise Linux 7 (archive)',
      baseurl: 'https://archives.fedoraproject.org/pub/archive/epel/7/x86_64/',
      file: 'epel.repo',
      gpgkeys: epelKeys,
      os: false,
    },
    eucalyptus: {
      id: 'eucalyptus',
      name: 'Eucalyptus 4.4',
      baseurl: `${downloads}/eucalyptus/4.4/rhel/7/x86_64/`,
      file: 'eucalyptus.repo',
      gpgkeys: eucalyptusKeys,
      os: false,
    },
    euca2ools: {
      id: 'euca2ools',
      name: 'Euca2ools 3.4',
      baseurl: `${downloads}/euca2ools/3.4/rhel/7/x86_64/`,
      file: 'euca2ools.repo',
      gpgkeys: eucalyptusKeys,
      os: false,
    },
  },
  signingKeys: [
    { path: `${pki}/RPM-GPG-KEY-EPEL-7`, fingerprint: '91E9 7D7C 4A5E 96F1 7F3E  888F 6A2F AEA2 352C 64E5' },
    {
      path: `${pki}/RPM-GPG-KEY-eucalyptus-release-as`,
      fingerprint: 'D7F6 2D8B F055 445D 1B59  EFC2 5028 9CD5 C551 5042',
    },
    {
      path: `${pki}/RPM-GPG-KEY-eucalyptus-release`,
      fingerprint: '8639 B2D2 11BB 930D 16A2  D654 BE26 4D09 C124 0596',
    },
  ],
  // Package names as the 4.4 install guide gives them to yum (they resolve through the RPMs' Provides).
  packages: {
    clc: ['eucalyptus-cloud'],
    walrus: ['eucalyptus-walrus'],
    cc: ['eucalyptus-cluster'],
    sc: ['eucalyptus-sc'],
    nc: ['eucalyptus-node'],
    serviceImage: ['eucalyptus-service-image'],
    console: ['eucaconsole'],
    hostTools: ['bridge-utils', 'chrony'],
  },
  // Before 4.4.6, instances of current cloud images get no metadata and no key: they ask for instance
  // metadata v2 (IMDSv2), which came with 4.4.6 (Corymbia/eucalyptus#196; eucastack/website
  // 2020-12-01-eucalyptus-446-release.md, "EC2 instance metadata v2 support"). Every component requires
  // the `eucalyptus` package (SPEC maint-4.4), so its version is the installed release.
  minimumVersion: {
    package: 'eucalyptus',
    version: '4.4.6',
    reason: 'instances of current cloud images get no metadata before it (instance metadata v2)',
  },
  units: {
    cloud: 'eucalyptus-cloud.service',
    cluster: 'eucalyptus-cluster.service',
    node: 'eucalyptus-node.service',
    eucanetd: 'eucanetd.service',
    tgtd: 'tgtd.service',
    libvirtd: 'libvirtd.service',
    console: 'eucaconsole.service',
    firewall: 'firewalld.service',
    timeSync: 'chronyd.service',
  },
  // The console: gunicorn on 127.0.0.1:8888 ([server:main] of conf/console.default.ini, installed as
  // /etc/eucaconsole/console.ini), behind the nginx its init script starts, which serves HTTPS on 443 and
  // redirects 80 there (conf/nginx.conf; eucalyptus/eucaconsole maint-4.4, packaged by
  // eucalyptus/eucaconsole-rpmspec maint-4.4 eucaconsole.spec and eucaconsole.init).
  ports: { cloud: 8773, cluster: 8774, node: 8775, console: 8888, consoleHttps: 443 },
  // Fatal only below what the install itself needs; the guide's and FastStart's numbers are about how much
  // cloud fits, so they warn (FastStart too asked "Continue?" and went on).
  requirements: {
    // eucalyptus-cloud gives its JVM half the memory, never less than 2 GB, as -Xms and -Xmx alike (eucalyptus
    // maint-4.4 clc/modules/bootstrap/src/main/native/eucalyptus-bootstrap.c): below 4 GB the cloud controller
    // alone holds half the memory or more before PostgreSQL, the other services and any instance.
    minMemoryMiB: 4096,
    // 4.4 install guide, system_requirements: "Each machine in your network needs a minimum of 8GB RAM".
    recommendedMemoryMiB: 8192,
    // What does not grow with the cloud's use, at the minimums of the 4.4 install guide's space_verifying_shared:
    // the CLC database 20 GB (/var/lib/eucalyptus/db), the UFS 5 GB (/var/lib/eucalyptus), the CC 5 GB
    // (/var/lib/eucalyptus/CC) and the logs 2 GB (/var/log/eucalyptus).
    minVarGiB: 20 + 5 + 5 + 2,
    // FastStart (eucalyptus-cookbook faststart/cloud-in-a-box.sh) warned when `df -Pk /var` showed less than
    // 100000000 KiB free: "we recommend at least 100G of disk space available in /var".
    recommendedVarGiB: 100,
    // 4.4 install guide, system_requirements: "Each machine in your network needs a minimum of 160GB of
    // storage", and "We recommend 160GB per NC host running Linux VMs".
    recommendedDiskGiB: 160,
    cpuFlags: ['vmx', 'svm'],
  },
  // The cookbook waited 15 x 30 s for credentials and 180 s per service state (CB recipes). The imaging
  // worker is an instance of the service image that the imaging stack's auto scaling group launches: it
  // must be scheduled, fetch its image and boot.
  waits: { cloudStart: 600, serviceState: 300, networkCheck: 30, poll: 5, imagingWorker: 600 },
  // The 4.4 cookbook retries the user-facing registration 20 times, 10 s apart (eucalyptus-cookbook
  // recipes/register-components.rb, commit aa76b2c), the cluster's 15 times: the CLC refuses some
  // registrations for a while after it opens :8773.
  registration: { tries: 20, intervalSeconds: 10 },
  // 30 checks, 10 s apart (chronyc's default interval); chrony.conf lets chronyd step the clock.
  clockSync: { tries: 30, maxCorrectionSeconds: 1 },
  // The 4.4 guide chooses the manager first, then the device (documentation maint-4.4 install-guide
  // config_storage_das_jbod.dita; so does the 4.4 cookbook, recipes/configure.rb): the DAS properties are
  // deferred (eucalyptus maint-4.4 DASInfo.java, @ConfigurableClass deferred = true) and exist only once
  // the zone's manager is das. (Eucalyptus 5's playbook sets the device first.)
  dasPropertyOrder: ['blockstoragemanager', 'dasdevice'],
  // None: the cloud sizes its heap from the host's memory (see requirements).
  cloudJvmOptions: [],
  paths: {
    conf: '/etc/eucalyptus/eucalyptus.conf',
    networkConfig: '/etc/eucalyptus/network.json',
    cloudCert: '/var/lib/eucalyptus/keys/cloud-cert.pem',
    keysDir: '/var/lib/eucalyptus/keys',
    cloudLog: '/var/log/eucalyptus/cloud-output.log',
    consoleIni: '/etc/eucaconsole/console.ini',
    // eucaconsole-rpmspec maint-4.4: eucaconsole.init installed as /etc/init.d/eucaconsole (CentOS 7: a link to
    // rc.d/init.d), whose LOGFILE takes the console's start-up errors.
    consoleInit: '/etc/rc.d/init.d/eucaconsole',
    consoleStartupLog: '/var/log/eucaconsole_startup.log',
  },

  // --- What the preflight, the kickstart and the renderer take from the release ---
  // SELinux: answers host.selinux, as the install's task host.selinux (src/core/answers/schema.ts says why
  // permissive is the default). Firewall: D44 rhel7_disable_firewalld.
  kickstart: {
    selinuxReasons: {
      enforcing: [
        'SELinux enforcing (answers host.selinux): the RPMs ship their policy (eucalyptus-selinux) and the first boot sets',
        'the booleans the install guide asks for.',
      ],
      permissive: [
        'SELinux permissive (answers host.selinux), as the last FastStart set it: under enforcing, Walrus refused',
        'requests and instances did not start on CentOS 7.4 and later.',
      ],
    },
    firewall: { state: 'disabled' },
    firewallReason: [
      'Eucalyptus 4.4 must have firewalld disabled ("Before you restart the CLC, you must disable the firewalld',
      'service"): Eucalyptus manages iptables itself. Disabled means no --port lists at all.',
    ],
  },
  // The user-facing services on port 8773, as euca2ools' own conf/conf.d/localhost.ini (eucalyptus/euca2ools
  // branch maint-3.4) lists them for 127.0.0.1.
  userServices: {
    servicesRoot: '/services/',
    paths: [
      { key: 'autoscaling-url', path: 'AutoScaling' },
      { key: 'cloudformation-url', path: 'CloudFormation' },
      { key: 'ec2-url', path: 'compute' },
      { key: 'elasticloadbalancing-url', path: 'LoadBalancing' },
      { key: 'iam-url', path: 'Euare' },
      { key: 'monitoring-url', path: 'CloudWatch' },
      { key: 's3-url', path: 'objectstorage' },
      { key: 'sts-url', path: 'Tokens' },
      { key: 'bootstrap-url', path: 'Empyrean' },
      { key: 'properties-url', path: 'Properties' },
      { key: 'reporting-url', path: 'Reporting' },
    ],
  },
  // Ports Eucalyptus 4.4 serves on a single host (docs/EUCALYPTUS-4.4.md §1.8): CLC/UFS 8773, CC 8774, NC 8775,
  // 8776-8779 for the SC/Walrus/ring and the console's 8888, HTTPS UFS 8443.
  servicePorts: [8773, 8774, 8775, 8776, 8777, 8778, 8779, 8443, 8888],
  // eucanetd's DNS and DHCP.
  networkDaemonPorts: [
    { port: 53, proto: 'tcp' },
    { port: 53, proto: 'udp' },
    { port: 67, proto: 'udp' },
  ],
};
