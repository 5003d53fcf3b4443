/** A release: its data (the profile), its file table and its procedure, the steps an install of it runs in order. */
import type { FileSpec } from '../render/files/spec.js';
import type { Step } from '../steps/step.js';
import type { ReleaseProfile } from './types.js';

export interface Release extends ReleaseProfile {
  /** which template makes which file (src/core/render/files/) */
  files: (release: ReleaseProfile) => FileSpec[];
  /** the directory (absolute) that the file table's template paths are under */
  templates: string;
  steps: readonly Step[];
}
