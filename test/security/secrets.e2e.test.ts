/**
 * No secret, and no hash of one, where someone other than root on the target host can see it (issue 13,
 * points 3, 6 and 7): the built CLI's `render`, `plan`, `script`, `kickstart` and `iso` run while an
 * unprivileged user samples every process's command line and environment, and every artefact they write is
 * scanned for each fixture secret, its SHA-256 (and that of every file holding one) and its base64.
 * The simulated-host install and its dry run are spied on in test/install/fresh.e2e.test.ts (test 9).
 */
import { THIS_MACHINE } from '../../src/host/target-host.js';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { Session } from '../../src/host/runner/session.js';
import { KICKSTART_PROFILES } from '../../src/core/kickstart/index.js';
import { SHA512_CRYPT } from '../../src/core/kickstart/root-password.js';
import { ANSWERS_FILE } from '../../src/core/locations.js';
import { buildPlan } from '../../src/core/plan/build.js';
import { filesAreInPlace, planFile, putFiles } from '../../src/core/plan/files.js';
import { planToJson } from '../../src/core/plan/json.js';
import type { Plan, Task } from '../../src/core/plan/types.js';
import { getRelease } from '../../src/core/release/index.js';
import { runBash } from '../../src/host/tools/bash.js';
import { ensureBuilt, root } from '../install/helpers.js';
import { buildFixtureBase } from '../iso/fixture.js';
import type { Needle, SpyReport } from './secrets-harness.js';
import {
  ADMIN_SECRET,
  ProcSpy,
  ROOT_SECRET,
  findNeedles,
  needlesOf,
  secretFileHashes,
  sightings,
} from './secrets-harness.js';

const execFileAsync = promisify(execFile);
const work = mkdtempSync(path.join(tmpdir(), 'ciab-secrets-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});

const answersText = readFileSync(path.join(root, 'test/fixtures/answers/example.yaml'), 'utf8')
  .replace('rootPassword: null', `rootPassword: ${ROOT_SECRET}`)
  .replace('password: null', `password: ${ADMIN_SECRET}`);
const answersFile = path.join(work, 'answers.yaml');
writeFileSync(answersFile, answersText, { mode: 0o600 });
const answers = validateAnswersText(answersText).answers;
assert.ok(answers);
const release = getRelease(answers.release);

const admin = needlesOf('the admin password', ADMIN_SECRET);
const rootPw = needlesOf('the root password', ROOT_SECRET);
const hashes: Needle[] = [
  ...[...admin, ...rootPw].filter((n) => n.label.includes('SHA-256')),
  ...secretFileHashes(answers),
];
/** Where the admin password has to be (the files that install it), only the hashes and the root password. */
const notAdmin = [...rootPw, ...hashes];
const everything = [...admin, ...rootPw, ...hashes];

async function ciab(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await execFileAsync(
      process.execPath,
      [path.join(root, 'bin/cloud-in-a-box.js'), ...args],
      { maxBuffer: 16 * 1024 * 1024 },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: failed.code ?? -1, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
  }
}

/** Every regular file under DIR, path relative to it -> content (latin1: binaries too). */
function filesUnder(dir: string): Map<string, string> {
  return new Map(
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => statSync(path.join(dir, f)).isFile())
      .map((f) => [f, readFileSync(path.join(dir, f), 'latin1')]),
  );
}

describe('secrets in the artefacts and the process list of render, plan, script, kickstart and iso', () => {
  const out = {
    render: path.join(work, 'render'),
    script: path.join(work, 'install.sh'),
    iso: path.join(work, 'ciab.iso'),
    isoTree: path.join(work, 'iso-tree'),
    kickstart: (profile: string) => path.join(work, `${profile}.cfg`),
  };
  const printed: Record<string, string> = {};
  let report: SpyReport;

  before(async () => {
    ensureBuilt();
    const base = buildFixtureBase({ label: 'CentOS 7 x86_64' });
    const spy = await ProcSpy.start();
    try {
      const runs: [string, string[]][] = [
        ['render', ['render', '--answers', answersFile, '--out', out.render]],
        ['plan', ['plan', '--answers', answersFile]],
        ['plan --json', ['plan', '--answers', answersFile, '--json']],
        ['script', ['script', '--answers', answersFile, '-o', out.script]],
        ...KICKSTART_PROFILES.map((p): [string, string[]] => [
          `kickstart ${p}`,
          ['kickstart', '--answers', answersFile, '--profile', p, '-o', out.kickstart(p)],
        ]),
        ['kickstart to stdout', ['kickstart', '--answers', answersFile]],
        ['iso', ['iso', '--base', base, '--answers', answersFile, '-o', out.iso, '--timeout', '1']],
      ];
      for (const [name, args] of runs) {
        const r = await ciab(...args);
        assert.equal(r.code, 0, `${name}: ${r.stderr}`);
        printed[name] = r.stdout + r.stderr;
      }
    } finally {
      report = await spy.stop();
    }
    mkdirSync(out.isoTree);
    execFileSync('xorriso', ['-osirrox', 'on', '-indev', out.iso, '-extract', '/', out.isoTree], {
      stdio: 'ignore',
    });
  });

  it('a local user sampling /proc/*/cmdline and /proc/*/environ sees no secret and no hash of one', () => {
    assert.ok(
      report.cmdlines.some((c) => c.includes('cloud-in-a-box.js iso')),
      `the spy saw the commands run (${report.sweeps} sweeps)`,
    );
    assert.deepEqual(sightings(report, everything), []);
  });

  it('plan, plan --json and every message: no secret, no hash of one', () => {
    for (const [name, text] of Object.entries(printed)) {
      if (name === 'kickstart to stdout') continue;
      assert.deepEqual(findNeedles(text, everything), [], name);
    }
  });

  it('the MANIFEST (0644) lists secret files without a hash; only the password file holds the password', () => {
    const manifest = readFileSync(path.join(out.render, 'MANIFEST'), 'utf8');
    assert.match(manifest, /^\/root\/\.euca\/admin-password 0600 root:root secret$/m);
    for (const [file, content] of filesUnder(out.render)) {
      const allowed = file === 'root/.euca/admin-password' ? notAdmin : everything;
      assert.deepEqual(findNeedles(content, allowed), [], file);
    }
  });

  it('install.sh: the admin password only where it installs it; no root password; no hash of either', () => {
    assert.deepEqual(findNeedles(readFileSync(out.script, 'utf8'), notAdmin), []);
  });

  it('kickstart profiles: the admin password only where the first boot needs it (not nc, not minimal)', () => {
    for (const profile of KICKSTART_PROFILES) {
      const text = readFileSync(out.kickstart(profile), 'utf8');
      const needsAdmin = profile === 'ciab' || profile === 'frontend';
      assert.deepEqual(findNeedles(text, needsAdmin ? notAdmin : everything), [], profile);
      assert.match(text, /^rootpw --iscrypted \$6\$/m, profile);
    }
  });

  it('kickstart to stdout says on stderr that the output holds secrets', async () => {
    const r = await ciab('kickstart', '--answers', answersFile, '--profile', 'nc');
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /^warning: the kickstart holds .*-o FILE/m);
    assert.match(r.stdout, /^rootpw --iscrypted /m);
  });

  it("the ISO's files: the admin password only in the ciab and frontend kickstarts; no root password, no hash", () => {
    const files = filesUnder(out.isoTree);
    assert.ok(files.has('ks/ciab.cfg'), [...files.keys()].join(' '));
    for (const [file, content] of files) {
      const allowed = file === 'ks/ciab.cfg' || file === 'ks/frontend.cfg' ? notAdmin : everything;
      assert.deepEqual(findNeedles(content, allowed), [], file);
    }
  });
});

describe('secrets in the plan and on the host', () => {
  it('no task hash depends on a secret: changing only the passwords changes no hash in plan --json', () => {
    const other = validateAnswersText(
      answersText.replace(ADMIN_SECRET, 'Another-Admin-Pw-1').replace(ROOT_SECRET, 'Another-Root-Pw-2'),
    ).answers;
    assert.ok(other);
    const taskHashes = (plan: Plan): string[] =>
      (JSON.parse(planToJson(plan)) as { phases: { tasks: { hash: string }[] }[] }).phases.flatMap((p) =>
        p.tasks.map((t) => t.hash),
      );
    assert.deepEqual(
      taskHashes(buildPlan(other, release, {}, 'ciab')),
      taskHashes(buildPlan(answers, release, {}, 'ciab')),
    );
  });

  it('the answers a host keeps hold kickstart.rootPassword only as a SHA-512 crypt hash, or not at all', () => {
    const kept = (role: 'ciab' | 'frontend' | 'nc'): string =>
      buildPlan(answers, release, {}, role)
        .tasks.flatMap((t) => t.files)
        .find((f) => f.path === ANSWERS_FILE)?.content ?? '';
    for (const role of ['ciab', 'frontend', 'nc'] as const) {
      assert.deepEqual(findNeedles(kept(role), rootPw), [], role);
      assert.match(kept(role), /^ {2}rootPassword: null$/m, role);
    }
    const hashed = '$6$abcdefgh$' + 'x'.repeat(86);
    assert.match(hashed, SHA512_CRYPT);
    const fromKickstart = validateAnswersText(answersText.replace(ROOT_SECRET, `'${hashed}'`)).answers;
    assert.ok(fromKickstart);
    const planned = buildPlan(fromKickstart, release, {}, 'ciab').tasks.flatMap((t) => t.files);
    assert.ok(planned.find((f) => f.path === ANSWERS_FILE)?.content.includes(hashed));
  });

  it('task snippets reach bash through a private file, never in its argv, which any local user can read', async () => {
    const marker = 'snippet-marker-8c1e';
    const r = await runBash(
      `: ${marker}\ntr '\\0' ' ' </proc/$$/cmdline; echo; dirname "$0"; stat -c %a "$(dirname "$0")"`,
    );
    const [cmdline = '', dir = '', mode = ''] = r.output.trim().split('\n');
    assert.equal(r.exitCode, 0, r.output);
    assert.doesNotMatch(cmdline, new RegExp(marker));
    assert.match(cmdline, /^bash \S+/);
    assert.equal(mode, '700');
    assert.equal(existsSync(dir), false, 'the file and its directory are removed after the run');
  });

  it('the journal and the log keep no hash of a secret file; a changed secret still applies its task again', async () => {
    const dirs = mkdtempSync(path.join(work, 'session-'));
    const target = path.join(dirs, 'work', 'password');
    const task = (content: string): Task => {
      const file = planFile({ path: target, content, mode: 0o600, owner: 'root:root', secret: true });
      return {
        id: 'credentials.password',
        phase: 'credentials',
        title: 'store a password',
        check: filesAreInPlace([file]),
        apply: putFiles([file]),
        files: [file],
        inputs: [],
        rerunAfter: [],
      };
    };
    const run = async (t: Task): Promise<string> => {
      const plan: Plan = {
        version: 1,
        release: 'eucalyptus-4.4',
        phases: [{ id: 'credentials', title: 'C' }],
        tasks: [t],
      };
      const session = new Session(
        plan,
        { host: THIS_MACHINE, now: () => new Date() },
        { kind: 'install', secrets: [], stateDir: path.join(dirs, 'state'), logDir: path.join(dirs, 'logs') },
      );
      await session.stage();
      try {
        return (await session.run(t, () => undefined)).outcome;
      } finally {
        await session.unstage();
      }
    };
    assert.equal(await run(task(`${ADMIN_SECRET}\n`)), 'applied');
    assert.equal(await run(task(`${ADMIN_SECRET}\n`)), 'done-before');
    assert.equal(await run(task('a changed password\n')), 'applied');
    assert.equal(readFileSync(target, 'utf8'), 'a changed password\n');
    assert.equal(statSync(path.join(dirs, 'state', 'secret.key')).mode & 0o777, 0o600);
    const kept = [...filesUnder(path.join(dirs, 'state')), ...filesUnder(path.join(dirs, 'logs'))];
    for (const [file, content] of kept) {
      if (file === 'secret.key' || file.startsWith('backup/')) continue;
      assert.deepEqual(findNeedles(content, hashes), [], file);
    }
  });
});
