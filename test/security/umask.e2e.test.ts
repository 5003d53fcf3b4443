/**
 * Run as root under a careless umask (000: every file and directory world-writable), the installer's
 * task library still creates nothing another user can write: not the journal or backups under the state
 * directory, not a directory it creates on the host for a file it installs.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { Session } from '../../src/host/runner/session.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { filesAreInPlace, planFile, putFiles } from '../../src/core/plan/files.js';
import type { Task } from '../../src/core/plan/types.js';
import { getRelease } from '../../src/core/release/index.js';
import { compileScript } from '../../src/core/bash/standalone.js';
import { THIS_MACHINE } from '../../src/host/target-host.js';

const root = mkdtempSync(path.join(tmpdir(), 'ciab-security-umask-'));
after(() => {
  rmSync(root, { recursive: true, force: true });
});

const modeOf = (file: string): string => (statSync(file).mode & 0o7777).toString(8).padStart(4, '0');

void describe('under umask 000', () => {
  void it('an install task creates the journal and backups 0700 and host directories 0755', async () => {
    const state = path.join(root, 'state');
    const target = path.join(root, 'host', 'etc', 'new', 'thing.conf');
    const file = planFile({ path: target, content: 'x\n', mode: 0o644, owner: 'root:root', secret: false });
    const task: Task = {
      id: 'host.file',
      phase: 'host',
      title: 'write thing.conf',
      check: filesAreInPlace([file]),
      apply: putFiles([file]),
      files: [file],
      inputs: [],
      rerunAfter: [],
    };
    const session = new Session(
      { version: 1, release: 'eucalyptus-4.4', phases: [{ id: 'host', title: 'Host' }], tasks: [task] },
      { host: THIS_MACHINE, now: () => new Date() },
      { kind: 'install', secrets: [], stateDir: state, logDir: path.join(root, 'logs') },
    );
    const previous = process.umask(0o000);
    try {
      await session.stage();
      assert.equal((await session.run(task, () => undefined)).outcome, 'applied');
    } finally {
      process.umask(previous);
      await session.unstage();
    }
    assert.deepEqual(
      {
        journal: modeOf(path.join(state, 'journal')),
        backup: modeOf(path.join(state, 'backup')),
        backupOfTheFile: modeOf(path.join(state, 'backup', path.dirname(target))),
        backupState: modeOf(path.join(state, 'backup', '.state')),
        hostDirectory: modeOf(path.dirname(target)),
      },
      {
        journal: '0700',
        backup: '0700',
        backupOfTheFile: '0700',
        backupState: '0700',
        hostDirectory: '0755',
      },
    );
  });

  void it('the standalone script runs its tasks under umask 022', () => {
    const text = readFileSync(new URL('../fixtures/answers/example.yaml', import.meta.url), 'utf8');
    const answers = validateAnswersText(text).answers;
    assert.ok(answers);
    const script = compileScript(buildPlan(answers, getRelease('eucalyptus-4.4'), {}, 'ciab'), {
      generatedBy: 'a test',
      role: 'ciab',
    });
    const main = /^ciab_main "\$@"$/m;
    assert.match(script, main);
    // Everything the script does before its main, then the umask main would run under.
    const umask = execFileSync('bash', ['-c', 'umask 000 && exec bash -s'], {
      input: script.replace(main, 'umask'),
      encoding: 'utf8',
    });
    assert.equal(umask.trim(), '0022');
  });
});
