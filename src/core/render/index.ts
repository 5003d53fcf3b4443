/**
 * The one renderer: answers + release + host context -> every file the install writes. Used by
 * `cloud-in-a-box render`, by the install plan and by the kickstart mode; nothing else holds template logic.
 * Pure and deterministic: it reads only the release's templates, and the same inputs give the same bytes.
 */
import path from 'node:path';
import { isSecret } from '../answers/fields.js';
import type { AnswersModel } from '../answers/model.js';
import { deriveModel } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';
import type { Release } from '../release/release.js';
import type { FileSpec, SpecInputs } from './files/spec.js';
import { track, trackModel } from './track.js';
import type { RenderContext, RenderedFile } from './types.js';
import { buildView } from './view.js';
import { loadTemplate } from './templates.js';

export type { RenderContext, RenderedFile } from './types.js';
export { manifest } from './manifest.js';

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;

export function renderFiles(answers: Answers, release: Release, context: RenderContext): RenderedFile[] {
  // Parsed once for every file; the plan hands over answers, not yet their model.
  const model = deriveModel(answers);
  // Host facts are data from a file on the host: a value that is not a MAC address is a bug upstream.
  if (context.nicHwaddr !== undefined && !MAC.test(context.nicHwaddr)) {
    throw new Error(`the interface's HWADDR ${JSON.stringify(context.nicHwaddr)} is not a MAC address`);
  }
  return release.files(release).flatMap((spec) => renderOne(spec, model, release, context));
}

function renderOne(
  spec: FileSpec,
  model: AnswersModel,
  release: Release,
  context: RenderContext,
): RenderedFile[] {
  const trackedAnswers = track(model.answers);
  const trackedContext = track(context, ['context']);
  const inputs: SpecInputs = { answers: trackedAnswers.value, context: trackedContext.value, release };
  if (spec.when !== undefined && !spec.when(inputs)) return [];
  const target = spec.path(inputs);
  if (!path.posix.isAbsolute(target) || path.posix.normalize(target) !== target || /\s/.test(target)) {
    throw new Error(`${spec.id}: target path ${JSON.stringify(target)} is not a plain absolute path`);
  }
  const view = buildView({
    ...inputs,
    model: trackModel(model, trackedAnswers),
    file: spec.locals?.(inputs) ?? {},
  });
  const content = loadTemplate(path.resolve(release.templates, spec.template))(view);
  const dependsOn = [...trackedAnswers.reads, ...trackedContext.reads].sort();
  const secret = dependsOn.some(
    (p) => p === 'context.adminPassword' || (!p.startsWith('context.') && isSecret(p.split('.'))),
  );
  if (secret && (spec.mode & 0o077) !== 0) {
    throw new Error(
      `${spec.id} holds a secret but its mode is ${spec.mode.toString(8)}; secret files are 0600`,
    );
  }
  return [
    {
      id: spec.id,
      path: target,
      content,
      mode: spec.mode,
      owner: spec.owner ?? 'root:root',
      secret,
      dependsOn,
    },
  ];
}
