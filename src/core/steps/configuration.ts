/** Configuration files that come with a service restart (docs/EUCALYPTUS-4.4.md §1.3, 1.4). */
import { filesAreInPlace, putFiles, restoreFiles } from '../plan/files.js';
import { lines, sh } from '../plan/sh.js';
import type { Step } from './step.js';
import { step } from './step.js';

/** chrony.conf in place and chronyd running with it: the cloud's services need the clock in step. */
export function timeSync<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'configuration', {}, ({ answers, release, files }) => {
    const chrony = files((f) => f.path === '/etc/chrony.conf');
    const unit = release.units.timeSync;
    return {
      title: `keep the clock in step with ${answers.host.ntpServers.join(', ')}`,
      inputs: ['host.ntpServers'],
      files: chrony,
      check: lines(filesAreInPlace(chrony) + ' &&', sh`ciab_units_up ${unit}`),
      apply: lines(putFiles(chrony), sh`ciab_units_start ${unit}`),
      undo: lines(restoreFiles(chrony), sh`ciab_units_try_restart ${unit} || true`),
    };
  });
}
