/**
 * A test-only release, deliberately different from 4.4 and made only of what a release is made of: the
 * profile data, a file table, templates and a procedure from the step library. It proves that a release
 * with another network configuration format and another service layout needs no engine, CLI, preflight
 * or kickstart change (docs/ARCHITECTURE.md, "How to add a release").
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getRelease } from '../../../src/core/release/index.js';
import type { Release, ReleaseId } from '../../../src/core/release/index.js';
import type { ReleaseProfile } from '../../../src/core/release/types.js';
import type { FileSpec } from '../../../src/core/render/files/spec.js';
import { variantSteps } from './procedure.js';

const base = getRelease('eucalyptus-4.4');
const ownTemplates = path.dirname(fileURLToPath(import.meta.url)) + '/templates';

/** 4.4's files, but the network configuration is network.yaml, from this release's own template. */
function variantFiles(release: ReleaseProfile): FileSpec[] {
  return [
    ...base.files(release).filter((spec) => spec.id !== 'network.json'),
    {
      id: 'network.yaml',
      // an absolute template path: this release's own, beside the 4.4 templates it shares
      template: path.join(ownTemplates, 'network.yaml.ejs'),
      path: ({ release: r }) => r.paths.networkConfig,
      mode: 0o644,
    },
  ];
}

export const variantRelease: Release = {
  ...base,
  // a test-only release is not one a user can choose: its id is outside the answers' list
  id: 'test-variant' as ReleaseId,
  title: 'Test variant (network.yaml, cluster controller in the cloud unit)',
  eucalyptusVersion: '5',
  paths: { ...base.paths, networkConfig: '/etc/eucalyptus/network.yaml' },
  units: { ...base.units, cluster: base.units.cloud },
  files: variantFiles,
  steps: variantSteps,
};
