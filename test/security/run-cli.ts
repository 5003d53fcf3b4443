/** The CLI run in this process as root runs it, with everything it prints (stdout and stderr together). */
import type { Io } from '../../src/cli/io.js';
import { main } from '../../src/cli/main.js';

export async function runCli(
  argv: readonly string[],
  cwd: string,
): Promise<{ code: number; printed: string }> {
  let printed = '';
  const io: Io = {
    out: (text) => (printed += text),
    err: (text) => (printed += text),
    interactive: false,
    env: {},
    cwd,
  };
  return { code: await main(argv, io), printed };
}
