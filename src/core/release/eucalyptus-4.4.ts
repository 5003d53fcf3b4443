/**
 * Eucalyptus 4.4 on CentOS/RHEL 7, EDGE networking, everything on one host.
 * Sources: ../shared/research/eucalyptus-install.md section 1 (D44 install guide, cookbook CB, spec SPEC).
 */
import type { ReleaseProfile } from './types.js';

// The CentOS 7 mirror list no longer answers since CentOS 7 reached end of life (2024-06-30);
// its last point release lives on in the vault. EPEL 7 likewise moved to the Fedora archive.
// The vault repositories take over the stock CentOS-Base.repo (same ids), which the install backs up:
// left in place, its dead mirror list would make every yum command fail.
const centosVault = 'https://vault.centos.org/7.9.2009';
const centosKey = 'file:///etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-7';
// "eucalyptus.com no longer resolves": the maintainers moved the downloads to eucalyptus.cloud
// (Corymbia/eucalyptus#107, #191; research 1.2). Both repositories are signed with the release key c1240596.
const eucalyptusKey = 'http://downloads.eucalyptus.cloud/software/gpg/eucalyptus-release-key.pub';

export const eucalyptus44: ReleaseProfile = {
  id: 'eucalyptus-4.4',
  title: 'Eucalyptus 4.4 on CentOS 7',
  eucalyptusVersion: '4.4',
  os: { ids: ['centos', 'rhel'], majorVersion: 7, arch: ['x86_64'], label: 'CentOS/RHEL 7 (x86_64)' },
  networkMode: 'EDGE',
  templateDir: 'eucalyptus-4.4',
  repositories: {
    base: {
      id: 'base',
      name: 'CentOS-7.9.2009 - Base (vault)',
      baseurl: `${centosVault}/os/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkey: centosKey,
      os: true,
    },
    updates: {
      id: 'updates',
      name: 'CentOS-7.9.2009 - Updates (vault)',
      baseurl: `${centosVault}/updates/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkey: centosKey,
      os: true,
    },
    extras: {
      id: 'extras',
      name: 'CentOS-7.9.2009 - Extras (vault)',
      baseurl: `${centosVault}/extras/x86_64/`,
      file: 'CentOS-Base.repo',
      gpgkey: centosKey,
      os: true,
    },
    epel: {
      id: 'epel',
      name: 'Extra Packages for Enterprise Linux 7 (archive)',
      baseurl: 'https://archives.fedoraproject.org/pub/archive/epel/7/x86_64/',
      file: 'epel.repo',
      gpgkey: 'https://archives.fedoraproject.org/pub/archive/epel/RPM-GPG-KEY-EPEL-7',
      os: false,
    },
    eucalyptus: {
      id: 'eucalyptus',
      name: 'Eucalyptus 4.4',
      baseurl: 'http://downloads.eucalyptus.cloud/software/eucalyptus/4.4/rhel/7/x86_64/',
      file: 'eucalyptus.repo',
      gpgkey: eucalyptusKey,
      os: false,
    },
    euca2ools: {
      id: 'euca2ools',
      name: 'Euca2ools 3.4',
      baseurl: 'http://downloads.eucalyptus.cloud/software/euca2ools/3.4/rhel/7/x86_64/',
      file: 'euca2ools.repo',
      gpgkey: eucalyptusKey,
      os: false,
    },
  },
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
  paths: {
    conf: '/etc/eucalyptus/eucalyptus.conf',
    networkJson: '/etc/eucalyptus/network.json',
    cloudCert: '/var/lib/eucalyptus/keys/cloud-cert.pem',
    keysDir: '/var/lib/eucalyptus/keys',
    cloudLog: '/var/log/eucalyptus/cloud-output.log',
    consoleIni: '/etc/eucaconsole/console.ini',
    // eucaconsole-rpmspec maint-4.4: eucaconsole.init installed as /etc/init.d/eucaconsole (CentOS 7: a link to
    // rc.d/init.d), whose LOGFILE takes the console's start-up errors.
    consoleInit: '/etc/rc.d/init.d/eucaconsole',
    consoleStartupLog: '/var/log/eucaconsole_startup.log',
  },
};
