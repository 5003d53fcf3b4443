/** What a template sees: every input wrapped (./opaque.ts), plus the quoting helpers (./helpers.ts). */
import type { AnswersModel } from '../answers/model.js';
import { renderValues } from './derive.js';
import type { SpecInputs } from './files/spec.js';
import { helpers } from './helpers.js';
import { locations } from '../locations.js';
import { opaque } from './opaque.js';
import type { View } from './templates.js';

export function buildView(inputs: SpecInputs, model: AnswersModel, locals: Record<string, unknown>): View {
  const { net, urls } = renderValues(model, inputs.release);
  return {
    answers: opaque(inputs.answers, 'answers'),
    context: opaque(inputs.context, 'context'),
    release: opaque(inputs.release, 'release'),
    net: opaque(net, 'net'),
    urls: opaque(urls, 'urls'),
    locations: opaque(locations, 'locations'),
    file: opaque(locals, 'file'),
    ...helpers,
  };
}
