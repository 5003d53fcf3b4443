/**
 * Processes read from /proc, for the tests that kill the installer: the simulated host, the workstation and
 * the test share this machine's pid namespace, so a tree is walked by parent pid across all of them.
 */
import { readFileSync, readdirSync } from 'node:fs';

export interface ProcInfo {
  pid: number;
  ppid: number;
  state: string;
}

export function procInfo(pid: number): ProcInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after the last ')'.
    const [state = '', ppid = '0'] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(ppid), state };
  } catch {
    return undefined;
  }
}

export function allProcs(): ProcInfo[] {
  return readdirSync('/proc')
    .filter((n) => /^\d+$/.test(n))
    .map((n) => procInfo(Number(n)))
    .filter((p): p is ProcInfo => p !== undefined);
}

export function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return '';
  }
}

/**
 * The fake systemctl's listener processes stand for the units systemd runs: on a real host they are
 * children of systemd, not of the installer, and a killed installer leaves them running.
 */
export const isUnitProcess = (pid: number): boolean => cmdline(pid).includes('/fakes/lib/listener.js');

export const gone = (pid: number): boolean => {
  const p = procInfo(pid);
  return p === undefined || p.state === 'Z';
};

export const signal = (pid: number, name: NodeJS.Signals): void => {
  if (pid === 0 || pid === -1)
    throw new Error(`refusing to signal ${pid}: that is a whole group, or everything`);
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
};

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Everything ROOT started, by parent pid, leaving out the units' processes (they survive a kill, as units would). */
export function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const p of allProcs()) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p.pid]);
  const out: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.shift() ?? 0;
    for (const child of children.get(pid) ?? []) {
      if (isUnitProcess(child)) continue;
      out.push(child);
      queue.push(child);
    }
  }
  return out;
}

/**
 * SIGKILL for PID and every process it started, as the end of the whole terminal session would. The engine
 * runs each task's bash (and each ssh client) in a process group of its own (src/host/tools/tool.ts), so
 * killing the installer's group would miss them: the tree is walked by parent pid instead. Everything is
 * stopped first, top down, so that nothing forks or is re-parented (and lost from the walk) while we look;
 * then everything is killed at once. Resolves once all of it is gone.
 */
export async function killTree(pid: number): Promise<number[]> {
  const frozen: number[] = [];
  for (;;) {
    const fresh = [pid, ...descendants(pid)].filter((p) => !frozen.includes(p) && !gone(p));
    if (fresh.length === 0) break;
    for (const p of fresh) signal(p, 'SIGSTOP');
    frozen.push(...fresh);
    // kill() returns before the process has stopped: a fork in flight would finish after our next look
    // and its child escape (seen: a task's bash, half spawned, finishing its task after the kill). A
    // process in state T can fork no more and its children are all visible.
    const deadline = Date.now() + 60_000;
    while (fresh.some((p) => !gone(p) && procInfo(p)?.state !== 'T')) {
      if (Date.now() > deadline) throw new Error(`processes did not stop: ${fresh.join(' ')}`);
      await sleep(1);
    }
  }
  for (const p of frozen) signal(p, 'SIGKILL');
  const deadline = Date.now() + 60_000;
  while (frozen.some((p) => !gone(p))) {
    if (Date.now() > deadline) throw new Error(`processes still alive after SIGKILL: ${frozen.join(' ')}`);
    await sleep(5);
  }
  return frozen;
}
