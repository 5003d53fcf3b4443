/**
 * The full log of one run: every command, its output, exit code and duration, with secrets masked.
 * Mode 0600 (it names files that hold secrets), one file per run, and a `latest` link, on the host the
 * run works on (src/host/target-host.ts opens it there).
 */
import { appendFileSync, closeSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

/** Where the log's lines go: a file on this host, or one on the target over SSH. */
export interface LogSink {
  /** the file's path on its host */
  readonly file: string;
  write: (text: string) => void;
  /** waits until every line written is in the file */
  close: () => Promise<void>;
}

/** The log file on this host. */
export function localLog(dir: string, name: string): LogSink {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, name);
  closeSync(openSync(file, 'a', 0o600));
  const latest = path.join(dir, 'latest');
  rmSync(latest, { force: true });
  symlinkSync(name, latest);
  return {
    file,
    write: (text) => {
      appendFileSync(file, text);
    },
    close: () => Promise.resolve(),
  };
}

/** The log's file name for a run of KIND started at NOW. */
export const logName = (kind: string, now: Date): string =>
  `${kind}-${now.toISOString().replace(/[:.]/g, '-')}.log`;

export class RunLog {
  /** undefined for a run that must leave no trace on the host (a dry run) */
  readonly file: string | undefined;
  private readonly secrets: string[];

  constructor(
    private readonly sink: LogSink | undefined,
    secrets: readonly string[],
  ) {
    this.secrets = secrets.filter((s) => s.length > 0);
    this.file = sink?.file;
  }

  /** Adds a value to mask from now on (e.g. a password generated on the host). */
  addSecret(secret: string): void {
    if (secret.length > 0 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  mask(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('********'), text);
  }

  write(text: string): void {
    this.sink?.write(this.mask(text.endsWith('\n') ? text : `${text}\n`));
  }

  close(): Promise<void> {
    return this.sink?.close() ?? Promise.resolve();
  }
}
