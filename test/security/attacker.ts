/**
 * The attacker of the security tests: an unprivileged local user (`nobody`, uid and gid 65534, no
 * supplementary groups, through util-linux setpriv) who plants symlinks and swaps directories for symlinks
 * while root runs cloud-in-a-box, and the root-owned sentinel files that must come through untouched.
 * The tests run as root (the installer does).
 */
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const NOBODY = 65534;

/** `argv` as it runs for nobody. */
export const asNobody = (argv: readonly string[]): string[] => [
  'setpriv',
  `--reuid=${NOBODY}`,
  `--regid=${NOBODY}`,
  '--clear-groups',
  ...argv,
];

/** Runs `argv` as nobody to its end; fails the test when it fails. */
export function runAsNobody(argv: readonly string[], options: { cwd?: string } = {}): string {
  const [command = '', ...args] = asNobody(argv);
  const run = spawnSync(command, args, { encoding: 'utf8', ...options });
  assert.equal(run.status, 0, `as nobody: ${argv.join(' ')}\n${run.stderr}`);
  return run.stdout;
}

/** Nobody makes `link` a symlink to `target` (replacing whatever nobody may replace there). */
export function plantSymlink(link: string, target: string): void {
  runAsNobody(['ln', '-sfn', '--', target, link]);
}

/** A directory under the system temp dir (sticky, like /tmp) that nobody owns. */
export function nobodysDirectory(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  chown(dir, NOBODY);
  return dir;
}

/** Gives `file` to `uid` (user and group). */
export function chown(file: string, uid: number): void {
  chownSync(file, uid, uid);
}

/**
 * Root-owned files nobody may change, in a root-owned directory (mode 0755) outside everything the test
 * hands cloud-in-a-box. `names` are the files' names: an attacker aims at names known in advance.
 */
export function rootSentinel(names: readonly string[]): { dir: string; assertUntouched: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'ciab-sentinel-'));
  chmodSync(dir, 0o755);
  for (const name of names) writeFileSync(path.join(dir, name), `sentinel ${name}\n`, { mode: 0o644 });
  const snapshot = (): string[] =>
    readdirSync(dir)
      .sort()
      .map((name) => `${name}: ${readFileSync(path.join(dir, name), 'utf8').trim()}`);
  const before = snapshot();
  return {
    dir,
    assertUntouched: () => {
      assert.deepEqual(snapshot(), before, `root's files in ${dir} were changed or deleted`);
    },
  };
}

/**
 * The race against a recursive removal by path, played by nobody in `cwd`, a directory of theirs that
 * root is about to delete: `name` is a directory of theirs holding `files` (names the attacker aims at)
 * and `padding` more (so that the removal takes a while). The moment root deletes the first file in it,
 * nobody renames `name` aside and puts a symlink to `target` in its place: a removal that goes on by path
 * now deletes `target`'s files of those names. Ends once it has swapped, when `stop()` is called, or after
 * `maxSeconds` (a bound, so that a test that loses never leaves it running).
 */
export function startSwapOnFirstDelete(options: {
  cwd: string;
  name: string;
  target: string;
  files: readonly string[];
  padding: number;
  maxSeconds: number;
}): { ready: Promise<void>; stop: () => Promise<void> } {
  const program = String.raw`
    const fs = require('node:fs');
    const [name, target, files, padding, maxSeconds] = process.argv.slice(1);
    fs.mkdirSync(name);
    for (const f of files.split(',')) fs.writeFileSync(name + '/' + f, 'attacker');
    for (let i = 0; i < Number(padding); i++) fs.writeFileSync(name + '/pad' + i, '');
    // Nothing but a deletion changes the directory from here on: the first event is root's first unlink.
    const watcher = fs.watch(name, () => {
      fs.renameSync(name, name + '.aside');
      fs.symlinkSync(target, name);
      watcher.close();
      process.exit(0);
    });
    setTimeout(() => process.exit(0), Number(maxSeconds) * 1000).unref();
    process.stdout.write('ready\n');`;
  const argv = [
    process.execPath,
    '-e',
    program,
    '--',
    options.name,
    options.target,
    options.files.join(','),
    String(options.padding),
    String(options.maxSeconds),
  ];
  return startAsNobody(argv, options.cwd);
}

/**
 * The race against a program that creates a file by name and opens it by name again later, played by
 * nobody in `dir`, a directory they can write: the moment an entry whose name matches `pattern` appears,
 * nobody renames it aside and puts a symlink to `target` in its place. Where the sticky bit forbids the
 * rename, the attempt fails and the file stays root's. Ends after its one attempt, when `stop()` is called,
 * or after `maxSeconds`.
 */
export function startSwapOnCreate(options: {
  dir: string;
  pattern: RegExp;
  target: string;
  maxSeconds: number;
}): { ready: Promise<void>; stop: () => Promise<void> } {
  const program = String.raw`
    const fs = require('node:fs');
    const [pattern, target, maxSeconds] = process.argv.slice(1);
    const watcher = fs.watch('.', (_event, name) => {
      if (name === null || !new RegExp(pattern).test(name) || !fs.existsSync(name)) return;
      watcher.close();
      try {
        fs.renameSync(name, name + '.stolen');
        fs.symlinkSync(target, name);
      } catch (error) {
        process.stderr.write('the swap failed: ' + error.message + '\n');
      }
      process.exit(0);
    });
    setTimeout(() => process.exit(0), Number(maxSeconds) * 1000).unref();
    process.stdout.write('ready\n');`;
  return startAsNobody(
    [
      process.execPath,
      '-e',
      program,
      '--',
      options.pattern.source,
      options.target,
      String(options.maxSeconds),
    ],
    options.dir,
  );
}

/** Starts `argv` as nobody in `cwd`; ready once it printed its first line, stop() kills it. */
function startAsNobody(
  argv: readonly string[],
  cwd: string,
): { ready: Promise<void>; stop: () => Promise<void> } {
  const [command = '', ...args] = asNobody(argv);
  const child: ChildProcess = spawn(command, args, {
    cwd,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) =>
    child.once('exit', () => {
      resolve();
    }),
  );
  const ready = new Promise<void>((resolve, reject) => {
    child.stdout?.once('data', () => {
      resolve();
    });
    child.once('exit', (code) => {
      reject(new Error(`the attacker ended before it was ready (exit ${code})`));
    });
  });
  return {
    ready,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
