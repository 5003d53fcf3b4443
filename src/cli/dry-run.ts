/** `--dry-run`: run only the read-only checks and say, task by task, what would happen. */
import { Session } from '../host/runner/session.js';
import type { Plan } from '../core/plan/types.js';
import { messages } from '../core/messages.js';
import type { TargetHost } from '../host/target-host.js';
import type { Io } from './io.js';

export async function dryRun(plan: Plan, io: Io, target: TargetHost): Promise<void> {
  const session = new Session(
    plan,
    { host: target, now: () => new Date() },
    // Secret files are checked against their staged contents: staged in a private (0700) temp directory
    // rather than the state directory, which a dry run leaves as it is.
    {
      kind: 'dry-run',
      secrets: [],
      logDir: null,
      staging: 'temporary',
    },
  );
  await session.stage();
  try {
    await probeAll(plan, session, io);
  } finally {
    await session.unstage();
  }
}

async function probeAll(plan: Plan, session: Session, io: Io): Promise<void> {
  const counts = { 'would-run': 0, 'in-place': 0, 'done-before': 0, 'cannot-tell': 0 };
  for (const phase of plan.phases) {
    const tasks = plan.tasks.filter((t) => t.phase === phase.id);
    if (tasks.length === 0) continue;
    io.out(`${phase.title}\n`);
    for (const task of tasks) {
      const outcome = await session.probe(task);
      counts[outcome]++;
      io.out(`  ${messages.probeLine(outcome, task.title)}\n`);
    }
  }
  io.out(
    messages.dryRunTotals(
      counts['would-run'],
      counts['in-place'] + counts['done-before'],
      counts['cannot-tell'],
    ),
  );
}
