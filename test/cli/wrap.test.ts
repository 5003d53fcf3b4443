/**
 * Long lines on a terminal: standard error (prose only) is wrapped to the terminal's width at spaces;
 * pipes and files get every line whole, and standard output (plans, JSON, YAML) is never wrapped.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { processIo } from '../../src/cli/io.js';
import { wrapText } from '../../src/cli/wrap.js';
import { messages } from '../../src/core/messages.js';

function stream(
  isTTY: boolean,
  columns: number,
): { written: string[]; isTTY: boolean; columns: number; write: (t: string) => boolean } {
  const written: string[] = [];
  return { written, isTTY, columns, write: (t) => written.push(t) > 0 };
}

const reasons = [
  'eucalyptus-4.4 needs CentOS or RHEL 7 on x86_64; this host runs Debian GNU/Linux 12 (bookworm)',
  'the install must run as root',
];
const long = `error: ${messages.notATargetBeforeQuestions(reasons)}hint: ${'word '.repeat(150).trim()}\n`;

describe('wrapping to the terminal', () => {
  it('stderr on a terminal: no line wider than it, words whole, continuations under the text', () => {
    const stderr = stream(true, 80);
    const io = processIo({ stdin: { isTTY: true }, stdout: stream(true, 80), stderr }, {});
    io.err(long);
    const text = stderr.written.join('');
    const lines = text.trimEnd().split('\n');
    assert.ok(long.length > 700);
    assert.ok(lines.length > 8);
    for (const line of lines) assert.ok(line.length <= 80, `wider than 80: ${line}`);
    assert.equal(text.replace(/\n {6,7}/g, ' '), long, 'only spaces became line breaks');
    assert.match(lines[1] ?? '', /^ {7}\S/, 'hangs under the text after "error: "');
  });

  it('stderr into a pipe or a file, and stdout always: unchanged', () => {
    const stderr = stream(false, 80);
    const stdout = stream(true, 80);
    const io = processIo({ stdin: { isTTY: false }, stdout, stderr }, {});
    io.err(long);
    io.out(long);
    assert.deepEqual(stderr.written, [long]);
    assert.deepEqual(stdout.written, [long]);
    assert.equal(io.outWidth, 80, 'commands wrap their prose on stdout themselves');
  });

  it('a word longer than the line (a path, a URL) stays whole on its own line', () => {
    const url = `https://example.lan/${'x'.repeat(60)}`;
    assert.equal(wrapText(`hint: see ${url} for more`, 40), `hint: see\n      ${url}\n      for more`);
  });
});
