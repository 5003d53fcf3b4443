/**
 * The full log of one run: every command, its output, exit code and duration, with secrets masked.
 * Mode 0600 (it names files that hold secrets), one file per run, and a `latest` link.
 */
import { appendFileSync, closeSync, mkdirSync, openSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';

export class RunLog {
  /** undefined for a run that must leave no trace on the host (a dry run) */
  readonly file: string | undefined;
  private readonly secrets: string[];

  constructor(dir: string | null, kind: string, secrets: readonly string[], now: Date) {
    this.secrets = secrets.filter((s) => s.length > 0);
    if (dir === null) {
      this.file = undefined;
      return;
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const stamp = now.toISOString().replace(/[:.]/g, '-');
    this.file = path.join(dir, `${kind}-${stamp}.log`);
    closeSync(openSync(this.file, 'a', 0o600));
    const latest = path.join(dir, 'latest');
    rmSync(latest, { force: true });
    symlinkSync(path.basename(this.file), latest);
  }

  /** Adds a value to mask from now on (e.g. a password generated on the host). */
  addSecret(secret: string): void {
    if (secret.length > 0 && !this.secrets.includes(secret)) this.secrets.push(secret);
  }

  mask(text: string): string {
    return this.secrets.reduce((out, secret) => out.split(secret).join('********'), text);
  }

  write(text: string): void {
    if (this.file === undefined) return;
    appendFileSync(this.file, this.mask(text.endsWith('\n') ? text : `${text}\n`));
  }
}
