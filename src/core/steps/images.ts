/** The service image: load balancer and imaging worker (docs/EUCALYPTUS-4.4.md §1.5 step 19). */
import type { Answers } from '../answers/schema.js';
import { lines, sh } from '../plan/sh.js';
import type { Step } from './step.js';
import { SYSTEM_CREDENTIALS as creds, cloudSide, step } from './step.js';

/** The answers ask for the load balancer and imaging services. */
const wanted = (answers: Answers): boolean => answers.cloud.extraServices;

export function installServiceImage<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'serviceImage', { roles: cloudSide, when: wanted }, () => ({
    title: 'install the load balancer and imaging service image (10 to 15 minutes)',
    waitSeconds: 1800,
    check: `${creds} && [ "$(euctl -n services.imaging.worker.image 2>/dev/null)" != NULL ] && [ -n "$(euctl -n services.imaging.worker.image 2>/dev/null)" ]`,
    apply: lines(creds, 'esi-install-image --region localhost --install-default'),
  }));
}

export function imagingStack<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'serviceImage', { roles: cloudSide, when: wanted }, () => ({
    title: 'create the imaging worker stack',
    check: 'ciab_property_is services.imaging.worker.configured true',
    apply: lines(creds, 'esi-manage-stack --region localhost -a create imaging'),
  }));
}

/**
 * The stack is only configured once the property is set: its worker instance must still be scheduled and
 * boot, which it cannot when public addresses or instance slots run short (4.4 admin guide, troubleshooting
 * ts_img_worker). A frontend has no instance slot until node controllers join it: its worker starts then,
 * after the install.
 */
export function imagingWorker<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'serviceImage', { roles: ['ciab'], when: wanted }, ({ release }) => {
    const { imagingWorker: wait, poll } = release.waits;
    return {
      title: 'wait for the imaging worker instance to run',
      waitSeconds: wait,
      check: `${creds} && ciab_imaging_worker_running`,
      apply: lines(
        creds,
        sh`ciab_wait ${'the imaging worker instance to run'} ${wait} ${poll} ciab_imaging_worker_running`,
      ),
      failureHint:
        'the imaging worker instance did not start running, most likely for lack of free public addresses or ' +
        'instance slots: see euca-describe-addresses verbose, euca-describe-availability-zones verbose and ' +
        'euscale-describe-scaling-activities -g asg-euca-internal-imaging-worker-01',
    };
  });
}
