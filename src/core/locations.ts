/**
 * Where cloud-in-a-box keeps its own files on the host: the one definition, which the renderer, the plan,
 * the runner, the kickstart, the standalone script and the summary all read.
 */

/** the installer's state: journal, backups, staged files, the run lock */
export const STATE_DIR = '/var/lib/cloud-in-a-box';
/** the file in STATE_DIR whose lock every install, uninstall and standalone script run holds */
export const RUN_LOCK_NAME = 'lock';
/** flock's exit (--conflict-exit-code) when another run holds the run lock: the CLI and the standalone script's alike */
export const RUN_LOCK_HELD_EXIT = 75;
/** one log per run, and `latest` */
export const LOG_DIR = '/var/log/cloud-in-a-box';
/**
 * Where a task that runs detached from its SSH session (Task.detached: the bridge) keeps its script, output
 * and exit status, and the lock it holds while it runs: every run waits for it after taking the run lock,
 * since a lost connection frees the run lock while such a task may still be rolling back.
 */
export const DETACHED_DIR = `${STATE_DIR}/detached`;
export const DETACHED_LOCK = `${DETACHED_DIR}/lock`;
/** the host's key for the journal's digest of secret files, in STATE_DIR (CIAB_SECRET_KEY in prelude.bash) */
export const SECRET_KEY_NAME = 'secret.key';
/** the answers the host keeps: written by the install and by kickstart %post alike */
export const ANSWERS_FILE = '/etc/cloud-in-a-box/answers.yaml';
/**
 * What the host is (ciab, frontend or nc: one word), beside the answers and written with them: every
 * command that builds a plan on the host builds that role's plan (src/core/role-file.ts).
 */
export const ROLE_FILE = '/etc/cloud-in-a-box/role';
/** the unit that runs the install at the first boot of a kickstarted host */
export const FIRSTBOOT_UNIT = 'cloud-in-a-box-firstboot.service';

export const locations = {
  /** the admin's euca2ools directory; the install writes the access keys here with euare-useraddkey */
  credentialsDir: '/root/.euca',
  /** the admin's access key and the regions it is the default user of (never rendered: keys are made on the host) */
  credentialsIni: '/root/.euca/cloud-in-a-box.ini',
  adminPasswordFile: '/root/.euca/admin-password',
  /** region definition without secrets, read by every euca2ools user (euca2ools reads conf.d/*.ini) */
  regionIni: '/etc/euca2ools/conf.d/cloud-in-a-box.ini',
  summaryFile: `${STATE_DIR}/summary.txt`,
  /** where the kickstart copies the ISO's offline repository, for the first boot's yum (answers.repositories.offline) */
  offlineRepoDir: `${STATE_DIR}/offline-repo`,
  /** the repo file and section of answers.repositories.offline */
  offlineRepoFile: '/etc/yum.repos.d/cloud-in-a-box-offline.repo',
  offlineRepoId: 'cloud-in-a-box-offline',
  /** the newest install log */
  latestLog: `${LOG_DIR}/latest`,
  /** marks that the admin's console login profile exists */
  adminLoginMarker: `${STATE_DIR}/admin-login-profile`,
} as const;
