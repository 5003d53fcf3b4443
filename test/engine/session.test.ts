import { THIS_MACHINE } from '../../src/host/target-host.js';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
  statSync,
  readlinkSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Session } from '../../src/host/runner/session.js';
import { planFile } from '../../src/core/plan/files.js';
import { filesAreInPlace, putFiles, restoreFiles } from '../../src/core/plan/files.js';
import { sh } from '../../src/core/plan/sh.js';
import type { Plan, Task } from '../../src/core/plan/types.js';
import { runBash } from '../../src/host/tools/bash.js';

const scratchRoots: string[] = [];
after(() => {
  for (const root of scratchRoots) rmSync(root, { recursive: true, force: true });
});

/** A scratch "host": state, logs and a directory the tasks change, all under a temp dir (removed after). */
function scratch() {
  const root = mkdtempSync(path.join(tmpdir(), 'ciab-engine-'));
  scratchRoots.push(root);
  return {
    root,
    state: path.join(root, 'state'),
    logs: path.join(root, 'logs'),
    work: path.join(root, 'work'),
  };
}

function touchTask(id: string, file: string, extra: Partial<Task> = {}): Task {
  return {
    id,
    phase: 'host',
    title: `create ${path.basename(file)}`,
    check: sh`[ -e ${file} ]`,
    apply: sh`mkdir -p ${path.dirname(file)} && echo applied >> ${file}`,
    files: [],
    inputs: [],
    rerunAfter: [],
    ...extra,
  };
}

const planOf = (tasks: Task[]): Plan => ({
  version: 1,
  release: 'eucalyptus-4.4',
  phases: [{ id: 'host', title: 'Host' }],
  tasks,
});

function session(plan: Plan, dirs: ReturnType<typeof scratch>, secrets: string[] = []) {
  return new Session(
    plan,
    { host: THIS_MACHINE, now: () => new Date() },
    { kind: 'install', secrets, stateDir: dirs.state, logDir: dirs.logs },
  );
}

describe('engine session', () => {
  it('applies, journals, and skips a done task on the next run without running anything', async () => {
    const dirs = scratch();
    const target = path.join(dirs.work, 'a');
    const task = touchTask('host.a', target);
    assert.equal((await session(planOf([task]), dirs).run(task, () => undefined)).outcome, 'applied');
    const journal = readFileSync(path.join(dirs.state, 'journal', 'host.a'), 'utf8');
    assert.match(journal, /^id=host\.a\nhash=[0-9a-f]{32}\nstatus=done\nstarted=\S+\nfinished=\S+\n$/);
    assert.equal((await session(planOf([task]), dirs).run(task, () => undefined)).outcome, 'done-before');
    assert.equal(readFileSync(target, 'utf8'), 'applied\n');
  });

  it('runs a task again when its inputs change, and skips it when the check already holds', async () => {
    const dirs = scratch();
    const target = path.join(dirs.work, 'b');
    await session(planOf([]), dirs).run(touchTask('host.b', target), () => undefined);
    const changed = touchTask('host.b', target, { title: 'other', apply: sh`echo changed >> ${target}` });
    assert.equal((await session(planOf([changed]), dirs).run(changed, () => undefined)).outcome, 'in-place');
  });

  it('fails when the check does not hold after apply, and records the failure', async () => {
    const dirs = scratch();
    const task = touchTask('host.c', path.join(dirs.work, 'c'), { apply: 'true' });
    const result = await session(planOf([task]), dirs).run(task, () => undefined);
    assert.equal(result.outcome, 'failed');
    assert.match(result.tail.join('\n'), /check still does not hold/);
    assert.match(readFileSync(path.join(dirs.state, 'journal', 'host.c'), 'utf8'), /status=failed/);
  });

  it('stops an apply at its first failing command', async () => {
    const dirs = scratch();
    const marker = path.join(dirs.work, 'never');
    const task = touchTask('host.d', path.join(dirs.work, 'd'), {
      apply: sh`false\nmkdir -p ${dirs.work} && touch ${marker}`,
    });
    assert.equal((await session(planOf([task]), dirs).run(task, () => undefined)).outcome, 'failed');
    assert.equal(existsSync(marker), false);
  });

  it('applies a dependent task again when the task it depends on applied, and only then', async () => {
    const dirs = scratch();
    const config = path.join(dirs.work, 'config');
    const version = (v: string): Task =>
      touchTask('host.config', config, {
        check: sh`[ "$(cat ${config} 2>/dev/null)" = ${v} ]`,
        apply: sh`mkdir -p ${dirs.work} && echo ${v} > ${config}`,
      });
    const restart = touchTask('host.restart', path.join(dirs.work, 'restarted'), {
      rerunAfter: ['host.config'],
    });
    const runAll = async (tasks: Task[]) => {
      const s = session(planOf(tasks), dirs);
      const outcomes: string[] = [];
      for (const task of tasks) outcomes.push((await s.run(task, () => undefined)).outcome);
      return outcomes;
    };
    assert.deepEqual(await runAll([version('v1'), restart]), ['applied', 'applied']);
    assert.deepEqual(await runAll([version('v2'), restart]), ['applied', 'applied']);
    assert.deepEqual(await runAll([version('v2'), restart]), ['done-before', 'done-before']);
    assert.equal(readFileSync(path.join(dirs.work, 'restarted'), 'utf8'), 'applied\napplied\n');
  });

  it('installs staged files atomically with a one-time backup, and restores them', async () => {
    const dirs = scratch();
    const target = path.join(dirs.work, 'etc', 'thing.conf');
    const dir = path.dirname(target);
    await runBash(sh`mkdir -p ${dir} && printf original > ${target}`);
    const file = planFile({
      path: target,
      content: 'new content\n',
      mode: 0o640,
      // whoever runs the test: chown to oneself needs no root, so this stays a unit test
      owner: `${execFileSync('id', ['-un'], { encoding: 'utf8' }).trim()}:${execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim()}`,
      secret: false,
    });
    const task: Task = {
      id: 'host.file',
      phase: 'host',
      title: 'write thing.conf',
      check: filesAreInPlace([file]),
      apply: putFiles([file]),
      undo: restoreFiles([file]),
      files: [file],
      inputs: [],
      rerunAfter: [],
    };
    const s = session(planOf([task]), dirs);
    await s.stage();
    assert.equal((await s.run(task, () => undefined)).outcome, 'applied');
    assert.equal(readFileSync(target, 'utf8'), 'new content\n');
    assert.equal(statSync(target).mode & 0o777, 0o640);
    assert.equal(readFileSync(path.join(dirs.state, 'backup', target), 'utf8'), 'original');
    assert.equal((await s.undo(task, () => undefined)).outcome, 'applied');
    assert.equal(readFileSync(target, 'utf8'), 'original');
    await s.unstage();
    assert.equal(existsSync(path.join(dirs.state, 'staging')), false);
  });

  it('logs every command and its output to a 0600 file with a latest link, secrets masked', async () => {
    const dirs = scratch();
    const task = touchTask('host.e', path.join(dirs.work, 'e'), {
      apply: sh`echo the password is hunter2hunter2 && mkdir -p ${dirs.work} && touch ${path.join(dirs.work, 'e')}`,
    });
    const s = session(planOf([task]), dirs, ['hunter2hunter2']);
    const lines: string[] = [];
    await s.run(task, (line) => lines.push(line));
    const log = readFileSync(path.join(dirs.logs, 'latest'), 'utf8');
    assert.equal(statSync(s.log.file ?? '').mode & 0o777, 0o600);
    assert.equal(readlinkSync(path.join(dirs.logs, 'latest')), path.basename(s.log.file ?? ''));
    assert.match(log, /--- run host\.e/);
    assert.match(log, /exit 0 after \d+ ms/);
    assert.doesNotMatch(log, /hunter2hunter2/);
    assert.deepEqual(lines, ['the password is ********']);
  });

  it("masks a secret a task makes on the host, in that run's later output and from the start of a resumed run", async () => {
    const dirs = scratch();
    const secretFile = path.join(dirs.work, 'generated-password');
    const make = touchTask('host.make', secretFile, {
      apply: sh`mkdir -p ${dirs.work} && (umask 077 && head -c 12 /dev/urandom | base64 | tr -dc A-Za-z0-9 > ${secretFile})`,
      secretFile,
    });
    const show = (id: string): Task =>
      touchTask(id, path.join(dirs.work, id), {
        apply: sh`echo "the password is $(cat ${secretFile})" && mkdir -p ${dirs.work} && touch ${path.join(dirs.work, id)}`,
      });
    const plan = planOf([make, show('host.show1'), show('host.show2')]);
    const runAll = async (tasks: readonly Task[]): Promise<{ lines: string[]; log: string }> => {
      const s = session(plan, dirs);
      await s.stage();
      const lines: string[] = [];
      for (const task of tasks) await s.run(task, (line) => lines.push(line));
      await s.log.close();
      return { lines, log: readFileSync(path.join(dirs.logs, 'latest'), 'utf8') };
    };
    const first = await runAll(plan.tasks.slice(0, 2));
    const password = readFileSync(secretFile, 'utf8').trim();
    assert.ok(password.length >= 8, 'the task made a password');
    assert.deepEqual(first.lines, ['the password is ********']);
    assert.ok(!first.log.includes(password), 'the first run logs no password');
    // The next run does not apply the task that made it: it learns the secret when it starts.
    const resumed = await runAll(plan.tasks.slice(2));
    assert.deepEqual(resumed.lines, ['the password is ********']);
    assert.ok(!resumed.log.includes(password), 'the resumed run logs no password');
  });

  it('probes read-only: would run, in place, done before', async () => {
    const dirs = scratch();
    const target = path.join(dirs.work, 'f');
    const task = touchTask('host.f', target);
    const s = new Session(
      planOf([task]),
      { host: THIS_MACHINE, now: () => new Date() },
      { kind: 'dry-run', secrets: [], stateDir: dirs.state, logDir: null },
    );
    assert.equal(await s.probe(task), 'would-run');
    assert.equal(existsSync(target), false);
    assert.equal(existsSync(dirs.state), false);
    writeFileSync(path.join(dirs.root, 'f'), '');
    await session(planOf([task]), dirs).run(task, () => undefined);
    assert.equal(await s.probe(task), 'done-before');
  });

  it('a check that cannot tell is never reported in place: the probe says so, the install applies', async () => {
    const dirs = scratch();
    const target = path.join(dirs.work, 'g');
    const task = touchTask('host.g', target, {
      check: sh`[ -e ${target} ] || ciab_cannot_tell "no way to know"`,
    });
    const s = new Session(
      planOf([task]),
      { host: THIS_MACHINE, now: () => new Date() },
      { kind: 'dry-run', secrets: [], stateDir: dirs.state, logDir: null },
    );
    assert.equal(await s.probe(task), 'cannot-tell');
    assert.equal((await session(planOf([task]), dirs).run(task, () => undefined)).outcome, 'applied');
    assert.equal(readFileSync(target, 'utf8'), 'applied\n');
  });
});
