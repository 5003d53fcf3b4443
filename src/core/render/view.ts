/**
 * The one view builder: what a template sees, for the release's files, the kickstart and the boot menus
 * alike. Every input is wrapped (./opaque.ts), so that only the quoting helpers (./helpers.ts) write it.
 */
import type { AnswersModel } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';
import { locations } from '../locations.js';
import type { ReleaseProfile } from '../release/types.js';
import { renderValues } from './derive.js';
import { helpers } from './helpers.js';
import { opaque } from './opaque.js';
import type { View } from './templates.js';
import type { RenderContext } from './types.js';

export interface ViewInputs {
  answers?: Answers;
  /** the answers' parsed values, from which `net` and `urls` come (with the release) */
  model?: AnswersModel;
  context?: RenderContext;
  release?: ReleaseProfile;
  /** values only this template needs */
  file: Record<string, unknown>;
}

/** Names a template does not get are undefined; `net` and `urls` come with the model and the release. */
export function buildView(inputs: ViewInputs): View {
  const { answers, model, context, release } = inputs;
  const derived = model === undefined || release === undefined ? undefined : renderValues(model, release);
  return {
    answers: opaque(answers, 'answers'),
    context: opaque(context, 'context'),
    release: opaque(release, 'release'),
    net: opaque(derived?.net, 'net'),
    urls: opaque(derived?.urls, 'urls'),
    locations: opaque(locations, 'locations'),
    file: opaque(inputs.file, 'file'),
    ...helpers,
  };
}
