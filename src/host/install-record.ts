/**
 * Reads what the target records of its installs in one script (one round trip over SSH): the journal's
 * entries, whether a run holds the run lock, and the newest log (src/core/status/install-record.ts).
 * Read-only: the lock is tried without waiting and let go at once; nothing is created.
 */
import { LOG_DIR, RUN_LOCK_NAME, STATE_DIR } from '../core/locations.js';
import { lines, sh } from '../core/plan/sh.js';
import type { InstallRecord } from '../core/status/install-record.js';
import { parseInstallRecord, RECORD_MARK } from '../core/status/install-record.js';
import type { TargetHost } from './target-host.js';

export async function readInstallRecord(host: Pick<TargetHost, 'runBash'>): Promise<InstallRecord> {
  const lock = `${STATE_DIR}/${RUN_LOCK_NAME}`;
  const script = lines(
    // flock -n fails at once when a run holds the lock (flock(1)); -s: a shared lock is enough to find out.
    sh`if [ ! -e ${lock} ]; then state=none; elif flock -n -s ${lock} true; then state=free; else state=held; fi`,
    sh`echo ${RECORD_MARK.lock}"$state"`,
    sh`echo ${RECORD_MARK.log}"$(readlink -e ${`${LOG_DIR}/latest`} 2>/dev/null)"`,
    sh`for entry in ${`${STATE_DIR}/journal`}/*; do`,
    sh`  [ -f "$entry" ] || continue`,
    sh`  echo ${RECORD_MARK.entry}`,
    '  cat "$entry"',
    'done',
    '',
  );
  const result = await host.runBash(script, { during: 'reading the install journal' });
  return parseInstallRecord(result.output);
}
