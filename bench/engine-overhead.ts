/**
 * The engine's own cost per task: the real install plan (every task, in order, with its ids, hashes and
 * the task protocol in bash) where each task's check and apply are "instant tools" (a marker file), run by
 * the real Session, journal and log in a temporary state directory. What is left is the engine: spawning
 * bash, loading the task library, journal writes, logging, bookkeeping.
 * Usage: node --import tsx bench/engine-overhead.ts [ROUNDS]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Session } from '../src/host/runner/session.js';
import { THIS_MACHINE } from '../src/host/target-host.js';
import { instantPlan, median } from './instant-plan.js';

const rounds = Number(process.argv[2] ?? 5);
const instant = instantPlan();

const fresh: number[] = [];
const resumed: number[] = [];
for (let round = 0; round < rounds; round++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-bench-'));
  for (const into of [fresh, resumed]) {
    const session = new Session(
      instant,
      { host: THIS_MACHINE, now: () => new Date() },
      { kind: 'install', secrets: [], stateDir: path.join(dir, 'state'), logDir: path.join(dir, 'log') },
    );
    await session.stage();
    for (const task of instant.tasks) {
      const started = performance.now();
      const result = await session.run(task, () => undefined);
      into.push(performance.now() - started);
      const expected = into === fresh ? 'applied' : 'done-before';
      if (result.outcome !== expected) throw new Error(`${task.id}: ${result.outcome}, expected ${expected}`);
    }
    await session.unstage();
  }
  rmSync(dir, { recursive: true, force: true });
}
console.log(`plan: ${instant.tasks.length} tasks, ${rounds} rounds`);
console.log(
  `engine overhead per task, median: ${median(fresh).toFixed(1)} ms applying, ${median(resumed).toFixed(1)} ms skipping (resume)`,
);
console.log('target: 15 ms or less (install engine issue)');
