/** The admin's credentials (docs/EUCALYPTUS-4.4.md §1.5 step 18). */
import { locations } from '../locations.js';
import { filesAreInPlace, putFiles } from '../plan/files.js';
import { lines, sh } from '../plan/sh.js';
import { installFiles, under } from './files.js';
import type { Step } from './step.js';
import { SYSTEM_CREDENTIALS as creds, cloudSide, step } from './step.js';

const { credentialsDir, credentialsIni, adminPasswordFile, adminLoginMarker } = locations;

/** The admin password in a root-only file: the one from the answers, or one made on the host. */
export function adminPassword<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'credentials', { roles: cloudSide }, ({ files }) => {
    const passwordFile = files((f) => f.path === adminPasswordFile);
    return {
      title: `store the admin password in ${adminPasswordFile} (0600)`,
      inputs: ['admin.password'],
      files: passwordFile,
      check: passwordFile.length > 0 ? filesAreInPlace(passwordFile) : sh`[ -s ${adminPasswordFile} ]`,
      // No password in the answers: make one on the host, so that it never passes through a log or plan.
      apply:
        passwordFile.length > 0
          ? putFiles(passwordFile)
          : lines(
              sh`install -d -m 0700 ${credentialsDir}`,
              sh`(umask 077 && head -c 32 /dev/urandom | base64 | tr -dc A-Za-z0-9 | head -c 20 > ${adminPasswordFile})`,
            ),
      undo: sh`rm -f ${adminPasswordFile}`,
      secretFile: adminPasswordFile,
    };
  });
}

/** The cloud's region for every euca2ools user (/etc/euca2ools/conf.d), without secrets. */
export function regionFile<const Id extends string>(id: Id): Step<Id> {
  return installFiles(id, 'credentials', {
    roles: cloudSide,
    pick: under('/etc/euca2ools/'),
    title: ({ answers }) => `describe the ${answers.cloud.dnsDomain} region to euca2ools`,
    inputs: ['cloud.dnsDomain'],
  });
}

/**
 * The admin's access keys, as the default user of the cloud's region, and no region URLs of their own (see
 * ciab_admin_ini). The key the cloud makes is kept in <ini>.new-key until the ini is in place: a run stopped
 * in between uses it again next time, since the admin may hold only two access keys (the system key counts)
 * and a third is refused (LimitExceeded). For the same reason an ini of an earlier run keeps its key.
 */
export function adminKeys<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'credentials', { roles: cloudSide }, ({ answers }) => {
    const domain = answers.cloud.dnsDomain;
    const newKey = `${credentialsIni}.new-key`;
    return {
      title: `write the admin access keys to ${credentialsIni} (0600)`,
      inputs: ['cloud.dnsDomain'],
      check: lines(
        sh`grep -q '^key-id' ${credentialsIni} 2>/dev/null &&`,
        sh`  grep -qxF ${`[region ${domain}]`} ${credentialsIni} &&`,
        sh`  ! grep -q '^[a-z0-9-]*-url *=' ${credentialsIni}`,
      ),
      apply: lines(
        creds,
        sh`install -d -m 0700 ${credentialsDir}`,
        sh`grep -q '^secret-key' ${newKey} 2>/dev/null || ! grep -q '^secret-key' ${credentialsIni} 2>/dev/null ||`,
        sh`  (umask 077 && cp ${credentialsIni} ${newKey})`,
        sh`grep -q '^secret-key' ${newKey} 2>/dev/null ||`,
        // -d only spares a warning (createaccesskey.py: an IAM URL by address names no domain); ciab_admin_ini
        // drops the region section it adds.
        sh`  (umask 077 && euare-useraddkey --region localhost -w -d ${domain} admin > ${newKey})`,
        sh`(umask 077 && ciab_admin_ini ${newKey} ${domain} > ${`${credentialsIni}.tmp`})`,
        sh`mv -f ${`${credentialsIni}.tmp`} ${credentialsIni}`,
        sh`rm -f ${newKey}`,
      ),
      undo: sh`rm -f ${credentialsIni} ${newKey}`,
    };
  });
}

/** The admin's login profile, so that the console takes the admin password. */
export function adminLogin<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'credentials', { roles: cloudSide }, () => ({
    title: 'let the admin user log in to the console',
    check: sh`[ -e ${adminLoginMarker} ]`,
    apply: lines(creds, sh`ciab_admin_login ${adminPasswordFile}`, sh`touch ${adminLoginMarker}`),
  }));
}
