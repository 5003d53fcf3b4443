/** Where cloud-in-a-box keeps its own files on the host; the renderer, the plan and the summary agree on these. */
export const locations = {
  /** the admin's euca2ools directory; the install writes the access keys here with euare-useraddkey */
  credentialsDir: '/root/.euca',
  /** the admin's access key and the regions it is the default user of (never rendered: keys are made on the host) */
  credentialsIni: '/root/.euca/cloud-in-a-box.ini',
  adminPasswordFile: '/root/.euca/admin-password',
  /** region definition without secrets, read by every euca2ools user (euca2ools reads conf.d/*.ini) */
  regionIni: '/etc/euca2ools/conf.d/cloud-in-a-box.ini',
  summaryFile: '/var/lib/cloud-in-a-box/summary.txt',
  /** where the kickstart copies the ISO's offline repository, for the first boot's yum (answers.repositories.offline) */
  offlineRepoDir: '/var/lib/cloud-in-a-box/offline-repo',
  /** the repo file and section of answers.repositories.offline */
  offlineRepoFile: '/etc/yum.repos.d/cloud-in-a-box-offline.repo',
  offlineRepoId: 'cloud-in-a-box-offline',
  /** the newest install log */
  latestLog: '/var/log/cloud-in-a-box/latest',
} as const;
