// A unit's listener process, known by its pid AND its start time. A bare pid recorded earlier is not enough:
// pid_max is 32768 on these machines and the suite starts tens of thousands of processes, so by the time a
// unit is stopped its listener may have died and its pid gone to an unrelated process (a test runner, the CI
// job itself) that a kill would take down. proc(5): /proc/PID/stat field 22 is the start time in clock
// ticks after boot; it is set at fork, unchanged by exec, and differs for a process that reuses the pid.
import { readFileSync } from 'node:fs';

/** The state letter and start time of a process, or undefined if there is none of that pid. */
function stat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name (field 2) may hold spaces and parentheses: the fields after it follow its last ')'.
  const after = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { state: after[0], start: after[19] };
}

/**
 * The identity to record for a listener just spawned (its /proc entry exists from the fork on). One that is
 * already gone gets no start time: it is never `running`, and its unit shows as crashed.
 */
export function identify(pid) {
  return { pid, start: (pid === undefined ? undefined : stat(pid))?.start ?? null };
}

/** The recorded listener is still that process and not a zombie (an orphan awaiting its reaper serves nothing). */
export function running(listener) {
  const s = stat(listener.pid);
  return s !== undefined && s.start === listener.start && s.state !== 'Z';
}

/** Sends the signal to the recorded listener if it is still that process; false if it is gone. */
export function signal(listener, name) {
  if (!running(listener)) return false;
  try {
    process.kill(listener.pid, name);
    return true;
  } catch {
    return false;
  }
}
