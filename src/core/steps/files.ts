/** Steps that install rendered files, and the task shapes every file step shares. */
import { filesAreInPlace, putFiles, restoreFiles } from '../plan/files.js';
import type { PhaseId } from '../plan/types.js';
import type { RenderedFile } from '../render/index.js';
import type { Step, StepContext, StepOptions, TaskBody } from './step.js';
import { step } from './step.js';

export interface FilesStep extends StepOptions {
  /** which rendered files the task installs */
  pick: (file: RenderedFile, context: StepContext) => boolean;
  /** the title, from the context and the picked files' paths */
  title: (context: StepContext, paths: string[]) => string;
  inputs?: string[];
  /** false for files an uninstall leaves (the answers, the summary) */
  undo?: boolean;
  failureHint?: string;
}

/** Rendered files put in place (mode, owner, content) and restored from the backup on uninstall. */
export function installFiles<const Id extends string>(id: Id, phase: PhaseId, spec: FilesStep): Step<Id> {
  return step(id, phase, spec, (context): TaskBody => {
    const picked = context.files((file) => spec.pick(file, context));
    return {
      title: spec.title(
        context,
        picked.map((f) => f.path),
      ),
      files: picked,
      inputs: spec.inputs ?? [],
      check: filesAreInPlace(picked),
      apply: putFiles(picked),
      ...(spec.undo === false ? {} : { undo: restoreFiles(picked) }),
      ...(spec.failureHint === undefined ? {} : { failureHint: spec.failureHint }),
    };
  });
}

/** Picks the rendered file at exactly PATH. */
export const at =
  (path: string) =>
  (file: RenderedFile): boolean =>
    file.path === path;

/** Picks the rendered files under DIR (ending in a slash). */
export const under =
  (dir: string) =>
  (file: RenderedFile): boolean =>
    file.path.startsWith(dir);
