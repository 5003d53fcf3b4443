// Types of listener-process.js (plain JavaScript so that the fakes need no build step).
export interface ListenerProcess {
  pid: number;
  /** /proc/PID/stat field 22; null if the process was gone before it could be read. */
  start: string | null;
}
export function identify(pid: number | undefined): ListenerProcess;
export function running(listener: ListenerProcess): boolean;
export function signal(listener: ListenerProcess, name: NodeJS.Signals): boolean;
