/** Repositories and packages (docs/EUCALYPTUS-4.4.md §1.2). */
import type { Answers } from '../answers/schema.js';
import { locations } from '../locations.js';
import { lines, sh } from '../plan/sh.js';
import type { Role } from '../role.js';
import type { Component, ReleaseProfile } from '../release/types.js';
import { installFiles } from './files.js';
import type { Step } from './step.js';
import { cloudSide, nodeSide, step } from './step.js';

/** The signing keys go in with the repository files that name them (gpgkey=file://...). */
export function repositoryFiles<const Id extends string>(id: Id): Step<Id> {
  return installFiles(id, 'repositories', {
    pick: (file, { release }) =>
      release.signingKeys.some((key) => key.path === file.path) || file.path.startsWith('/etc/yum.repos.d/'),
    title: () =>
      'write the signing keys and the CentOS vault, EPEL, Eucalyptus and euca2ools repository files',
    inputs: ['repositories'],
    failureHint: 'a repository is unreachable: check answers.repositories, or install from the offline ISO',
  });
}

/** The components a host of ROLE runs, with the optional ones the answers ask for. */
export function components(answers: Answers, role: Role): Component[] {
  const cloud = cloudSide.includes(role);
  return [
    ...(cloud ? (['clc', 'walrus', 'cc', 'sc'] as const) : []),
    ...(nodeSide.includes(role) ? (['nc'] as const) : []),
    ...(cloud && answers.cloud.extraServices ? (['serviceImage'] as const) : []),
    ...(cloud && answers.cloud.console ? (['console'] as const) : []),
    'hostTools' as const,
  ];
}

/** The installed package names, one a line, sorted: what `comm` compares before and after the install. */
const INSTALLED_NAMES = "rpm -qa --qf '%{NAME}\\n' | sort -u";

/**
 * yum uses only the repositories the install wrote: any other enabled .repo on the host (a dead mirror list
 * since CentOS 7's end of life) would fail every yum call. yum(8): --disablerepo, --enablerepo.
 */
function ourRepositories(answers: Answers, release: ReleaseProfile): string[] {
  const ids =
    answers.repositories.offline === undefined
      ? Object.values(release.repositories).map((r) => r.id)
      : [locations.offlineRepoId];
  return ['--disablerepo=*', `--enablerepo=${ids.join(',')}`];
}

export function installPackages<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'packages', {}, ({ answers, release, role }) => {
    const packages = components(answers, role).flatMap((c) => release.packages[c]);
    return {
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
        sh`yum -y ${ourRepositories(answers, release)} install ${packages}`,
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
    };
  });
}

/** The release's base package is at least its minimum version (release.minimumVersion says why). */
export function minimumVersion<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'packages', {}, ({ release }) => {
    const minimum = release.minimumVersion;
    return {
      title: `check that ${minimum.package} is ${minimum.version} or later`,
      check: sh`ciab_version_at_least ${minimum.package} ${minimum.version}`,
      apply: lines(
        sh`ciab_version_at_least ${minimum.package} ${minimum.version} ||`,
        sh`  ciab_fail ${minimum.package} "$(ciab_package_version ${minimum.package})" ${`is installed; ${minimum.version} or later is needed: ${minimum.reason}`}`,
      ),
      failureHint: `point repositories.eucalyptus in the answers at a repository with ${minimum.package} ${minimum.version} or later, then run the install again`,
    };
  });
}

/**
 * libvirt's default network runs a dnsmasq on ports 53 and 67: the cloud's DNS listener cannot bind while it
 * holds 53, nor eucanetd's dhcpd 67. The 4.4 guide removes it right after installing the node controller
 * (documentation maint-4.4 install-guide installing_euca_release.dita), before any Eucalyptus service starts;
 * libvirtd, enabled by its preset, would bring it back at the next boot. grep reads all of virsh's output:
 * with -q, virsh could die of SIGPIPE, which under pipefail and the `!` would pass the check while the
 * network is there.
 */
export function libvirtWithoutDefaultNetwork<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'packages', { roles: nodeSide }, ({ release }) => ({
    title: "start libvirtd and remove libvirt's default network",
    check: sh`ciab_units_up ${release.units.libvirtd} && ! virsh net-list --all --name 2>/dev/null | grep -x default >/dev/null`,
    apply: lines(
      sh`ciab_units_start ${release.units.libvirtd}`,
      'virsh net-destroy default || true',
      'virsh net-autostart default --disable || true',
      'virsh net-undefine default || true',
    ),
    runs: { units: [release.units.libvirtd], ports: [] },
  }));
}
