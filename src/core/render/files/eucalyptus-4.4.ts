/**
 * The files a Eucalyptus 4.4 single-host install writes, one template each (templates/eucalyptus-4.4/).
 * Sources per file are in the templates' comments; the procedure: docs/EUCALYPTUS-4.4.md.
 */
import path from 'node:path';
import type { ReleaseProfile, Repository, RepositoryId } from '../../release/types.js';
import { repositoriesOf } from '../../release/types.js';
import { locations } from '../../locations.js';
import type { FileSpec } from './spec.js';

const networkScripts = '/etc/sysconfig/network-scripts';

/** One repo file per distinct `file` of the release's repositories, in release order (docs/EUCALYPTUS-4.4.md §1.2). */
function repositoryFiles(release: ReleaseProfile): FileSpec[] {
  const byFile = new Map<string, [RepositoryId, Repository][]>();
  for (const [id, repository] of repositoriesOf(release))
    byFile.set(repository.file, [...(byFile.get(repository.file) ?? []), [id, repository]]);
  return [...byFile].map(([file, repositories]) => ({
    id: `repo:${file}`,
    template: 'etc/yum.repos.d/repo-file.repo.ejs',
    path: () => `/etc/yum.repos.d/${file}`,
    mode: 0o644,
    locals: ({ answers }) => ({
      repositories: repositories.map(([id, repository]) => ({
        section: repository.id,
        name: repository.name,
        // answers.repositories.<id> replaces the release's URL
        baseurl: answers.repositories[id] ?? repository.baseurl,
        gpgkeys: repository.gpgkeys,
      })),
    }),
  }));
}

/**
 * The signing keys, before any repository file names them. Each template is the published key as is (no
 * ejs tags: it renders byte for byte); test/release/signing-keys.test.ts checks each fingerprint with gpg.
 */
function signingKeyFiles(release: ReleaseProfile): FileSpec[] {
  return release.signingKeys.map((key) => ({
    id: `key:${path.posix.basename(key.path)}`,
    template: key.path.slice(1),
    path: () => key.path,
    mode: 0o644,
  }));
}

/**
 * answers.repositories.offline: one repository holding packages of every origin, so each package is
 * checked against every key of the release (yum tries a repository's keys in turn).
 */
function offlineRepositoryFile(release: ReleaseProfile): FileSpec {
  const keys = [...new Set(Object.values(release.repositories).flatMap((r) => r.gpgkeys))];
  return {
    id: 'repo:offline',
    template: 'etc/yum.repos.d/repo-file.repo.ejs',
    path: () => locations.offlineRepoFile,
    mode: 0o644,
    when: ({ answers }) => answers.repositories.offline !== undefined,
    locals: ({ answers }) => ({
      repositories: [
        {
          section: locations.offlineRepoId,
          name: 'cloud-in-a-box offline repository',
          baseurl: answers.repositories.offline,
          gpgkeys: keys,
        },
      ],
    }),
  };
}

export function eucalyptus44Files(release: ReleaseProfile): FileSpec[] {
  return [
    ...signingKeyFiles(release),
    ...repositoryFiles(release),
    offlineRepositoryFile(release),
    {
      id: 'hosts',
      template: 'etc/hosts.ejs',
      path: () => '/etc/hosts',
      mode: 0o644,
    },
    {
      id: 'chrony.conf',
      template: 'etc/chrony.conf.ejs',
      path: () => '/etc/chrony.conf',
      mode: 0o644,
    },
    {
      id: 'ifcfg-bridge',
      template: 'etc/sysconfig/network-scripts/ifcfg-bridge.ejs',
      path: ({ answers }) => `${networkScripts}/ifcfg-${answers.network.bridge}`,
      mode: 0o644,
    },
    {
      id: 'ifcfg-interface',
      template: 'etc/sysconfig/network-scripts/ifcfg-interface.ejs',
      path: ({ answers }) => `${networkScripts}/ifcfg-${answers.network.interface}`,
      mode: 0o644,
    },
    {
      id: 'eucalyptus.conf',
      template: 'etc/eucalyptus/eucalyptus.conf.ejs',
      path: ({ release }) => release.paths.conf,
      mode: 0o644,
    },
    {
      id: 'network.json',
      template: 'etc/eucalyptus/network.json.ejs',
      path: ({ release }) => release.paths.networkConfig,
      mode: 0o644,
    },
    {
      id: 'euca2ools-region',
      template: 'etc/euca2ools/conf.d/cloud-in-a-box.ini.ejs',
      path: () => locations.regionIni,
      mode: 0o644,
    },
    {
      id: 'admin-password',
      template: 'root/.euca/admin-password.ejs',
      path: () => locations.adminPasswordFile,
      mode: 0o600,
      when: ({ context }) => context.adminPassword !== undefined,
    },
    {
      id: 'summary',
      template: 'var/lib/cloud-in-a-box/summary.txt.ejs',
      path: () => locations.summaryFile,
      mode: 0o644,
    },
  ];
}
