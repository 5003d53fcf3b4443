import { packageFile } from '../package-files.js';
import { eucalyptus44Files } from '../render/files/eucalyptus-4.4.js';
import { eucalyptus5Files } from '../render/files/eucalyptus-5.js';
import { eucalyptus44 } from './eucalyptus-4.4.js';
import type { Eucalyptus44TaskId } from './eucalyptus-4.4-procedure.js';
import { eucalyptus44Steps } from './eucalyptus-4.4-procedure.js';
import { eucalyptus5 } from './eucalyptus-5.js';
import type { Eucalyptus5TaskId } from './eucalyptus-5-procedure.js';
import { eucalyptus5Steps } from './eucalyptus-5-procedure.js';
import type { Release } from './release.js';
import type { ReleaseId } from './types.js';

export type { Release } from './release.js';
export type { ReleaseId, ReleaseProfile } from './types.js';

/** The id of a task of any release: what preflight treatments and other references to tasks name. */
export type TaskId = Eucalyptus44TaskId | Eucalyptus5TaskId;

export const releases: Readonly<Record<ReleaseId, Release>> = {
  'eucalyptus-4.4': {
    ...eucalyptus44,
    files: eucalyptus44Files,
    templates: packageFile('templates', 'eucalyptus-4.4'),
    steps: eucalyptus44Steps,
  },
  'eucalyptus-5': {
    ...eucalyptus5,
    files: eucalyptus5Files,
    templates: packageFile('templates', 'eucalyptus-5'),
    steps: eucalyptus5Steps,
  },
};

export function getRelease(id: ReleaseId): Release {
  return releases[id];
}
