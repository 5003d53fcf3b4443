/** The summary the install ends with: the cloud's URLs and how to use it. */
import { locations } from '../locations.js';
import { at, installFiles } from './files.js';
import type { Step } from './step.js';

export function summary<const Id extends string>(id: Id): Step<Id> {
  return installFiles(id, 'summary', {
    pick: at(locations.summaryFile),
    title: () => `save the summary to ${locations.summaryFile}`,
    undo: false,
  });
}
