/**
 * The files a Eucalyptus 5 single-host install writes: 4.4's table (src/core/render/files/eucalyptus-4.4.ts),
 * whose host files (keys, repositories, hosts, chrony, ifcfg, region, password, summary) 5 shares from
 * templates/eucalyptus-4.4/, with 5's own templates (templates/eucalyptus-5/) for eucalyptus.conf, network.yaml
 * in place of network.json, and the signing keys 4.4 does not ship.
 */
import path from 'node:path';
import { packageFile } from '../../package-files.js';
import type { ReleaseProfile } from '../../release/types.js';
import { eucalyptus44Files } from './eucalyptus-4.4.js';
import type { FileSpec } from './spec.js';

const templates44 = packageFile('templates', 'eucalyptus-4.4');

/** 5's own templates, under templates/eucalyptus-5/; every other row takes 4.4's template of the same name. */
const ownTemplates = new Set([
  'etc/eucalyptus/eucalyptus.conf.ejs',
  'etc/eucalyptus/network.yaml.ejs',
  'etc/pki/rpm-gpg/RPM-GPG-KEY-CentOS-SIG-Virtualization',
]);

export function eucalyptus5Files(release: ReleaseProfile): FileSpec[] {
  return eucalyptus44Files(release).map((spec) => {
    if (spec.id === 'network.json')
      return {
        id: 'network.yaml',
        template: 'etc/eucalyptus/network.yaml.ejs',
        path: ({ release: r }) => r.paths.networkConfig,
        mode: 0o644,
      };
    return ownTemplates.has(spec.template)
      ? spec
      : { ...spec, template: path.join(templates44, spec.template) };
  });
}
