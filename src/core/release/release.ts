/** A release: its data (the profile) and its procedure, the steps an install of it runs in order. */
import type { Step } from '../steps/step.js';
import type { ReleaseProfile } from './types.js';

export interface Release extends ReleaseProfile {
  steps: readonly Step[];
}
