/** A row of a release's file table: which template makes which file, where, with what permissions. */
import type { Answers } from '../../answers/schema.js';
import type { ReleaseProfile } from '../../release/types.js';
import type { RenderContext } from '../types.js';

/** The answers and host context a row may read; reads are recorded as the file's inputs. */
export interface SpecInputs {
  answers: Answers;
  context: RenderContext;
  release: ReleaseProfile;
}

export interface FileSpec {
  id: string;
  /** path under the release's templates directory (Release.templates), named after the target file; or absolute */
  template: string;
  /** absolute target path */
  path: (inputs: SpecInputs) => string;
  mode: number;
  /** "user:group"; root:root when absent */
  owner?: string;
  /** rendered only when this holds */
  when?: (inputs: SpecInputs) => boolean;
  /** values only this file's template needs, visible to it as `file` */
  locals?: (inputs: SpecInputs) => Record<string, unknown>;
}
