// Shared plumbing of the simulated host's fake tools: the root, the state directory, atomic JSON
// state files, the call log, fault injection and the "not implemented" rule. See ../README.md.
import fs from 'node:fs';
import path from 'node:path';

/** The simulated root: every path a fake touches lives under it. */
export function root() {
  return process.env.SIMHOST_ROOT || '/';
}

/** An absolute host path (`/etc/x`) resolved under the simulated root. */
export function hostPath(p) {
  return path.join(root(), p);
}

export function stateDir() {
  return hostPath('/var/lib/simhost');
}

export function statePath(name) {
  return path.join(stateDir(), name);
}

export function readJson(file, fallback) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    if (err.code === 'ENOENT') return fallback;
    throw err;
  }
}

/** Writes JSON atomically (temp file + rename), so that a killed fake never leaves half a file. */
export function writeJson(file, value) {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

export function writeFileAtomic(file, text, mode) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text, mode === undefined ? undefined : { mode });
  if (mode !== undefined) fs.chmodSync(tmp, mode);
  fs.renameSync(tmp, file);
}

/** A state file under /var/lib/simhost, created from `seed()` on first use. */
export function loadState(name, seed) {
  const file = statePath(name);
  const value = readJson(file, undefined);
  if (value !== undefined) return value;
  const seeded = seed();
  writeJson(file, seeded);
  return seeded;
}

export function saveState(name, value) {
  writeJson(statePath(name), value);
}

/** Thrown for any subcommand or flag a fake does not implement: exit 127 with the contract's message. */
export class NotImplemented extends Error {}

/** Thrown to end a fake with an exit code and an optional message on stderr (and stdout). */
export class Exit extends Error {
  constructor(code, stderr = '', stdout = '') {
    super(stderr);
    this.code = code;
    this.stderr = stderr;
    this.stdout = stdout;
  }
}

export function out(text) {
  if (text) fs.writeSync(1, text.endsWith('\n') ? text : text + '\n');
}

export function err(text) {
  if (text) fs.writeSync(2, text.endsWith('\n') ? text : text + '\n');
}

export function sleep(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The first unspent fault for this call, its use counted and persisted. */
function takeFault(tool, argv) {
  const file = statePath('faults.json');
  const faults = readJson(file, []);
  if (!Array.isArray(faults)) return undefined;
  const joined = argv.join(' ');
  const fault = faults.find((f) => {
    if (f.tool !== tool) return false;
    if ((f.used ?? 0) >= (f.times ?? 1)) return false;
    if (f.match === undefined) return true;
    if (Array.isArray(f.match)) return f.match.every((m, i) => argv[i] === m);
    return joined.includes(String(f.match));
  });
  if (fault === undefined) return undefined;
  fault.used = (fault.used ?? 0) + 1;
  writeJson(file, faults);
  return fault;
}

function logCall(entry) {
  fs.mkdirSync(stateDir(), { recursive: true });
  fs.appendFileSync(statePath('calls.log'), JSON.stringify(entry) + '\n');
}

/**
 * Runs a fake: `main(argv, call)` returns an exit code (or throws Exit / NotImplemented); it marks the call
 * as state-changing with `call.changes = true`. Everything is logged; faults come first.
 */
export function runTool(tool, main) {
  const argv = process.argv.slice(2);
  const started = Date.now();
  const call = { changes: false };
  let code = 0;
  let fault;
  try {
    fault = takeFault(tool, argv);
    if (fault !== undefined) {
      if (fault.hangMs) sleep(fault.hangMs);
      if (fault.exitCode !== null)
        throw new Exit(fault.exitCode ?? 1, fault.stderr ?? 'simhost fault injected');
    }
    code = main(argv, call) ?? 0;
  } catch (e) {
    if (e instanceof NotImplemented) {
      err(`simhost fake ${tool}: not implemented: ${argv.join(' ')}`);
      code = 127;
    } else if (e instanceof Exit) {
      out(e.stdout);
      err(e.stderr);
      code = e.code;
    } else {
      err(`simhost fake ${tool}: internal error: ${e && e.stack ? e.stack : String(e)}`);
      code = 70;
    }
  }
  const entry = {
    tool,
    argv,
    exitCode: code,
    ms: Date.now() - started,
    at: new Date(started).toISOString(),
    changes: call.changes,
  };
  if (fault !== undefined && fault.exitCode !== null) entry.fault = true;
  logCall(entry);
  process.exitCode = code;
}

/**
 * A tiny option parser: `spec` maps flags to 'bool' or 'value' (aliases allowed as separate keys);
 * `--flag=value` works for value flags. Unknown flags throw NotImplemented. Returns { opts, args }.
 */
export function parseArgs(argv, spec, { stopAtFirstArg = false } = {}) {
  const opts = {};
  const args = [];
  // Combined short flags (`-wld DOMAIN`): each letter a known flag, only the last may take a value.
  argv = argv.flatMap((a) => {
    if (!/^-[A-Za-z]{2,}$/.test(a) || spec[a] !== undefined) return [a];
    const letters = a
      .slice(1)
      .split('')
      .map((ch) => `-${ch}`);
    const known = letters.every(
      (f, i) => spec[f] === 'bool' || (spec[f] === 'value' && i === letters.length - 1),
    );
    return known ? letters : [a];
  });
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--') {
      args.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-' && !(stopAtFirstArg && args.length > 0)) {
      let name = a;
      let value;
      const eq = a.indexOf('=');
      if (a.startsWith('--') && eq > 0) {
        name = a.slice(0, eq);
        value = a.slice(eq + 1);
      }
      const kind = spec[name];
      if (kind === undefined) throw new NotImplemented();
      if (kind === 'bool') {
        if (value !== undefined) throw new NotImplemented();
        opts[name] = true;
      } else {
        if (value === undefined) {
          i++;
          if (i >= argv.length) throw new NotImplemented();
          value = argv[i];
        }
        (opts[name] ??= []).push(value);
      }
    } else {
      args.push(a);
    }
  }
  return { opts, args };
}

export function fileExists(p) {
  return fs.existsSync(hostPath(p));
}

export function readHostFile(p) {
  return fs.readFileSync(hostPath(p), 'utf8');
}

export function writeHostFile(p, text, mode = 0o644) {
  writeFileAtomic(hostPath(p), text, mode);
}

/** uid/gid of a user in the simulated root's /etc/passwd (undefined when absent). */
export function lookupUser(name) {
  let text = '';
  try {
    text = readHostFile('/etc/passwd');
  } catch {
    return undefined;
  }
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === name) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/** chown under the root when we are root and the user exists (unit tests run as root too). */
export function chownTo(p, user) {
  const u = lookupUser(user);
  if (u === undefined || process.getuid?.() !== 0) return;
  fs.chownSync(hostPath(p), u.uid, u.gid);
}

export function config() {
  return readJson(statePath('config.json'), {});
}

// requestbuilder's TableOutputMixin: prettytable without border or header (unless --show-headers),
// left-aligned, no left padding, two spaces of right padding on every column (trailing ones too).
export function table(rows) {
  const widths = [];
  for (const r of rows) r.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, String(cell).length)));
  return rows.map((r) => r.map((cell, i) => String(cell).padEnd(widths[i]) + '  ').join('')).join('\n');
}
