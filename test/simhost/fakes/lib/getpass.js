// How euca2ools 3.4 reads a new password when -p is not given: euca2ools/util.py prompt_for_password() calls
// getpass.getpass('New password: ') and getpass.getpass('Retype new password: ') until both match. CentOS 7's
// Python 2.7 getpass (Lib/getpass.py unix_getpass) opens /dev/tty first and reads there with echo off; only
// a process without a controlling terminal falls back to stdin, and when stdin is no terminal either
// (fallback_getpass) it warns "Warning: Password input may be echoed." on stderr and reads one line per
// prompt from stdin (the trailing newline dropped; end of input raises EOFError).
import fs from 'node:fs';
import tty from 'node:tty';
import { Exit, err } from './common.js';

/** The password the tool would read, or Exit as the real tool (or this fake's argv rule) would end. */
export function readNewPassword(tool, argvPassword) {
  // The real tools accept -p, but argv is readable by every local user (/proc/PID/cmdline): the plan must
  // never use it, so the fake refuses it.
  if (argvPassword !== undefined)
    throw new Exit(
      2,
      `simhost fake ${tool}: the password came in argv (-p), where every local user can read it`,
    );
  if (hasControllingTerminal() || tty.isatty(0))
    throw new Exit(1, `simhost fake ${tool}: getpass would prompt on the terminal; nobody answers there`);
  const lines = fs.readFileSync(0, 'utf8').split('\n');
  const next = (prompt) => {
    err('Warning: Password input may be echoed.');
    if (lines.length < 2) {
      err(`${prompt}Traceback (most recent call last):\nEOFError`);
      throw new Exit(1);
    }
    err(prompt);
    return lines.shift();
  };
  for (;;) {
    const first = next('New password: ');
    if (first === next('Retype new password: ')) return first;
    err('error: passwords do not match');
  }
}

function hasControllingTerminal() {
  try {
    fs.closeSync(fs.openSync('/dev/tty', fs.constants.O_RDWR | fs.constants.O_NOCTTY));
    return true;
  } catch {
    return false;
  }
}
