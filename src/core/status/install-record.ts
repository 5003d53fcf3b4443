/**
 * What the host records of its installs: the journal (one file per task, key=value lines, written by
 * ciab_journal_put in templates/shell/prelude.bash), whether a run holds the run lock, and the newest log.
 * The host side prints them in one piece (src/host/install-record.ts); this parses that piece.
 */

export interface JournalRecord {
  id: string;
  /** done, running, failed or stale (ciab_run_task) */
  status: string;
  started: string;
  /** empty while the task runs (or when its run was killed) */
  finished: string;
}

/** `none`: no lock file (no run ever took it); `held`: a run holds it now; `free`: no run does. */
export type RunLockState = 'none' | 'held' | 'free';

export interface InstallRecord {
  journal: JournalRecord[];
  runLock: RunLockState;
  /** the newest run's log (where LOG_DIR/latest points); undefined when there is none */
  latestLog: string | undefined;
}

/** The marker lines of the host's piece. */
export const RECORD_MARK = {
  lock: '@@ciab-lock ',
  log: '@@ciab-log ',
  entry: '@@ciab-entry',
} as const;

export function parseInstallRecord(text: string): InstallRecord {
  const journal: JournalRecord[] = [];
  let runLock: RunLockState = 'none';
  let latestLog: string | undefined;
  let entry: Record<string, string> | undefined;
  const flush = (): void => {
    if (entry?.id !== undefined && entry.id !== '')
      journal.push({
        id: entry.id,
        status: entry.status ?? '',
        started: entry.started ?? '',
        finished: entry.finished ?? '',
      });
    entry = undefined;
  };
  for (const line of text.split('\n')) {
    if (line.startsWith(RECORD_MARK.lock)) {
      const state = line.slice(RECORD_MARK.lock.length).trim();
      if (state === 'held' || state === 'free') runLock = state;
    } else if (line.startsWith(RECORD_MARK.log)) {
      const file = line.slice(RECORD_MARK.log.length).trim();
      latestLog = file === '' ? undefined : file;
    } else if (line === RECORD_MARK.entry) {
      flush();
      entry = {};
    } else if (entry !== undefined && line.includes('=')) {
      entry[line.slice(0, line.indexOf('='))] = line.slice(line.indexOf('=') + 1);
    }
  }
  flush();
  return { journal, runLock, latestLog };
}

/**
 * The last output of task ID in a run log (src/host/runner/log.ts: `--- run ID: title`, the output as
 * `| line`, then `task ID: failed`): what it said before it failed. Empty when the log does not hold it.
 */
export function failureLines(log: string, id: string, max = 10): string[] {
  const lines = log.split('\n');
  const end = lines.findLastIndex((l) => l.startsWith(`task ${id}: failed`));
  if (end < 0) return [];
  const start = lines.findLastIndex(
    (l, i) => i < end && /^--- (run|force) /.test(l) && l.includes(` ${id}:`),
  );
  return lines
    .slice(start + 1, end)
    .filter((l) => l.startsWith('| '))
    .map((l) => l.slice(2))
    .slice(-max);
}
