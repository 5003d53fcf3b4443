/** Where users reach the cloud, as the summary names it (src/core/render/derive.ts). */
import type { AnswersModel } from '../answers/model.js';
import { renderValues } from '../render/derive.js';
import type { ReleaseProfile } from '../release/types.js';
import type { Role } from '../role.js';
import { cloudSide } from '../steps/step.js';
import type { Endpoints } from './assess.js';

/** undefined for a node controller: it serves no endpoint of its own. */
export function endpointsOf(model: AnswersModel, release: ReleaseProfile, role: Role): Endpoints | undefined {
  if (!cloudSide.includes(role)) return undefined;
  const { urls } = renderValues(model, release);
  return {
    services: urls.services,
    region: urls.region,
    console: model.answers.cloud.console ? urls.console : undefined,
  };
}
