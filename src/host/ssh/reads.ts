/**
 * The gatherer's reads on the target over SSH, in as few round trips as the facts allow: every read asked
 * for in one turn of the event loop goes to the target as one bash script in one session, and the answers
 * come back together. The gatherer asks for everything it can at once, and what it would ask only after
 * the first answers (each interface's sysfs, each ifcfg file: READ_AHEAD) is read ahead in the same
 * script, so host facts take one round trip (two while yum runs: its lock holder's name).
 *
 * On the target, each read prints a header `@@ciab ID STATUS` (a read ahead: `@@ciab-ahead KIND PATH`,
 * the path in base64) and two lines of base64 (the content or stdout, then stderr): no byte of a file or
 * an output can be taken for the framing.
 */
import type { StatfsNumbers } from '../../core/facts/disk.js';
import { shellCommand, shellWord } from '../../core/quote.js';
import type { GatherDeps } from '../gather.js';
import { hostCommands } from '../commands.js';
import type { QueryResult, QueryRunner } from '../tools/tool.js';
import { QUERY_TIMEOUT_MS, ToolError } from '../tools/tool.js';
import type { ScriptResult } from './connection.js';

/** Where the reads run: SshConnection, or anything else that runs our bash scripts as root there. */
export interface ScriptHost {
  readonly login: { arch: string };
  runScript: (script: string, during: string) => Promise<ScriptResult>;
}

type Read =
  | { kind: 'ahead'; files: readonly string[]; exists: readonly string[] }
  | { kind: 'file'; path: string }
  | { kind: 'exists'; path: string }
  | { kind: 'dir'; path: string }
  | { kind: 'statfs'; path: string }
  | { kind: 'query'; file: string; args: readonly string[]; timeoutMs: number };

interface Answer {
  status: string;
  body: string;
  stderr: string;
}

interface Pending {
  read: Read;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

const HEADER = '@@ciab';
const AHEAD = '@@ciab-ahead';

/** What a read ahead found, by kind and path; `covers` tells which paths it looked for. */
class ReadAhead {
  private readonly found = new Map<string, Answer>();
  private readonly patterns: { kind: 'file' | 'exists'; pattern: RegExp }[];
  private done: Promise<void> | undefined;

  constructor(readonly globs: { files: readonly string[]; exists: readonly string[] }) {
    // bash's `*` in a path: any characters but `/` (and no leading dot, which no name here has).
    const regex = (glob: string) =>
      new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*')}$`);
    this.patterns = [
      ...globs.files.map((g) => ({ kind: 'file' as const, pattern: regex(g) })),
      ...globs.exists.map((g) => ({ kind: 'exists' as const, pattern: regex(g) })),
    ];
  }

  /** Starts it, once: `ask` sends it with whatever else goes in this turn's batch. */
  start(ask: (read: Read) => Promise<Answer>): void {
    this.done ??= ask({ kind: 'ahead', ...this.globs }).then(
      (answer) => {
        for (const [key, found] of parseAhead(answer.body)) this.found.set(key, found);
      },
      () => undefined,
    );
  }

  /** The answer for a path it looked for (absent: it is not there); undefined for a path it did not. */
  async lookup(kind: 'file' | 'exists', path: string): Promise<Answer | undefined> {
    if (this.done === undefined || !this.patterns.some((p) => p.kind === kind && p.pattern.test(path)))
      return undefined;
    await this.done;
    return (
      this.found.get(`${kind} ${path}`) ??
      (kind === 'file' ? { status: 'ENOENT', body: '', stderr: '' } : { status: '0', body: '', stderr: '' })
    );
  }
}

export class RemoteReads {
  private queue: Pending[] = [];

  constructor(private readonly connection: ScriptHost) {}

  /**
   * The gatherer's dependencies, all answered on the target; with `readAhead`, those paths are read with
   * the first batch (once per call: each gathering reads the host afresh).
   */
  gatherDeps(readAhead?: { files: readonly string[]; exists: readonly string[] }): GatherDeps {
    const ahead = readAhead === undefined ? undefined : new ReadAhead(readAhead);
    const ask = (read: Read): Promise<Answer> => {
      ahead?.start((r) => this.ask(r));
      return this.ask(read);
    };
    const cached = async (kind: 'file' | 'exists', path: string): Promise<Answer> =>
      (await ahead?.lookup(kind, path)) ?? ask({ kind, path });
    const measured = new Map<string, Answer>();
    return {
      readFile: async (file) => fileText(file, await cached('file', file)),
      exists: async (file) => {
        const answer = await cached('exists', file);
        if (answer.body !== '') measured.set(file, { status: 'ok', body: answer.body, stderr: '' });
        return answer.status === '1';
      },
      readDir: async (dir) => names(dir, await ask({ kind: 'dir', path: dir })),
      statfs: async (file) =>
        statfsNumbers(file, measured.get(file) ?? (await ask({ kind: 'statfs', path: file }))),
      run: hostCommands(this.query),
      // Commands run as root there (directly, or through sudo -n: SshConnection checked it works).
      identity: () => ({ uid: 0, arch: this.connection.login.arch }),
    };
  }

  /** runQuery's contract, on the target. */
  readonly query: QueryRunner = async (file, args, options) => {
    const timeoutMs = options.timeoutMs ?? QUERY_TIMEOUT_MS;
    const command = [file, ...args].join(' ');
    const answer = await this.ask({ kind: 'query', file, args, timeoutMs });
    const lastLines = answer.stderr
      .split('\n')
      .filter((l) => l.trim() !== '')
      .slice(-8);
    if (answer.status === 'ENOENT')
      throw new ToolError(command, undefined, [], 'could not run: ENOENT', 'ENOENT');
    // timeout(1) exits 124 when the deadline passed.
    if (answer.status === '124')
      throw new ToolError(command, undefined, lastLines, `timed out after ${timeoutMs} ms`);
    const result: QueryResult = {
      command,
      exitCode: Number(answer.status),
      stdout: answer.body,
      stderr: answer.stderr,
      lastLines,
    };
    return result;
  };

  private ask(read: Read): Promise<Answer> {
    return new Promise((resolve, reject) => {
      if (this.queue.length === 0) setImmediate(() => void this.flush());
      this.queue.push({ read, resolve, reject });
    });
  }

  private async flush(): Promise<void> {
    const batch = this.queue;
    this.queue = [];
    try {
      const { stdout } = await this.connection.runScript(
        batchScript(batch.map((p) => p.read)),
        'reading the host',
      );
      const answers = parseAnswers(stdout);
      batch.forEach((pending, id) => {
        const answer = answers.get(id);
        if (answer === undefined) pending.reject(new Error('the target gave no answer'));
        else pending.resolve(answer);
      });
    } catch (error) {
      for (const pending of batch) pending.reject(error);
    }
  }
}

/**
 * The script that answers every read. They run side by side, as the gatherer's and the probes' do here
 * (a sweep pings dozens of addresses with a second's deadline each), each into a file of its own; the
 * answers are printed in order once all are in. It only reads: every command's stdin is /dev/null.
 */
export function batchScript(reads: readonly Read[]): string {
  const lines = [
    'export LC_ALL=C',
    `answer() { printf '${HEADER} %s %s\\n' "$1" "$2"; }`,
    'out=$(mktemp -d) || exit 1',
    'trap \'rm -rf "$out"\' EXIT',
  ];
  reads.forEach((read, id) => {
    lines.push(`{ err="$out/${id}.err"`, ...readLines(read, id), `} >"$out/${id}" 2>/dev/null </dev/null &`);
  });
  lines.push('wait', `for id in $(seq 0 ${reads.length - 1}); do cat "$out/$id"; done`);
  return `${lines.join('\n')}\n`;
}

/** One read's answer: its header, then two lines of base64. */
function readLines(read: Read, id: number): string[] {
  const p = 'path' in read ? shellWord(read.path) : '';
  switch (read.kind) {
    case 'ahead': {
      // The globs are ours (READ_AHEAD), expanded by bash on the target: checked to hold nothing else.
      const globs = [...read.files, ...read.exists];
      if (!globs.every((g) => /^[A-Za-z0-9/_.*-]+$/.test(g)))
        throw new Error(`not a plain glob: ${globs.join(' ')}`);
      const record = (kind: string) => `printf '${AHEAD} ${kind} %s\\n' "$(printf %s "$f" | base64 -w0)"`;
      return [
        `answer ${id} ok; {`,
        `  for f in ${read.files.join(' ')}; do [ -f "$f" ] || continue`,
        `    if data=$(base64 -w0 <"$f" 2>/dev/null); then ${record('file')}; printf '%s\\n' "$data"; echo; fi`,
        '  done',
        `  for f in ${read.exists.join(' ')}; do [ -e "$f" ] || continue; ${record('exists')}; echo; echo; done`,
        `} | base64 -w0; echo; echo`,
      ];
    }
    case 'file':
      return [
        `if [ ! -e ${p} ]; then answer ${id} ENOENT; echo; echo`,
        `elif [ -d ${p} ]; then answer ${id} EISDIR; echo; echo`,
        `elif data=$(base64 -w0 <${p} 2>"$err"); then answer ${id} ok; printf '%s\n' "$data"; echo`,
        `else answer ${id} EACCES; echo; base64 -w0 <"$err"; echo; fi`,
      ];
    case 'exists':
      // A path that exists is measured too (its body): the gatherer measures the nearest existing
      // ancestor of a path right after asking which exist, and this saves it a round trip.
      return [
        `if [ -e ${p} ]; then answer ${id} 1; stat -f -c '%S %b %a' ${p} 2>/dev/null | base64 -w0; echo; echo`,
        `else answer ${id} 0; echo; echo; fi`,
      ];
    case 'dir':
      return [
        `if [ -d ${p} ]; then answer ${id} ok; find ${p} -mindepth 1 -maxdepth 1 -printf '%f\n' | base64 -w0; echo; echo`,
        `elif [ -e ${p} ]; then answer ${id} ENOTDIR; echo; echo`,
        `else answer ${id} ENOENT; echo; echo; fi`,
      ];
    case 'statfs':
      // %S: the size that block counts are in (f_frsize); %b: blocks; %a: blocks free to a non-root user.
      return [
        `if data=$(stat -f -c '%S %b %a' ${p} 2>"$err"); then answer ${id} ok; printf '%s' "$data" | base64 -w0; echo; echo`,
        `else answer ${id} ENOENT; echo; base64 -w0 <"$err"; echo; fi`,
      ];
    case 'query': {
      const seconds = Math.max(1, Math.ceil(read.timeoutMs / 1000));
      const command = shellCommand([read.file, ...read.args]);
      return [
        `if ! command -v ${shellWord(read.file)} >/dev/null 2>&1; then answer ${id} ENOENT; echo; echo`,
        `else data=$(timeout -k 1 ${seconds} ${command} 2>"$err" | base64 -w0; exit "\${PIPESTATUS[0]}")`,
        `  answer ${id} $?; printf '%s\n' "$data"; base64 -w0 <"$err"; echo; fi`,
      ];
    }
  }
}

export function parseAnswers(stdout: string): Map<number, Answer> {
  const lines = stdout.split('\n');
  const answers = new Map<number, Answer>();
  for (let i = 0; i < lines.length; i++) {
    const header = new RegExp(`^${HEADER} (\\d+) (\\S+)$`).exec(lines[i] ?? '');
    if (header === null) continue;
    const decode = (line: string | undefined): string => Buffer.from(line ?? '', 'base64').toString('utf8');
    answers.set(Number(header[1]), {
      status: header[2] ?? '',
      body: decode(lines[i + 1]),
      stderr: decode(lines[i + 2]),
    });
    i += 2;
  }
  return answers;
}

/** The records of a read ahead (its answer's body): `KIND PATH` -> the answer for that read. */
function parseAhead(body: string): Map<string, Answer> {
  const found = new Map<string, Answer>();
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const header = new RegExp(`^${AHEAD} (file|exists) (\\S+)$`).exec(lines[i] ?? '');
    if (header === null) continue;
    const path = Buffer.from(header[2] ?? '', 'base64').toString('utf8');
    const body = Buffer.from(lines[i + 1] ?? '', 'base64').toString('utf8');
    found.set(
      `${header[1] ?? ''} ${path}`,
      header[1] === 'file' ? { status: 'ok', body, stderr: '' } : { status: '1', body: '', stderr: '' },
    );
    i += 2;
  }
  return found;
}

function errno(code: string, syscall: string, file: string, detail = ''): NodeJS.ErrnoException {
  return Object.assign(
    new Error(`${code}: ${syscall} '${file}'${detail === '' ? '' : `: ${detail.trim()}`}`),
    { code },
  );
}

function fileText(file: string, answer: Answer): string {
  if (answer.status !== 'ok') throw errno(answer.status, 'open', file, answer.stderr);
  return answer.body;
}

function names(dir: string, answer: Answer): string[] {
  if (answer.status !== 'ok') throw errno(answer.status, 'scandir', dir);
  return answer.body.split('\n').filter((n) => n !== '');
}

function statfsNumbers(file: string, answer: Answer): StatfsNumbers {
  const [bsize, blocks, bavail] = answer.body.trim().split(' ').map(Number);
  if (answer.status !== 'ok' || bsize === undefined || blocks === undefined || bavail === undefined)
    throw errno('ENOENT', 'statfs', file, answer.stderr);
  return { bsize, blocks, bavail };
}
