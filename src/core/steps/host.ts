/** Host preparation (docs/EUCALYPTUS-4.4.md §1.1): the answers kept, host name, /etc/hosts, firewall, SELinux. */
import yaml from 'js-yaml';
import type { Answers } from '../answers/schema.js';
import { hostRootPassword } from '../kickstart/root-password.js';
import { ANSWERS_FILE, ROLE_FILE } from '../locations.js';
import { filesAreInPlace, planFile, putFiles } from '../plan/files.js';
import { lines, sh } from '../plan/sh.js';
import type { Role } from '../role.js';
import { roleFileText } from '../role.js';
import { at, installFiles } from './files.js';
import { unitName } from '../units.js';
import type { Step } from './step.js';
import { cloudSide, step } from './step.js';

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

/**
 * The answers travel with the host, so that `install` resumes and `uninstall` undoes the same plan; so does
 * its role: install, uninstall and plan on the host build this role's plan (src/core/role.ts).
 */
export function keepAnswers<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'host', {}, ({ answers, role }) => {
    const kept = [
      planFile({
        path: ANSWERS_FILE,
        content: yaml.dump(keptAnswers(answers, role), { lineWidth: -1 }),
        mode: 0o600,
        owner: 'root:root',
        secret: true,
      }),
      planFile({
        path: ROLE_FILE,
        content: roleFileText(role),
        mode: 0o644,
        owner: 'root:root',
        secret: false,
      }),
    ];
    return {
      title: `keep the answers in ${ANSWERS_FILE} (0600) and the role (${role}) in ${ROLE_FILE}`,
      files: kept,
      check: filesAreInPlace(kept),
      apply: putFiles(kept),
    };
  });
}

export function hostName<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'host', {}, ({ answers }) => ({
    title: `set the host name to ${answers.host.hostname}`,
    inputs: ['host.hostname'],
    check: sh`[ "$(cat /etc/hostname 2>/dev/null)" = ${answers.host.hostname} ]`,
    apply: lines('ciab_backup /etc/hostname', sh`hostnamectl set-hostname ${answers.host.hostname}`),
    undo: lines('ciab_restore /etc/hostname', 'hostnamectl set-hostname "$(cat /etc/hostname)"'),
  }));
}

export function hostsFile<const Id extends string>(id: Id): Step<Id> {
  return installFiles(id, 'host', {
    pick: at('/etc/hosts'),
    title: ({ answers, ip }) => `make ${answers.host.hostname} resolve to ${ip}`,
    inputs: ['host.hostname', 'network.address'],
  });
}

/**
 * The firewall unit stopped and disabled, and enabled again on uninstall if it was. 4.4: D44
 * rhel7_disable_firewalld, "Before you restart the CLC, you must disable the firewalld service".
 */
export function firewallOff<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'host', {}, ({ release }) => {
    const unit = release.units.firewall;
    return {
      title: `stop and disable ${unitName(unit)}, as ${release.title} requires`,
      check: sh`ciab_unit_off ${unit}`,
      // (remembered as firewalld-enabled, the name earlier versions gave it, so that their uninstall finds it)
      apply: lines(
        sh`ciab_remember firewalld-enabled "$(ciab_unit_file_state ${unit})"`,
        sh`ciab_units_stop ${unit}`,
      ),
      undo: sh`if [ "$(ciab_remembered firewalld-enabled)" = enabled ]; then ciab_units_start ${unit}; fi`,
    };
  });
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

/**
 * The mode the answers ask for, now and after every boot. FastStart did the same for permissive
 * (`setenforce permissive` and SELINUX= in /etc/selinux/config; eucalyptus-cookbook
 * faststart/cloud-in-a-box.sh). A host with SELinux disabled stays so: turning it on takes a relabel and a
 * reboot, which an install does not do behind the user's back.
 */
export function selinuxMode<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'host', {}, ({ answers }) => {
    const selinux = selinuxModes(answers.host.selinux);
    return {
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
    };
  });
}

/**
 * SELinux booleans a release's services need, set only under enforcing (permissive lets everything through).
 * 4.4: D44 configure_selinux_shared (the SC; the console's proxying to the UFS).
 */
export function selinuxBooleans<const Id extends string>(
  id: Id,
  booleans: (answers: Answers) => string[],
): Step<Id> {
  const enforcing = (answers: Answers): boolean => answers.host.selinux === 'enforcing';
  return step(id, 'configuration', { roles: cloudSide, when: enforcing }, ({ answers }) => {
    const wanted = booleans(answers);
    return {
      title: `set the SELinux booleans ${wanted.join(', ')}`,
      inputs: ['host.selinux', 'cloud.console'],
      check: lines(
        'mode=$(getenforce) || ciab_cannot_tell "getenforce does not say the SELinux mode"',
        '[ "$mode" = Disabled ] ||',
        `{ ${wanted.map((b) => sh`getsebool ${b} | grep -q ' on$'`).join(' && ')}; }`,
      ),
      apply: sh`setsebool -P ${wanted.map((b) => `${b}=1`)}`,
    };
  });
}

/**
 * Refuses a host where another release of Eucalyptus is installed, before anything changes: an install
 * never upgrades one release to another in place (their procedures, files and services differ), so the
 * first task of a release's plan checks the installed base package (release.minimumVersion.package).
 */
export function noOtherRelease<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'host', {}, ({ release }) => {
    const base = release.minimumVersion.package;
    const version = release.eucalyptusVersion;
    return {
      title: `check that no Eucalyptus release other than ${version} is installed`,
      check: lines(
        sh`installed=$(ciab_package_version ${base})`,
        sh`[ -z "$installed" ] || [ "$installed" = ${version} ] || [[ $installed == ${version}.* ]]`,
      ),
      apply: lines(
        sh`installed=$(ciab_package_version ${base})`,
        sh`ciab_fail ${base} "$installed" ${`is installed: ${release.title} does not upgrade another release in place. Uninstall it first (cloud-in-a-box uninstall with its own answers), or install its release.`}`,
      ),
    };
  });
}
