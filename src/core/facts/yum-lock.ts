/**
 * yum's lock: /var/run/yum.pid holds the pid of the process that holds it (yum, or PackageKit's
 * packagekitd through its yum backend). yum itself treats a pid file whose process is gone as stale and
 * takes the lock over, so only a live process counts (YumBase.doLock in yum/__init__.py).
 */

/** The pid in /var/run/yum.pid; undefined when the file holds no pid. */
export function parseYumPid(text: string): number | undefined {
  const word = text.trim();
  if (!/^\d{1,10}$/.test(word)) return undefined;
  const pid = Number(word);
  return pid > 0 ? pid : undefined;
}

/** The command name from /proc/<pid>/comm (at most 15 characters, newline-terminated). */
export function parseComm(text: string): string {
  return text.replace(/\n$/, '');
}
