/**
 * Eucalyptus 5 on CentOS/RHEL 7.9, EDGE networking, everything on one host: the 4.4 profile where 5 is the
 * same, and each difference with its source (docs/SOURCES.md, "Eucalyptus 5"). Primary sources: the 5 install
 * guide (Corymbia/eucalyptus-documentation content/install_guide), the 5 source (Corymbia/eucalyptus branch
 * maint-5) and the official playbooks (AppScale/ats-deploy, packaged as eucalyptus-ansible).
 */
import { eucalyptus44 } from './eucalyptus-4.4.js';
import type { ReleaseProfile } from './types.js';

const pki = '/etc/pki/rpm-gpg';
// The CentOS virtualisation SIG's key, which centos-release-qemu-ev installs and ats-deploy imports
// (roles/common/tasks/yum_repos.yml, "install virtualization sig gpg key"); fingerprint: docs/SOURCES.md.
const virtualisationKey = `${pki}/RPM-GPG-KEY-CentOS-SIG-Virtualization`;
const downloads = 'https://downloads.eucalyptus.cloud/software';

export const eucalyptus5: ReleaseProfile = {
  ...eucalyptus44,
  id: 'eucalyptus-5',
  title: 'Eucalyptus 5 on CentOS 7.9',
  eucalyptusVersion: '5',
  // The 5 guide (intro/system_requirements) and its automated install ask for CentOS/RHEL 7.9; the facts
  // give the major version only, so the label says which point release to install.
  os: { ...eucalyptus44.os, label: 'CentOS/RHEL 7.9 (x86_64)' },
  repositories: {
    ...eucalyptus44.repositories,
    // The 5 repository, signed with the same two keys as 4.4's: ats-deploy roles/common/templates/
    // eucalyptus.repo.j2 lists RPM-GPG-KEY-eucalyptus-release-as and RPM-GPG-KEY-eucalyptus-release, and its
    // euca2ools keys (roles/common/files/RPM-GPG-KEY-euca2ools-release*) have the same fingerprints.
    // Base URL: ats-deploy roles/common/defaults/main.yml (eucalyptus_yum_baseurl), over https as 4.4's.
    eucalyptus: {
      ...eucalyptus44.repositories.eucalyptus,
      name: 'Eucalyptus 5',
      baseurl: `${downloads}/eucalyptus/5/rhel/7/x86_64/`,
    },
    // qemu-kvm-ev for the node controller: the 5 guide installs centos-release-qemu-ev on each NC
    // (install_repos_intro/installing_euca_release), ats-deploy too (yum_repos.yml). That package's
    // CentOS-QEMU-EV.repo names the section centos-qemu-ev; CentOS 7's end of life moved it to the vault.
    virt: {
      id: 'centos-qemu-ev',
      name: 'CentOS-7.9.2009 - QEMU EV (vault)',
      baseurl: 'https://vault.centos.org/7.9.2009/virt/x86_64/kvm-common/',
      file: 'CentOS-QEMU-EV.repo',
      gpgkeys: [virtualisationKey],
      os: false,
    },
  },
  signingKeys: [
    ...eucalyptus44.signingKeys,
    { path: virtualisationKey, fingerprint: 'A7C8 E761 309D 2F1C 92C5  0B62 7AEB BE82 61E8 806C' },
  ],
  packages: {
    ...eucalyptus44.packages,
    // 5's eucalyptus-cc is the Java cluster controller and still Provides eucalyptus-cluster (Corymbia/eucalyptus
    // maint-5 rpm/eucalyptus.spec); the node controller takes the SIG's qemu-kvm-ev.
    nc: ['eucalyptus-node', 'qemu-kvm-ev'],
  },
  minimumVersion: {
    package: 'eucalyptus',
    version: '5.0.0',
    reason:
      'this procedure is the one of Eucalyptus 5 (cluster controller inside eucalyptus-cloud, network.yaml)',
  },
  units: {
    ...eucalyptus44.units,
    // The cluster controller is Java and runs inside eucalyptus-cloud: eucalyptus-cluster.service and
    // eucalyptus-cc.service are symlinks to eucalyptus-cloud.service (Corymbia/eucalyptus maint-5
    // systemd/Makefile; 5.0 release notes, "Cluster controller now part of main cloud service"). Enabled or
    // started apart it would be the cloud again, so the procedure never names it: ats-deploy starts only
    // eucalyptus-cloud (roles/zone/tasks/main.yml).
    cluster: eucalyptus44.units.cloud,
  },
  requirements: {
    ...eucalyptus44.requirements,
    // The floor stays 4.4's: the cloud-in-a-box inventory of the playbooks runs the cloud with a 1 GB heap
    // (ats-deploy inventory_example_local.yml, cloud_opts_mem: "-Xmx1g", as eucalyptus.conf here), so a
    // smaller host installs; the guide's numbers warn.
    // 5 guide, intro/system_requirements: 16 GB of memory and 100 GB of disk per machine.
    recommendedMemoryMiB: 16384,
    recommendedDiskGiB: 100,
  },
  // The playbooks' cloud-in-a-box heap: ats-deploy inventory_example_local.yml, cloud_opts_mem "-Xmx1g", which
  // roles/common/defaults/main.yml puts in cloud_opts.
  cloudJvmOptions: ['-Xmx1g'],
  // ats-deploy roles/zone/tasks/main.yml sets <zone>.storage.dasdevice first, then blockstoragemanager=das.
  dasPropertyOrder: ['dasdevice', 'blockstoragemanager'],
  paths: {
    ...eucalyptus44.paths,
    // 5 takes YAML: euctl cloud.network.network_configuration=@/etc/eucalyptus/network.yaml (5 guide,
    // configure_runtime/nw_json_upload; ats-deploy roles/cloud/templates/network.yaml.j2).
    networkConfig: '/etc/eucalyptus/network.yaml',
  },
  kickstart: {
    selinuxReasons: {
      enforcing: [
        'SELinux enforcing (answers host.selinux): the RPMs ship their policy (eucalyptus-selinux) and the first boot sets',
        "the storage controller's boolean; Eucalyptus 5's own playbooks run it permissive instead.",
      ],
      permissive: [
        "SELinux permissive (answers host.selinux), as Eucalyptus 5's playbooks set it (AppScale/ats-deploy",
        'roles/common/tasks/base_config.yml).',
      ],
    },
    firewall: { state: 'disabled' },
    firewallReason: [
      'Eucalyptus 5\'s playbooks leave firewalld alone unless told to configure it: "without this one you either',
      'disable firewalld or you configure it by hand" (AppScale/ats-deploy README, cloud_firewalld_configure).',
      'Eucalyptus manages iptables itself, so firewalld is disabled, as for 4.4. Disabled means no --port lists.',
    ],
  },
};
