/**
 * The `check` command: the report grouped by verdict, --json, --accept and --force-<id>, and exit codes.
 * The verdicts come from the real checks on recorded facts (test/preflight/fixture.ts) injected in place of
 * this host; the exit codes from the CLI's main() with an injected Io, as test/cli/cli.test.ts drives it.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import yaml from 'js-yaml';
import type { CheckDeps, CheckOptions } from '../../src/cli/check-run.js';
import { check } from '../../src/cli/check-run.js';
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';
import { InputError, WorkError } from '../../src/core/errors.js';
import { ReportedFailure } from '../../src/cli/reported.js';
import { evaluate } from '../../src/core/preflight/evaluate.js';
import type { AnswerProbes } from '../../src/core/preflight/types.js';
import type { HostFacts } from '../../src/core/facts/types.js';
import { messages } from '../../src/core/messages.js';
import { EXAMPLE_ANSWERS, GiB, healthy, probesOk } from './fixture.js';

const work = mkdtempSync(path.join(tmpdir(), 'ciab-check-'));
after(() => {
  rmSync(work, { recursive: true, force: true });
});
const exampleFile = fileURLToPath(EXAMPLE_ANSWERS);

function capture(): Io & { text: { out: string; err: string } } {
  const text = { out: '', err: '' };
  return {
    text,
    out: (t) => (text.out += t),
    err: (t) => (text.err += t),
    interactive: false,
    env: {},
    cwd: work,
  };
}

/** This host replaced by recorded facts and probe results; the checks themselves run for real. */
function recorded(
  change: (facts: HostFacts, probes: AnswerProbes) => void = () => undefined,
  notes: string[] = [],
): CheckDeps {
  const facts = healthy();
  const probes = probesOk();
  change(facts, probes);
  return {
    gatherFacts: () => Promise.resolve(facts),
    runPreflight: (model, release, overrides) =>
      Promise.resolve({ facts, results: evaluate({ facts, model, release, probes }, overrides), notes }),
  };
}

const options = (more: Partial<CheckOptions> = {}): CheckOptions => ({
  answers: exampleFile,
  accept: [],
  ...more,
});

const lowMemory = (f: HostFacts) => {
  f.memory = { totalBytes: 6 * GiB, values: {} };
};

describe('check: the report', () => {
  it('a healthy host: the nurse headline, every check under Healthy, no treatment lines', async () => {
    const io = capture();
    await check(options(), io, recorded());
    const lines = io.text.out.split('\n');
    assert.equal(lines[0], 'Nurse Euca: 23 healthy — fit for a cloud.');
    assert.equal(lines[2], 'Healthy:');
    assert.match(io.text.out, /^ {2}cpu-virtualization vmx on 4 processors$/m);
    assert.doesNotMatch(io.text.out, /->/);
    assert.equal(io.text.err, '');
  });

  it('groups by verdict, fatal first, with the treatment under each finding', async () => {
    const io = capture();
    await assert.rejects(
      check(
        options(),
        io,
        recorded((f) => {
          f.cpu = { processors: 2, virtualization: undefined, hypervisor: true };
          f.selinux.mode = 'enforcing';
          lowMemory(f);
        }),
      ),
      (error: unknown) => error instanceof WorkError && error.message === messages.preflightFailed,
    );
    const out = io.text.out;
    assert.match(
      out.split('\n')[0]!,
      /^Nurse Euca: 20 healthy, 1 needs treatment, 1 warning, 1 fatal — the CPU shows neither vmx .* I recommend against resuscitation until that is fixed\.$/,
    );
    const order = [
      'Fatal: cannot work:',
      'Warnings: may work, you decide',
      'Treatable: the install fixes these:',
      'Healthy:',
    ];
    const at = order.map((title) => out.indexOf(title));
    assert.ok(
      at.every((i, n) => i >= 0 && (n === 0 || i > at[n - 1]!)),
      `groups in order: ${String(at)}`,
    );
    assert.match(out, /\n {2}cpu-virtualization the CPU shows neither vmx \(Intel VT-x\) nor svm \(AMD-V\)/);
    assert.match(
      out,
      /\n {21}-> this is a virtual machine: enable nested virtualisation in its hypervisor\n/,
    );
    assert.match(out, /\n {2}memory {13}6\.0 GB of memory; 8\.0 GB is recommended/);
  });

  it('probe notes go to stderr; in --json they are in the object', async () => {
    const note = 'repositories: timed out after 5000 ms';
    const io = capture();
    await check(options(), io, recorded(undefined, [note]));
    assert.equal(io.text.err, messages.preflightNote(note));
    const json = capture();
    await check(options({ json: true }), json, recorded(undefined, [note]));
    assert.deepEqual((JSON.parse(json.text.out) as { notes: string[] }).notes, [note]);
    assert.equal(json.text.err, '');
  });
});

describe('check: --json', () => {
  it('versioned, counts, passes, one object per check with the same fields', async () => {
    const io = capture();
    await assert.rejects(
      check(options({ json: true }), io, recorded(lowMemory)),
      (error: unknown) => error instanceof ReportedFailure && error.exitCode === 1,
    );
    const json = JSON.parse(io.text.out) as {
      version: number;
      target: string;
      passes: boolean;
      counts: Record<string, number>;
      notes: string[];
      checks: Record<string, unknown>[];
    };
    assert.deepEqual(Object.keys(json), ['version', 'target', 'passes', 'counts', 'notes', 'checks']);
    assert.equal(json.version, 1);
    assert.equal(json.target, 'this machine');
    assert.equal(json.passes, false);
    assert.deepEqual(json.counts, { fatal: 0, warning: 1, treatable: 0, ok: 22 });
    assert.equal(json.checks.length, 23);
    const memory = json.checks.find((c) => c.id === 'memory');
    assert.deepEqual(memory, {
      id: 'memory',
      title: 'memory',
      verdict: 'warning',
      diagnosis: '6.0 GB of memory; 8.0 GB is recommended: few instances will fit',
      treatment: 'add memory, or accept this warning',
      treatedBy: null,
      summary: null,
      overridden: false,
    });
    for (const c of json.checks)
      assert.deepEqual(Object.keys(c), [
        'id',
        'title',
        'verdict',
        'diagnosis',
        'treatment',
        'treatedBy',
        'summary',
        'overridden',
      ]);
  });
});

describe('check: --accept and --force-<id>', () => {
  it('an accepted warning passes and is marked; an unaccepted one fails', async () => {
    await assert.rejects(check(options(), capture(), recorded(lowMemory)), WorkError);
    const io = capture();
    await check(options({ accept: ['memory'] }), io, recorded(lowMemory));
    assert.match(io.text.out, /^Nurse Euca: 22 healthy, 1 warning — fit for a cloud\.$/m);
    assert.match(io.text.out, /^ {2}memory {13}6\.0 GB of memory; .* \[accepted\]$/m);
  });

  it('accepting one warning leaves the others open, and the headline names what to accept', async () => {
    const io = capture();
    const deps = recorded((f) => {
      lowMemory(f);
      f.yumLock = { pid: 4242, command: 'yum' };
    });
    await assert.rejects(check(options({ accept: ['memory'] }), io, deps), WorkError);
    assert.match(
      io.text.out,
      /the patient may pull through: run again with --accept yum-lock, or treat the warnings\./,
    );
  });

  it('accepting a fatal finding does not pass it; only a forceable check can be forced', async () => {
    const noVmx = (f: HostFacts) => {
      f.cpu = { processors: 2, virtualization: undefined, hypervisor: false };
    };
    await assert.rejects(
      check(options({ accept: ['cpu-virtualization'] }), capture(), recorded(noVmx)),
      WorkError,
    );
    const down = (_f: HostFacts, p: AnswerProbes) => {
      p.repositories = [
        { id: 'epel', url: 'http://mirror.example.lan/epel/7/', reachable: false, error: 'HTTP 404' },
      ];
    };
    await assert.rejects(check(options(), capture(), recorded(down)), WorkError);
    const io = capture();
    await check(options({ forceRepositories: true }), io, recorded(down));
    assert.match(
      io.text.out,
      /^ {2}repositories {7}unreachable: epel http:\/\/mirror\.example\.lan\/epel\/7\/ \(HTTP 404\) \[forced\]$/m,
    );
  });

  it('--accept naming no check is bad usage, before the host is looked at', async () => {
    const deps: CheckDeps = {
      gatherFacts: () => Promise.reject(new Error('must not gather')),
      runPreflight: () => Promise.reject(new Error('must not run')),
    };
    await assert.rejects(
      check(options({ accept: ['memroy'] }), capture(), deps),
      (error: unknown) =>
        error instanceof InputError && /--accept names no check: memroy/.test(error.message),
    );
  });
});

describe('check: without --answers', () => {
  it('checks the answers this host proposes, and says so', async () => {
    const io = capture();
    await check({ accept: [] }, io, recorded());
    assert.equal(io.text.err, messages.preflightProposed);
    assert.match(io.text.out, /^Nurse Euca: 23 healthy — fit for a cloud\.$/m);
    assert.match(io.text.out, /^ {2}interface-address {2}eth0 has 192\.168\.56\.10\/24$/m);
  });

  it('a host that proposes no complete answers: bad usage, naming what is missing', async () => {
    await assert.rejects(
      check(
        { accept: [] },
        capture(),
        recorded((f) => (f.interfaces = undefined)),
      ),
      InputError,
    );
  });
});

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const io = capture();
  const code = await main(argv, io);
  return { code, ...io.text };
}

describe('check through main(): exit codes', () => {
  it('2 for bad usage: an unknown id to accept, a check that cannot be forced, a missing answers file', async () => {
    const unknown = await cli('check', '--answers', exampleFile, '--accept', 'no-such-check');
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /--accept names no check: no-such-check/);
    assert.match(unknown.err, /the check ids are: root, os, /);
    assert.equal((await cli('check', '--answers', exampleFile, '--force-memory')).code, 2);
    assert.equal((await cli('check', '--answers', path.join(work, 'absent.yaml'))).code, 2);
  });

  it('with --json every outcome is one JSON document on stdout, errors included', async () => {
    const failing = [
      ['check', '--json', '--answers', path.join(work, 'absent.yaml')],
      ['check', '--json', '--answers', exampleFile, '--accept', 'no-such-check'],
      ['check', '--json', '--no-such-option'],
      ['check', '--answers', '--json'],
    ];
    for (const argv of failing) {
      const { code, out, err } = await cli(...argv);
      assert.equal(code, 2, argv.join(' '));
      assert.equal(err, '', `${argv.join(' ')}: nothing beside the JSON`);
      const json = JSON.parse(out) as { version: number; error: { exitCode: number; message: string } };
      assert.equal(json.version, 1);
      assert.equal(json.error.exitCode, 2);
      assert.ok(json.error.message.length > 0);
    }
    const absent = JSON.parse((await cli(...(failing[0] ?? []))).out) as {
      error: { message: string; hint: string };
    };
    assert.match(
      absent.error.message,
      /^cannot read the answers file .*absent\.yaml: no such file or directory$/,
    );
    assert.match(absent.error.hint, /answers init/);
  });

  it('--help lists --accept and the one documented --force flag', async () => {
    const { code, out } = await cli('check', '--help');
    assert.equal(code, 0);
    assert.match(out, /--accept <id>/);
    assert.match(out, /--force-repositories/);
    assert.doesNotMatch(out, /--force-(?!repositories)/);
  });

  it('on this machine: 0 exactly when the JSON says it passes, else 1; nothing written', async () => {
    // Offline repositories (file:// checked on disk) keep this test off the network.
    const repo = path.join(work, 'repo');
    mkdirSync(path.join(repo, 'repodata'), { recursive: true });
    writeFileSync(path.join(repo, 'repodata', 'repomd.xml'), '<repomd/>\n');
    const answers = yaml.load(readFileSync(exampleFile, 'utf8')) as Record<string, unknown>;
    const url = pathToFileURL(repo + '/').href;
    answers.repositories = Object.fromEntries(
      ['base', 'updates', 'extras', 'epel', 'eucalyptus', 'euca2ools'].map((id) => [id, url]),
    );
    const file = path.join(work, 'answers.yaml');
    writeFileSync(file, yaml.dump(answers));
    const before = readFileSync(file, 'utf8');
    const { code, out } = await cli('check', '--answers', file, '--json');
    const json = JSON.parse(out) as {
      passes: boolean;
      checks: { id: string; verdict: string; diagnosis: string }[];
    };
    assert.equal(code, json.passes ? 0 : 1);
    assert.equal(json.checks.length, 23);
    assert.deepEqual(
      json.checks.find((c) => c.id === 'repositories'),
      {
        ...json.checks.find((c) => c.id === 'repositories'),
        verdict: 'ok',
        diagnosis: '6 repositories answer',
      },
    );
    assert.equal(readFileSync(file, 'utf8'), before);
  });
});
