/**
 * The engine's cost per task on one host: the instant plan (bench/instant-plan.ts) run by the real Session
 * on this machine (`local`) or on a target over SSH (`user@host`, through openTarget as `--target` does:
 * one ControlMaster, each task a request to the connection's runner, templates/shell/remote-runner.bash).
 * Each round applies every task in a fresh state directory, then runs them again (each skips: resume). As
 * in `install`, the session reads the plan's secret file (Task.secretFile) when it starts and after the
 * task that makes it applied: one script more each. bench/ssh-overhead.ts runs it on the simulated host's
 * workstation; it prints one JSON line.
 * Usage: node --import tsx bench/ssh-engine.ts local|USER@HOST ROUNDS
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from '../src/host/runner/session.js';
import type { TargetHost } from '../src/host/target-host.js';
import { THIS_MACHINE, openTarget } from '../src/host/target-host.js';
import { shellWord } from '../src/core/quote.js';
import { instantPlan } from './instant-plan.js';

export interface EngineTimes {
  target: string;
  tasks: number;
  rounds: number;
  /** opening the connection (ssh master, its first session; sudo's check for a non-root login) */
  connectMs: number;
  /** per task, every round */
  applyMs: number[];
  skipMs: number[];
  /** Session.stage(), one per pass */
  stageMs: number[];
}

const [where = 'local', roundsText = '3'] = process.argv.slice(2);
const rounds = Number(roundsText);
const plan = instantPlan();

const opened = performance.now();
const host: TargetHost =
  where === 'local'
    ? THIS_MACHINE
    : await openTarget({ target: where, acceptNewHostKey: false, interactive: false });
const times: EngineTimes = {
  target: where,
  tasks: plan.tasks.length,
  rounds,
  connectMs: performance.now() - opened,
  applyMs: [],
  skipMs: [],
  stageMs: [],
};

try {
  for (let round = 0; round < rounds; round++) {
    // Over SSH the state and log directories are the target's: a path of ours in its /tmp, removed after.
    const dir =
      host === THIS_MACHINE
        ? mkdtempSync(path.join(tmpdir(), 'ciab-bench-'))
        : `/tmp/ciab-bench-${String(process.pid)}-${String(round)}`;
    for (const into of [times.applyMs, times.skipMs]) {
      const session = new Session(
        plan,
        { host, now: () => new Date() },
        {
          kind: 'install',
          secrets: [],
          stateDir: path.join(dir, 'state'),
          logDir: path.join(dir, 'log'),
        },
      );
      const staging = performance.now();
      await session.stage();
      times.stageMs.push(performance.now() - staging);
      for (const task of plan.tasks) {
        const started = performance.now();
        const result = await session.run(task, () => undefined);
        into.push(performance.now() - started);
        const expected = into === times.applyMs ? 'applied' : 'done-before';
        if (result.outcome !== expected)
          throw new Error(`${task.id}: ${result.outcome}, expected ${expected}`);
      }
      await session.unstage();
      await session.log.close();
    }
    if (host === THIS_MACHINE) rmSync(dir, { recursive: true, force: true });
    else await host.runBash(`rm -rf ${shellWord(dir)}\n`, { during: 'removing the benchmark state' });
  }
} finally {
  await host.close();
}
console.log(JSON.stringify(times));
