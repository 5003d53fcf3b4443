/**
 * `install --target` over SSH cut short, then run again (issue 15's resilience tests), on one simulated host
 * in sequence: the CLI on the workstation killed with SIGKILL at three task boundaries (with its ssh
 * clients, as closing the whole terminal session would; and the CLI's node process alone, its ssh clients
 * left to notice), killed alone in the middle of a task, its SSH connection dropped on the target's side in
 * the middle of a task, and interrupted with Ctrl-C in the middle of a task. After each, nothing of the
 * task runs on the target, the target's run lock is free within 10 s of the kill, and the next run resumes
 * where the journal says; the last one finishes in the end state of a fresh install.
 *
 * The tasks "in the middle" hang in one of the host's fake tools (test/simhost/fakes/README.md, faults:
 * `hangMs` with `exitCode: null`, once): the kill comes while the task's tool hangs, not at a guessed time.
 * Over SSH the task's bash runs on the target under the connection's runner
 * (templates/shell/remote-runner.bash), whose watcher stops the task when the runner's standard input ends
 * or it is asked to: that, and the lock's own session ending, is what these tests watch from the target's side.
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { after, before, describe, it } from 'node:test';
import { cmdline, descendants, gone, isUnitProcess, killTree, signal } from '../install/process-tree.js';
import type { SimHost } from '../simhost/host.js';
import type { SshAccess } from '../simhost/ssh.js';
import { createSimHost } from '../simhost/host.js';
import { RUN_LOCK_NAME, STATE_DIR } from '../../src/core/locations.js';
import { assertInstalled, ensureBuilt, journalStatus, outcomes, prepare, root } from '../install/helpers.js';

const RUN_LOCK = `${STATE_DIR}/${RUN_LOCK_NAME}`;
/** The issue's bound: the target's run lock is free this soon after the CLI was killed. */
const LOCK_FREE_MS = 10_000;
/** Hang guards only (never asserted as timings): a run, and the target settling after a kill. */
const RUN_TIMEOUT_MS = 300_000;
const SETTLE_TIMEOUT_MS = 60_000;
/** A fake tool made to hang this long: until the test stops it. */
const HANG_MS = 600_000;
const FAULTS = '/var/lib/simhost/faults.json';

/** A started child's pid: never a stand-in 0, which signal() would take for the test's own process group. */
function pidOf(child: { pid?: number | undefined }): number {
  if (child.pid === undefined) throw new Error('the child has no pid: it did not start');
  return child.pid;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

/** Waits until `done` holds, polling; fails with `what` after the hang guard. */
async function until(what: () => string, done: () => boolean | Promise<boolean>): Promise<number> {
  const started = Date.now();
  while (!(await done())) {
    if (Date.now() - started > SETTLE_TIMEOUT_MS)
      assert.fail(`not within ${SETTLE_TIMEOUT_MS} ms: ${what()}`);
    await sleep(50);
  }
  return Date.now() - started;
}

// --- the target's side -------------------------------------------------------------------------------

const doneIds = (host: SimHost): Set<string> =>
  new Set([...journalStatus(host)].filter(([, s]) => s === 'done').map(([id]) => id));

/**
 * The fake systemctl's listener processes stand for the units systemd runs: on a real host they are not
 * the installer's and outlive it, as they do here.
 */

/** sshd's processes in the host: its listener and, per connection, its session processes (privsep). */
const isSshd = (pid: number): boolean =>
  /^sshd(-session)?[: ]/.test(cmdline(pid)) || cmdline(pid).startsWith('/usr/sbin/sshd');

/** Whatever runs in the host besides sshd's listener and the units: the installer's work, its sessions. */
function installerProcesses(host: SimHost, ssh: SshAccess): string[] {
  return host
    .pids()
    .filter((pid) => pid !== ssh.sshdPid && !isUnitProcess(pid) && !gone(pid))
    .map((pid) => `${pid} ${cmdline(pid)}`);
}

/** The per-connection sshd processes of our connection (every sshd process but the listener). */
const sshdSessions = (host: SimHost, ssh: SshAccess): number[] =>
  host.pids().filter((pid) => pid !== ssh.sshdPid && isSshd(pid) && !gone(pid));

/** Is the target's run lock free? Asked as another run would ask, on the target. */
async function lockFree(host: SimHost): Promise<boolean> {
  const r = await host.run(['flock', '--nonblock', RUN_LOCK, 'true']);
  return r.exitCode === 0;
}

/** A fake tool there hangs in its first call matching `match` (once: a killed call spends the fault). */
function hangNext(host: SimHost, tool: string, match: string): void {
  host.writeFile(FAULTS, JSON.stringify([{ tool, match, times: 1, hangMs: HANG_MS, exitCode: null }]));
}

/**
 * Does the fake tool hang now? It has taken the fault (it persists its use before it sleeps:
 * fakes/lib/common.js takeFault) and still runs (`node /opt/simhost/fakes/bin/TOOL ARGS`). A call merely
 * seen running may not have reached the fault yet: killed then, it would leave the fault for the next run.
 */
const hanging = (host: SimHost, tool: string): boolean => faultTaken(host, tool) && running(host, tool);

const running = (host: SimHost, tool: string): boolean =>
  host.pids().some((pid) => cmdline(pid).split(' ')[1]?.endsWith(`/fakes/bin/${tool}`) === true);

function faultTaken(host: SimHost, tool: string): boolean {
  try {
    const faults = JSON.parse(host.readFile(FAULTS)) as { tool: string; used?: number }[];
    return faults.some((f) => f.tool === tool && (f.used ?? 0) > 0);
  } catch {
    return false; // being replaced (written atomically): the next poll reads it
  }
}

/** No stack trace: the CLI's own one-line messages only. */
const noStack = (text: string): void => {
  assert.doesNotMatch(text, /^\s+at /m, text);
};

// --- one run -----------------------------------------------------------------------------------------

interface Started {
  child: ChildProcess;
  /** the CLI's node process on the workstation */
  cli: () => number;
  exit: Promise<number>;
  exitCode: () => number | undefined;
  stderr: () => string;
  doneBefore: Set<string>;
}

describe('install --target over SSH cut short and resumed, on one simulated host', () => {
  let host: SimHost;
  let ssh: SshAccess;
  let answers: string;
  /** the plan's task ids, in order, and their titles */
  let taskIds: string[];
  let titles: Map<string, string>;

  const installArgs = (): string[] => [
    process.execPath,
    path.join(root, 'bin/cloud-in-a-box.js'),
    'install',
    '--target',
    ssh.target('deployer'),
    '--answers',
    answers,
    '--yes',
    '--accept',
    'interface',
  ];

  function start(): Started {
    const doneBefore = doneIds(host);
    const child = ssh.workstation.spawn(installArgs());
    let stderr = '';
    child.stdout?.resume();
    child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let code: number | undefined;
    const exit = new Promise<number>((resolve) => {
      child.on('close', (c, s) => {
        code = c ?? (s === null ? 1 : 128);
        resolve(code);
      });
    });
    const top = child.pid ?? assert.fail('the CLI did not start');
    return {
      child,
      // nsenter, unshare, sh and env exec one another: by the time the CLI runs, it is that process.
      cli: () =>
        [top, ...descendants(top)].find((pid) => cmdline(pid).includes('bin/cloud-in-a-box.js')) ??
        assert.fail(`no CLI process under ${top}`),
      exit,
      exitCode: () => code,
      stderr: () => stderr,
      doneBefore,
    };
  }

  /** Polls until `when` holds while the run goes on; fails when the run ends first or hangs. */
  async function waitFor(run: Started, what: string, when: () => boolean): Promise<void> {
    const started = Date.now();
    while (!when()) {
      if (run.exitCode() !== undefined)
        assert.fail(`the run ended (exit ${run.exitCode()}) before ${what}: ${run.stderr().slice(-3000)}`);
      if (Date.now() - started > RUN_TIMEOUT_MS) {
        await killTree(pidOf(run.child));
        assert.fail(`not ${what} within ${RUN_TIMEOUT_MS} ms`);
      }
      await sleep(5);
    }
  }

  /** The run's exit code; its tree is killed (and the test fails) when it hangs. */
  async function finish(run: Started): Promise<number> {
    const started = Date.now();
    while (run.exitCode() === undefined) {
      if (Date.now() - started > RUN_TIMEOUT_MS) {
        const there = installerProcesses(host, ssh).join('\n');
        const unfinished = JSON.stringify([...journalStatus(host)].filter(([, st]) => st !== 'done'));
        await killTree(pidOf(run.child));
        assert.fail(
          `the run did not finish within ${RUN_TIMEOUT_MS} ms; unfinished: ${unfinished}; on the target:\n${there}\n` +
            run.stderr().slice(-3000),
        );
      }
      await sleep(50);
    }
    return run.exit;
  }

  /** The first task the run had not done before it ran, and the first it applied, are the same. */
  function assertResumedInOrder(run: Started, label: string): void {
    const ran = outcomes(host);
    for (const o of ran)
      if (run.doneBefore.has(o.id))
        assert.equal(o.outcome, 'done-before', `${label}: ${o.id} was done before the run`);
    const firstNew = ran.find((o) => !run.doneBefore.has(o.id));
    if (firstNew !== undefined)
      assert.equal(
        firstNew.id,
        taskIds.find((id) => !run.doneBefore.has(id)),
        `${label} resumes in order`,
      );
  }

  /**
   * After the CLI was stopped: the target's run lock is free within 10 s of `since`, and then nothing of
   * the installer runs on the target (its task, the lock's holder, the log's writer, the sessions).
   */
  async function assertTargetLetGo(since: number, label: string, t: TestContext): Promise<void> {
    await until(
      () => `${label}: the run lock is still held`,
      () => lockFree(host),
    );
    const freeAfterMs = Date.now() - since;
    assert.ok(
      freeAfterMs <= LOCK_FREE_MS,
      `${label}: the run lock was free ${freeAfterMs} ms after the kill`,
    );
    await until(
      () => `${label}: still running on the target: ${installerProcesses(host, ssh).join('; ')}`,
      () => installerProcesses(host, ssh).length === 0,
    );
    t.diagnostic(`${label}: the run lock was free ${freeAfterMs} ms after the kill`);
  }

  /** Everything the CLI started on the workstation (its ssh clients) has exited too. */
  async function assertWorkstationLetGo(pids: readonly number[], label: string): Promise<void> {
    await until(
      () =>
        `${label}: still running on the workstation: ${pids
          .filter((p) => !gone(p))
          .map((p) => `${p} ${cmdline(p)}`)
          .join('; ')}`,
      () => pids.every(gone),
    );
  }

  /** Kills at the next task boundary: as soon as the journal holds one more `done` entry than before the run. */
  async function killAtBoundary(
    label: string,
    which: 'with its ssh clients' | 'alone',
    t: TestContext,
  ): Promise<void> {
    const run = start();
    await waitFor(run, 'a task boundary', () => doneIds(host).size > run.doneBefore.size);
    const cli = run.cli();
    const sshClients = descendants(cli);
    const killedAt = Date.now();
    if (which === 'alone') signal(cli, 'SIGKILL');
    else await killTree(cli);
    await finish(run);
    const done = doneIds(host);
    assert.ok(done.size > run.doneBefore.size, `${label}: a task finished before the kill`);
    assert.ok(done.size < taskIds.length, `${label}: killed before the end`);
    t.diagnostic(
      `${label}: killed ${which} with ${done.size} of ${taskIds.length} tasks done, the journal's unfinished: ${JSON.stringify([...journalStatus(host)].filter(([, st]) => st !== 'done'))}`,
    );
    await assertTargetLetGo(killedAt, label, t);
    await assertWorkstationLetGo(sshClients, label);
    assertResumedInOrder(run, label);
    // Besides stale marks, at most the one task the kill interrupted: `running`, or `failed` when the
    // target's runner stopped the task's command (SIGTERM to its group, remote-runner.bash) before the
    // task's own bash, which then recorded the failure. Both run again next time.
    const notDone = [...journalStatus(host)].filter(([, s]) => s !== 'done');
    assert.ok(
      notDone.every(([, s]) => s === 'running' || s === 'failed' || s === 'stale') &&
        notDone.filter(([, s]) => s !== 'stale').length <= 1,
      `${label}: ${JSON.stringify(notDone)}`,
    );
  }

  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    // Two addresses per range: the preflight pings every instance address, and this test runs the installer
    // seven times.
    const text = prepare(host, {
      publicIps: '192.168.56.100-192.168.56.101',
      privateIps: '192.168.56.120-192.168.56.121',
    });
    ssh = await host.startSsh();
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    answers = path.join(ssh.workstation.home, 'answers.yaml');
    writeFileSync(answers, text, { mode: 0o600 });
    const plan = await ssh.workstation.ciab(['plan', '--answers', answers, '--json']);
    assert.equal(plan.exitCode, 0, plan.stderr);
    const tasks = (
      JSON.parse(plan.stdout) as { phases: { tasks: { id: string; title: string }[] }[] }
    ).phases.flatMap((p) => p.tasks);
    taskIds = tasks.map((t) => t.id);
    titles = new Map(tasks.map((t) => [t.id, t.title]));
  });
  after(() => {
    host.destroy();
  });

  it('kill -9 of the CLI and its ssh clients at a task boundary: the lock is free within 10 s, nothing runs on', async (t) => {
    await killAtBoundary('boundary 1', 'with its ssh clients', t);
  });

  it('kill -9 of the CLI alone at the next boundary: its ssh clients notice, the target lets go', async (t) => {
    await killAtBoundary('boundary 2', 'alone', t);
  });

  it('kill -9 of the CLI and its ssh clients at a third boundary', async (t) => {
    await killAtBoundary('boundary 3', 'with its ssh clients', t);
  });

  it('kill -9 of the CLI alone in the middle of a task (yum hangs): the task is stopped on the target', async (t) => {
    hangNext(host, 'yum', ' install ');
    const run = start();
    await waitFor(run, 'packages.install hangs in yum', () => hanging(host, 'yum'));
    assert.equal(journalStatus(host).get('packages.install'), 'running');
    const cli = run.cli();
    const sshClients = descendants(cli);
    const killedAt = Date.now();
    signal(cli, 'SIGKILL');
    await finish(run);
    await assertTargetLetGo(killedAt, 'mid-task kill', t);
    await assertWorkstationLetGo(sshClients, 'mid-task kill');
    assert.equal(running(host, 'yum'), false, 'the task is stopped on the target');
    assert.equal(journalStatus(host).get('packages.install'), 'running', 'the task did not finish');
    assertResumedInOrder(run, 'mid-task kill');
  });

  it('the SSH connection dropped on the target mid-task: exit 1, one line, the task stopped there', async (t) => {
    hangNext(host, 'clcadmin-initialize-cloud', '');
    const run = start();
    await waitFor(run, 'start.initialize hangs', () => hanging(host, 'clcadmin-initialize-cloud'));
    assert.equal(journalStatus(host).get('start.initialize'), 'running');
    const sessions = sshdSessions(host, ssh);
    assert.notDeepEqual(sessions, [], "sshd's processes for our connection");
    const droppedAt = Date.now();
    for (const pid of sessions) signal(pid, 'SIGKILL');
    const exitCode = await finish(run);
    const stderr = run.stderr();
    assert.equal(exitCode, 1, stderr.slice(-3000));
    const lost = `error: lost the connection to ${ssh.target('deployer')} during "${titles.get('start.initialize') ?? ''}"; run the same command again to resume`;
    assert.ok(stderr.split('\n').includes(lost), `${lost} in: ${stderr}`);
    noStack(stderr);
    await assertTargetLetGo(droppedAt, 'dropped connection', t);
    assert.equal(running(host, 'clcadmin-initialize-cloud'), false, 'the task is stopped on the target');
    assert.notEqual(journalStatus(host).get('start.initialize'), 'done');
    assertResumedInOrder(run, 'dropped connection');
  });

  it('Ctrl-C mid-task: exit 130, the task stopped there, the lock free within 10 s', async (t) => {
    hangNext(host, 'esi-install-image', '');
    const run = start();
    await waitFor(run, 'serviceImage.install hangs', () => hanging(host, 'esi-install-image'));
    assert.equal(journalStatus(host).get('serviceImage.install'), 'running');
    const sshClients = descendants(run.cli());
    // Ctrl-C: SIGINT to the terminal's foreground process group, the CLI's (its ssh clients lead their own).
    const interruptedAt = Date.now();
    signal(-pidOf(run.child), 'SIGINT');
    const exitCode = await finish(run);
    const stderr = run.stderr();
    assert.equal(exitCode, 130, stderr.slice(-3000));
    assert.match(stderr, /interrupted; the running command was stopped/);
    noStack(stderr);
    await assertTargetLetGo(interruptedAt, 'Ctrl-C', t);
    await assertWorkstationLetGo(sshClients, 'Ctrl-C');
    assert.equal(running(host, 'esi-install-image'), false, 'the task is stopped on the target');
    assert.notEqual(journalStatus(host).get('serviceImage.install'), 'done');
    assertResumedInOrder(run, 'Ctrl-C');
  });

  it('the next run finishes: the end state of a fresh install, every task done once', async () => {
    const run = start();
    const exitCode = await finish(run);
    assert.equal(exitCode, 0, run.stderr().slice(-3000));
    assertResumedInOrder(run, 'the last run');
    await assertInstalled(host, { keptHwaddr: true });
    assert.deepEqual(
      [...journalStatus(host)].filter(([, s]) => s !== 'done'),
      [],
    );
    assert.equal(await lockFree(host), true);
    await until(
      () => `still running on the target: ${installerProcesses(host, ssh).join('; ')}`,
      () => installerProcesses(host, ssh).length === 0,
    );
  });
});
