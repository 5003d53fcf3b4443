/**
 * The attacker's side of the secrets tests: what a fixture secret looks like in every form that would give it
 * away (the plain text, its unsalted SHA-256 and that of every file holding it, its base64), a scanner that
 * finds those forms in any text (base64 runs decoded too), and a spy: an unprivileged local user
 * (`setpriv --reuid=65534`, nobody) sampling every process's /proc/PID/cmdline and /proc/PID/environ while
 * the installer runs, as any user on the host can (only the processes the test started count: other test
 * runs share the machine).
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import type { Answers } from '../../src/core/answers/schema.js';
import { buildPlan } from '../../src/core/plan/build.js';
import type { Role } from '../../src/core/role.js';
import { getRelease } from '../../src/core/release/index.js';

/** The fixture's secrets; the tests put them into the answers (admin.password, kickstart.rootPassword). */
export const ADMIN_SECRET = 'Adm1n-Fixture-Pw-93';
export const ROOT_SECRET = 'R00t-Fixture-Pw-71';

export interface Needle {
  /** what it is, for the failure message: never the value itself */
  label: string;
  text: string;
}

const sha256 = (text: string): string => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * The base64 forms of SECRET wherever it starts in the encoded data: for each of the three alignments, the
 * characters that depend on the secret's bytes alone.
 */
function base64Forms(secret: string): string[] {
  const bytes = Buffer.from(secret, 'utf8');
  return [0, 1, 2].map((offset) => {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString('base64');
    // character j encodes bits 6j..6j+5: bytes floor(6j/8)..floor((6j+5)/8), all of them the secret's
    const start = Math.ceil((offset * 8) / 6);
    const end = Math.floor(((offset + bytes.length) * 8 - 6) / 6) + 1;
    return encoded.slice(start, end);
  });
}

/** Every form of SECRET that gives it away, by itself and as the content of a file (with a newline). */
export function needlesOf(name: string, secret: string): Needle[] {
  return [
    { label: `${name} in plain text`, text: secret },
    { label: `the SHA-256 of ${name}`, text: sha256(secret) },
    { label: `the SHA-256 of ${name} with a newline`, text: sha256(`${secret}\n`) },
    ...base64Forms(secret).map((text, i) => ({ label: `${name} in base64 (alignment ${i})`, text })),
  ];
}

/** The SHA-256 of every secret file the plans of ANSWERS install (the answers file, the password file). */
export function secretFileHashes(answers: Answers): Needle[] {
  const release = getRelease(answers.release);
  const roles: Role[] = ['ciab', 'frontend', 'nc'];
  const files = roles.flatMap((role) =>
    buildPlan(answers, release, {}, role).tasks.flatMap((t) => t.files.filter((f) => f.secret)),
  );
  return [...new Map(files.map((f) => [sha256(f.content), f.path])).entries()].map(([hash, file]) => ({
    label: `the SHA-256 of the secret file ${file}`,
    text: hash,
  }));
}

/** Which needles TEXT holds, itself or in any base64 run it holds (decoded). */
export function findNeedles(text: string, needles: readonly Needle[]): string[] {
  const decoded = [...text.matchAll(/[A-Za-z0-9+/=\n]{16,}/g)].map((m) =>
    Buffer.from(m[0].replaceAll('\n', ''), 'base64').toString('latin1'),
  );
  return needles
    .filter((n) => text.includes(n.text) || decoded.some((d) => d.includes(n.text)))
    .map((n) => n.label);
}

/** What the spy saw: every distinct command line and environment it could read. */
export interface SpyReport {
  sweeps: number;
  cmdlines: string[];
  environs: string[];
}

/**
 * The sampler, run by node as nobody: reads every /proc/PID/cmdline and /proc/PID/environ it may, over and
 * over, keeps each distinct text, and prints them as JSON when it is told to stop (SIGTERM). Only the
 * processes descended from the test (argv[1]) count: others on the machine (other test runs) are not ours.
 */
const SAMPLER = String.raw`
const fs = require('node:fs');
const root = process.argv[1];
const cmdlines = new Set(), environs = new Set();
let sweeps = 0, stopping = false;
const read = (file) => { try { return fs.readFileSync(file, 'latin1'); } catch { return ''; } };
const keep = (text, into) => { if (text !== '') into.add(text.replaceAll('\0', ' ')); };
const sweep = () => {
  if (stopping) return;
  const parent = new Map();
  for (const pid of fs.readdirSync('/proc')) {
    if (!/^[0-9]+$/.test(pid)) continue;
    const stat = read('/proc/' + pid + '/stat');
    parent.set(pid, stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  }
  const ours = (pid) => {
    for (let p = parent.get(pid), n = 0; p !== undefined && n < 64; p = parent.get(p), n++) if (p === root) return true;
    return false;
  };
  for (const pid of parent.keys()) {
    if (pid === String(process.pid) || !ours(pid)) continue;
    keep(read('/proc/' + pid + '/cmdline'), cmdlines);
    keep(read('/proc/' + pid + '/environ'), environs);
  }
  sweeps++;
  setTimeout(sweep, 2);
};
process.on('SIGTERM', () => {
  stopping = true;
  process.stdout.write(JSON.stringify({ sweeps, cmdlines: [...cmdlines], environs: [...environs] }), () => process.exit(0));
});
process.stdout.write('ready\n');
sweep();
`;

export class ProcSpy {
  private readonly child: ChildProcess;
  private output = '';
  private readonly ready: Promise<void>;

  private constructor() {
    this.child = spawn(
      'setpriv',
      [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        '-e',
        SAMPLER,
        String(process.pid),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    this.ready = new Promise((resolve, reject) => {
      this.child.stdout?.on('data', (chunk: Buffer) => {
        this.output += chunk.toString('utf8');
        if (this.output.startsWith('ready\n')) resolve();
      });
      this.child.once('exit', (code) => {
        reject(new Error(`the spy exited (${String(code)}) before it was ready`));
      });
    });
  }

  /** Starts sampling as nobody; resolves once the sampler runs. */
  static async start(): Promise<ProcSpy> {
    const spy = new ProcSpy();
    await spy.ready;
    return spy;
  }

  async stop(): Promise<SpyReport> {
    const exited = new Promise<void>((resolve) =>
      this.child.once('exit', () => {
        resolve();
      }),
    );
    this.child.kill('SIGTERM');
    await exited;
    return JSON.parse(this.output.slice('ready\n'.length)) as SpyReport;
  }
}

/** What of NEEDLES the spy saw, one line per sighting: where, and which needle. */
/**
 * The sightings outside the command lines of the console password's own tools, which get it in argv until
 * issue 13 point 4 is fixed (test/install/fresh.e2e.test.ts test 10 says so).
 */
export function sightingsBesidesPasswordTools(report: SpyReport, needles: readonly Needle[]): string[] {
  const passwordTools = /^node \S+\/euare-(useradd|usermod)loginprofile /;
  return sightings({ ...report, cmdlines: report.cmdlines.filter((c) => !passwordTools.test(c)) }, needles);
}

export function sightings(report: SpyReport, needles: readonly Needle[]): string[] {
  return [
    ...report.cmdlines.flatMap((text) =>
      findNeedles(text, needles).map((label) => `cmdline ${text.slice(0, 60)}...: ${label}`),
    ),
    ...report.environs.flatMap((text) => findNeedles(text, needles).map((label) => `environ: ${label}`)),
  ];
}
