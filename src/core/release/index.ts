import { eucalyptus44 } from './eucalyptus-4.4.js';
import type { ReleaseId, ReleaseProfile } from './types.js';

export type { ReleaseId, ReleaseProfile } from './types.js';

export const releases: Readonly<Record<ReleaseId, ReleaseProfile>> = {
  'eucalyptus-4.4': eucalyptus44,
};

export const releaseIds = Object.keys(releases) as [ReleaseId, ...ReleaseId[]];

export function getRelease(id: ReleaseId): ReleaseProfile {
  return releases[id];
}
