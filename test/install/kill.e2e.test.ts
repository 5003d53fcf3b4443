/**
 * Test 3 of the install issue: the installer killed with SIGKILL (with every process it started) at every
 * task boundary in turn, and once in the middle of a long wait, on one simulated host. Each next run must
 * skip what the journal records as done, redo the task that was cut short, leave no file half written and
 * register nothing twice; the last run finishes with exit 0 in the same end state as a fresh install.
 *
 * "At every task boundary": each run is killed as soon as the journal holds one more `done` entry than
 * when the run started (polled every few milliseconds on the host side of the overlay). A run that skips
 * tasks with `done-before` never adds entries for them, so the kills walk the plan one boundary at a time;
 * the kill lands while the engine is already starting the next task (its check, or the start of its apply).
 * The test counts the distinct kill points it reached and asserts that every boundary was one of them.
 * Besides, one run is killed in the middle of a long wait (eucalyptus-cloud made to open its ports 3 s after
 * it starts) and one in the middle of writing a repository file (caught by an inotify watch on the
 * temporary file). Measured on 2 cores (2026-11-25): 39 runs, 38 killed, 36 distinct kill points for the
 * 36 tasks, about 1.5 to 2 s per run (node start and preflight), 7 s for a run that applies a task with a
 * 5 s wait; about 90 s for test 3 and 25 s for 3b.
 *
 * Test 3b: a changed answer, and a run killed right after the changed task applied: the tasks that depend
 * on it (service restarts after a new eucalyptus.conf) must still apply in the next run.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync, watch } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { isUnitProcess, killTree, signal } from './process-tree.js';
import { readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { releaseIds } from '../../src/core/release/types.js';
import {
  ANSWERS,
  INSTALL,
  assertInstalled,
  configureSimHost,
  ensureBuilt,
  journalStatus,
  outcomes,
  prepare,
  renderedFiles,
} from './helpers.js';

const JOURNAL = '/var/lib/cloud-in-a-box/journal';
const BACKUP = '/var/lib/cloud-in-a-box/backup';
const LOGS = '/var/log/cloud-in-a-box';
/** The long task killed in the middle: eucalyptus-cloud opens its ports LONG_WAIT_MS after it starts. */
const LONG_TASK = 'start.cloud';
const LONG_WAIT_MS = 3000;
/** How long the long task has been running when it is killed. */
const KILL_INTO_LONG_TASK_MS = 1000;
/** The task killed in the middle of writing one of its files, and where it writes them. */
const WRITE_TASK = 'repositories.files';
const WRITE_DIR = '/etc/yum.repos.d';
/** A run that neither exits nor reaches its kill point within this is a hang. */
const RUN_TIMEOUT_MS = 120_000;

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

// --- the journal, read fast from this side of the overlay -------------------------------------------

const doneIds = (journal: Map<string, string>): Set<string> =>
  new Set([...journal].filter(([, s]) => s === 'done').map(([id]) => id));

// --- one run -----------------------------------------------------------------------------------------

interface Run {
  /** how the run ended: its exit code, or killed */
  end: { exitCode: number } | { killed: number[] };
  doneBefore: Set<string>;
  /** done entries when the kill came (or at the end) */
  doneAfter: Set<string>;
  /** the journal when the kill came */
  journalAtEnd: Map<string, string>;
  /** this run's "task ID: OUTCOME" lines (empty when it was killed before it opened its log) */
  outcomes: { id: string; outcome: string }[];
  ms: number;
  /** the temporary file of the atomic write the kill interrupted */
  caughtInWrite: string | undefined;
  stdout: string;
  stderr: string;
}

function exited(child: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode ?? 128);
    else
      child.once('exit', (code) => {
        resolve(code ?? 128);
      });
  });
}

function latestLog(host: SimHost): string | undefined {
  try {
    return readlinkSync(host.at(`${LOGS}/latest`));
  } catch {
    return undefined;
  }
}

/**
 * Stops the installer and the task it runs at once (no walk of /proc): its direct children are the tasks'
 * bash processes, each leading its own process group. killTree does the rest.
 */
function freeze(pid: number): void {
  signal(pid, 'SIGSTOP');
  for (const thread of readdirSync(`/proc/${pid}/task`))
    for (const child of threadChildren(pid, thread)) signal(-Number(child), 'SIGSTOP');
}

/** The children a thread started; none when the thread ended between the listing and the read (ENOENT). */
function threadChildren(pid: number, thread: string): string[] {
  try {
    return readFileSync(`/proc/${pid}/task/${thread}/children`, 'utf8').split(' ').filter(Boolean);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
}

/**
 * Starts the installer and kills it (tree and all) as soon as `killWhen` holds for the journal, or, with
 * `inWrite`, as soon as a file named `.ciab.*` appears in that directory (an atomic write under way).
 */
async function runInstall(
  host: SimHost,
  killWhen: (journal: Map<string, string>, doneBefore: Set<string>) => boolean,
  inWrite?: string,
): Promise<Run> {
  const started = Date.now();
  const doneBefore = doneIds(journalStatus(host));
  const logBefore = latestLog(host);
  const child = host.spawn(['node', '/opt/cloud-in-a-box/bin/cloud-in-a-box.js', ...INSTALL]);
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exit = exited(child);
  let exitCode: number | undefined;
  void exit.then((code) => (exitCode = code));
  const pid = child.pid ?? assert.fail('the installer did not start');
  let caught: string | undefined;
  const watcher =
    inWrite === undefined
      ? undefined
      : watch(host.at(inWrite), (_event, name) => {
          if (caught !== undefined || name?.startsWith('.ciab.') !== true) return;
          freeze(pid);
          caught = name;
        });
  // The kill point, caught as the journal changes (inotify) and frozen there and then: on 2 busy cores a
  // poll alone can come too late, after the next quick task has finished too. The poll below stays for
  // the journal directory's creation, which this watch cannot see.
  const point = { reached: false };
  const journalWatcher = existsSync(host.at(JOURNAL))
    ? watch(host.at(JOURNAL), () => {
        if (point.reached || !killWhen(journalStatus(host), doneBefore)) return;
        freeze(pid);
        point.reached = true;
      })
    : undefined;
  let end: Run['end'] | undefined;
  let journal = journalStatus(host);
  while (end === undefined) {
    journal = journalStatus(host);
    if (exitCode !== undefined) end = { exitCode };
    else if (caught !== undefined || point.reached || killWhen(journal, doneBefore)) {
      const killed = await killTree(pid);
      await exit;
      end = { killed };
    } else if (Date.now() - started > RUN_TIMEOUT_MS) {
      await killTree(pid);
      assert.fail(`the install neither finished nor reached its kill point in ${RUN_TIMEOUT_MS} ms`);
    } else await sleep(3);
  }
  watcher?.close();
  journalWatcher?.close();
  const log = latestLog(host);
  return {
    end,
    doneBefore,
    doneAfter: doneIds(journalStatus(host)),
    journalAtEnd: 'killed' in end ? journal : journalStatus(host),
    outcomes: log !== undefined && log !== logBefore ? outcomes(host) : [],
    ms: Date.now() - started,
    caughtInWrite:
      caught === undefined || inWrite === undefined ? undefined : path.posix.join(inWrite, caught),
    stdout,
    stderr,
  };
}

// --- files --------------------------------------------------------------------------------------------

/**
 * No file the plan writes is half written: a file whose task is done holds the rendered content; a file
 * whose task was cut short holds either what it held before the run or the rendered content. (Files of
 * tasks that have not started may still change: the package install lays down eucalyptus.conf.)
 */
function assertNoHalfWrittenFile(
  host: SimHost,
  rendered: Map<string, string>,
  owner: Map<string, string>,
  journal: Map<string, string>,
  before: Map<string, string | undefined>,
  when: string,
): void {
  for (const [file, content] of rendered) {
    const status = journal.get(owner.get(file) ?? '');
    if (status === undefined) continue;
    const actual = host.exists(file) ? host.readFile(file) : undefined;
    if ((status === 'running' || status === 'stale') && actual === before.get(file)) continue;
    // The NIC's file keeps the card's HWADDR, which only the host knows (render runs without host facts).
    const comparable = file.endsWith('/ifcfg-eth0') ? actual?.replace(/^HWADDR=.*\n/m, '') : actual;
    assert.equal(comparable, content, `${file} (${status}) ${when}: neither as before nor as rendered`);
  }
}

const contents = (host: SimHost, files: Iterable<string>): Map<string, string | undefined> =>
  new Map([...files].map((f) => [f, host.exists(f) ? host.readFile(f) : undefined]));

/** Temporary files an interrupted atomic write could leave next to its target. */
function leftovers(host: SimHost, dirs: readonly string[]): string[] {
  return [...host.snapshot(dirs).keys()].filter((p) => /\/\.ciab\.[^/]*$/.test(p));
}

for (const release of releaseIds)
  describe(`${release}: install killed with SIGKILL and resumed, on one simulated host`, () => {
    let host: SimHost;
    before(async () => {
      ensureBuilt();
      host = await createSimHost();
      // Two addresses per range: the preflight pings every instance address, and this test starts the
      // installer once per task.
      prepare(host, {
        publicIps: '192.168.56.100-192.168.56.101',
        privateIps: '192.168.56.120-192.168.56.121',
        release,
      });
      configureSimHost(host, { listenDelayMs: { 'eucalyptus-cloud': LONG_WAIT_MS } });
    });
    after(() => {
      host.destroy();
    });

    it('3. kill -9 at every task boundary, then resume', async (t) => {
      const plan = await host.ciab(['plan', '--answers', ANSWERS, '--json']);
      assert.equal(plan.exitCode, 0, plan.stderr);
      const tasks = (
        JSON.parse(plan.stdout) as { phases: { tasks: { id: string; files: { path: string }[] }[] }[] }
      ).phases.flatMap((p) => p.tasks);
      const taskIds = tasks.map((task) => task.id);
      const owner = new Map(tasks.flatMap((task) => task.files.map((f) => [f.path, task.id] as const)));
      const rendered = await renderedFiles(host);

      const before = (id: string): string => taskIds[taskIds.indexOf(id) - 1] ?? '';
      const runs: Run[] = [];
      let longTaskRun: number | undefined;
      let writeRun: number | undefined;
      const started = Date.now();
      for (;;) {
        assert.ok(runs.length <= taskIds.length + 3, 'the installer keeps being killed without progress');
        const done = doneIds(journalStatus(host));
        const filesBefore = contents(host, rendered.keys());
        const hostBefore = host.snapshot(['/etc', '/root', '/var/lib/cloud-in-a-box/summary.txt']);
        const backupsBefore = new Set(host.snapshot([BACKUP]).keys());
        // Once, the long task is killed in the middle of its wait instead of at its end.
        const midTask = longTaskRun === undefined && !done.has(LONG_TASK) && done.has(before(LONG_TASK));
        // Once, the task that writes the repository files is killed in the middle of writing one of them
        // (when the watch catches the temporary file in time; otherwise at its end, as the others).
        const inWrite = writeRun === undefined && !done.has(WRITE_TASK) && done.has(before(WRITE_TASK));
        let runningSince: number | undefined;
        const run = await runInstall(
          host,
          (journal, doneBefore) => {
            if (midTask) {
              if (journal.get(LONG_TASK) !== 'running') return false;
              runningSince ??= Date.now();
              return Date.now() - runningSince >= KILL_INTO_LONG_TASK_MS;
            }
            return doneIds(journal).size > doneBefore.size;
          },
          inWrite ? WRITE_DIR : undefined,
        );
        runs.push(run);
        const label = `run ${runs.length}`;
        if (inWrite) writeRun = runs.length - 1;
        t.diagnostic(
          `${label}${midTask ? ' (mid-task)' : ''}${run.caughtInWrite === undefined ? '' : ` (in the write of ${run.caughtInWrite}, ${host.exists(run.caughtInWrite) ? 'present' : 'gone'} after the kill)`}: ` +
            `${run.ms} ms, done ${run.doneBefore.size} -> ${run.doneAfter.size}, ` +
            `${'killed' in run.end ? `killed ${run.end.killed.length} processes` : `exit ${run.end.exitCode}`}, ` +
            `journal not done: ${JSON.stringify([...run.journalAtEnd].filter(([, s]) => s !== 'done'))}, ` +
            `ran: ${run.outcomes
              .filter((o) => o.outcome !== 'done-before')
              .map((o) => `${o.id}=${o.outcome}`)
              .join(' ')}`,
        );

        // What the run did: every task done before was skipped without running anything, and a task
        // done before was never applied again.
        for (const o of run.outcomes)
          if (run.doneBefore.has(o.id))
            assert.equal(o.outcome, 'done-before', `${label}: ${o.id} was done before the run`);
        const firstNew = run.outcomes.find((o) => !run.doneBefore.has(o.id));
        if (firstNew !== undefined)
          assert.equal(
            firstNew.id,
            taskIds.find((id) => !run.doneBefore.has(id)),
            `${label} resumes in order`,
          );

        // Every original saved during this run is the file as it was before the run, byte for byte (a
        // backup cut short by a kill would be restored by uninstall).
        for (const [saved, sha] of host.snapshot([BACKUP])) {
          const file = saved.slice(BACKUP.length);
          if (backupsBefore.has(saved) || file.startsWith('/.state/')) continue;
          if (file.endsWith('.absent'))
            assert.equal(hostBefore.has(file.slice(0, -'.absent'.length)), false, `${label}: ${file}`);
          else assert.equal(sha, hostBefore.get(file), `${label}: backup of ${file}`);
        }

        if ('exitCode' in run.end) {
          assert.equal(run.end.exitCode, 0, `${label}: ${run.stderr.slice(-3000)}`);
          break;
        }
        // Killed: nothing of the installer runs on (only the units' processes).
        assert.deepEqual(
          host.pids().filter((p) => !isUnitProcess(p)),
          [],
          `${label}: processes left after the kill`,
        );
        // The journal holds done entries, at most the one task that was running, and stale marks: the
        // tasks that must apply again (the dependents of a task that applied).
        const notDone = [...run.journalAtEnd].filter(([, s]) => s !== 'done');
        assert.ok(
          notDone.filter(([, s]) => s === 'running').length <= 1,
          `${label}: ${JSON.stringify(notDone)}`,
        );
        assert.ok(
          notDone.every(([, s]) => s === 'running' || s === 'stale'),
          `${label}: ${JSON.stringify(notDone)}`,
        );
        assertNoHalfWrittenFile(
          host,
          rendered,
          owner,
          run.journalAtEnd,
          filesBefore,
          `after the kill of ${label}`,
        );
        if (midTask) {
          longTaskRun = runs.length - 1;
          assert.equal(run.journalAtEnd.get(LONG_TASK), 'running', 'the long task was killed while it ran');
          assert.equal(run.doneAfter.has(LONG_TASK), false);
        }
      }
      const totalMs = Date.now() - started;

      // The kill points: how many tasks were done when each kill came.
      const killed = runs.filter((r) => 'killed' in r.end);
      const killPoints = new Set(killed.map((r) => r.doneAfter.size));
      const boundaries = taskIds.map((_, i) => i + 1);
      t.diagnostic(
        `${runs.length} runs (${killed.length} killed) in ${totalMs} ms, ${killPoints.size} distinct kill points of ${taskIds.length} boundaries; ` +
          `run times ms: ${runs.map((r) => r.ms).join(' ')}`,
      );
      assert.deepEqual(
        boundaries.filter((k) => !killPoints.has(k)),
        [],
        'a kill after every number of done tasks',
      );
      assert.ok(longTaskRun !== undefined, `${LONG_TASK} was killed in the middle`);
      const caught = runs[writeRun ?? -1]?.caughtInWrite;
      if (caught !== undefined)
        assert.equal(runs[writeRun ?? -1]?.journalAtEnd.get(WRITE_TASK), 'running', 'killed inside the task');
      t.diagnostic(
        caught === undefined
          ? `the watch did not catch a write of ${WRITE_TASK}: killed at its end instead`
          : `${WRITE_TASK} killed while writing ${caught}`,
      );
      // The next run ran the task's protocol again: only that turns its "running" entry into "done" (a
      // task skipped as done-before writes nothing). Its log line is missing when that run was killed at
      // once, before the engine wrote it.
      const next = runs[longTaskRun + 1];
      assert.equal(next?.doneAfter.has(LONG_TASK), true, `the next run redid ${LONG_TASK}`);
      assert.notEqual(next.outcomes.find((o) => o.id === LONG_TASK)?.outcome, 'done-before');

      // The end state of a fresh install.
      await assertInstalled(host);
      assert.deepEqual(
        leftovers(host, ['/etc', '/root', '/var/lib/cloud-in-a-box', '/var/lib/eucalyptus']),
        [],
        'no temporary file left behind',
      );
      assert.ok(!host.exists('/var/lib/cloud-in-a-box/staging'), 'the staged contents are removed');

      // Nothing applied twice where it shows: one registration per service, one key, one login profile,
      // one initialisation, one service image, one imaging stack, the node once in NODES.
      const state = readState(host.root);
      const names = state.services.map((s) => s.name);
      assert.deepEqual(names, [...new Set(names)], 'each service registered once');
      assert.equal(state.accessKeys.admin, 1, 'one access key for admin');
      assert.deepEqual(state.loginProfiles, [...new Set(state.loginProfiles)]);
      assert.equal(state.images.length, 1, 'one service image');
      const succeeded = (tool: string): string[] =>
        readCalls(host.root)
          .filter((c) => c.tool === tool && c.exitCode === 0)
          .map((c) => c.argv.join(' '));
      for (const tool of [
        'clcadmin-initialize-cloud',
        'euserv-register-service',
        'euare-useraddkey',
        'euare-useraddloginprofile',
        'esi-install-image',
        'esi-manage-stack',
        'clusteradmin-register-nodes',
      ]) {
        const calls = succeeded(tool);
        assert.deepEqual(calls, [...new Set(calls)], `${tool} succeeded once per argument list`);
      }
      assert.deepEqual(
        readCalls(host.root).filter((c) => c.exitCode !== 0 && c.changes),
        [],
        'no state-changing call failed (e.g. a second registration)',
      );
    });

    it('3b. a changed answer: the tasks that depend on the changed task apply again even when the run is killed in between', async () => {
      // Installed (test 3 leaves it so; a run that only skips otherwise finishes it).
      const ready = await runInstall(host, () => false);
      assert.deepEqual(ready.end, { exitCode: 0 }, ready.stderr.slice(-3000));
      // The instance path is only in eucalyptus.conf: configuration.eucalyptus changes, and the services that
      // read the file (start.cloud, register.clusterStart in 4.4, register.nodeStart) must restart; 5's
      // cluster controller restarts with the cloud.
      host.writeFile(
        ANSWERS,
        host.readFile(ANSWERS).replace('/var/lib/eucalyptus/instances', '/var/lib/eucalyptus/instances-2'),
        0o600,
      );
      const entry = (): string => host.readFile(`${JOURNAL}/configuration.eucalyptus`);
      const old = entry();
      const callsBefore = readCalls(host.root).length;
      const killed = await runInstall(
        host,
        (journal) => entry() !== old && journal.get('configuration.eucalyptus') === 'done',
      );
      assert.ok('killed' in killed.end, 'killed once configuration.eucalyptus applied');
      const last = await runInstall(host, () => false);
      assert.deepEqual(last.end, { exitCode: 0 }, last.stderr.slice(-3000));
      const restarted = readCalls(host.root)
        .slice(callsBefore)
        .filter((c) => c.tool === 'systemctl' && c.argv[0] === 'restart' && c.exitCode === 0)
        .flatMap((c) => c.argv.slice(1));
      const readers =
        release === 'eucalyptus-5'
          ? ['eucalyptus-cloud.service', 'eucalyptus-node.service']
          : ['eucalyptus-cloud.service', 'eucalyptus-cluster.service', 'eucalyptus-node.service'];
      for (const unit of readers)
        assert.ok(
          restarted.includes(unit),
          `${unit} restarted after eucalyptus.conf changed (restarts: ${restarted.join(' ')})`,
        );
      assert.match(
        host.readFile('/etc/eucalyptus/eucalyptus.conf'),
        /^INSTANCE_PATH="\/var\/lib\/eucalyptus\/instances-2"$/m,
      );
      await assertInstalled(host);
    });
  });
