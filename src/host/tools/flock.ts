/**
 * flock (util-linux): one cloud-in-a-box run at a time on a host. Node.js cannot lock a file itself, so a
 * `flock` process holds the lock for us for as long as its standard input stays open: it goes when we do,
 * however we end (a kill -9 closes the pipe too). `--close` keeps the lock's descriptor out of what flock
 * runs. The standalone install script takes the same lock the same way (templates/shell/standalone.bash).
 */
import { DETACHED_LOCK, RUN_LOCK_HELD_EXIT } from '../../core/locations.js';
import type { Started } from './tool.js';
import { startTool, ToolError, throwIfFailed } from './tool.js';

export interface HeldLock {
  release: () => Promise<void>;
}

const LOCKED = 'locked';

/**
 * flock's argv for the lock on `file`: --nonblock, so a held lock is refused at once (exit
 * RUN_LOCK_HELD_EXIT), and a holder that says so, then keeps the lock until its standard input ends.
 * Before it says so it waits for a detached task still running (DETACHED_LOCK: a bridge whose SSH
 * session was lost), so that no run starts while the host's network may still be rolling back.
 */
export function lockArgv(file: string): string[] {
  return [
    'flock',
    '--nonblock',
    '--close',
    '--conflict-exit-code',
    String(RUN_LOCK_HELD_EXIT),
    file,
    'sh',
    '-c',
    `[ ! -e "$0" ] || flock "$0" true; echo ${LOCKED}; exec cat >/dev/null`,
    DETACHED_LOCK,
  ];
}

/** The lock on `file` on this host, or undefined when another process holds it (no waiting). */
export async function takeLock(file: string): Promise<HeldLock | undefined> {
  const [tool = 'flock', ...args] = lockArgv(file);
  // Its own process group, so that a Ctrl-C at the terminal does not free the lock while the run is still
  // stopping its tasks; not killed when we exit (startTool's killOnExit): the lock goes with the pipe anyway.
  return holdLock(
    'flock',
    startTool(tool, args, { stdin: 'pipe', buffer: { stdout: false, stderr: false }, group: true }),
  );
}

/**
 * The lock that a started `lockArgv` holds (here, or on a target over SSH): held once it said so;
 * undefined when flock found it taken; a ToolError when flock failed.
 */
export async function holdLock(tool: string, { child, lastLines }: Started): Promise<HeldLock | undefined> {
  const { stdin, stdout } = child;
  if (stdin === null || stdout === null) throw new Error(`${tool}: no pipes to hold the lock through`);
  const held = await new Promise<boolean>((resolve) => {
    stdout.once('data', () => {
      resolve(true);
    });
    void child.then(() => {
      resolve(false);
    });
  });
  if (held) {
    return {
      release: async () => {
        stdin.end();
        await child;
      },
    };
  }
  const result = await child;
  if (result.exitCode === RUN_LOCK_HELD_EXIT) return undefined;
  throwIfFailed(tool, result, lastLines());
  throw new ToolError(tool, 0, [], 'ended without holding the lock');
}
