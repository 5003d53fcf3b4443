/** tar (GNU tar): the support bundle's archive, gzip-compressed, streamed to its one reader. */
import type { Readable } from 'node:stream';
import type { ToolOptions } from './tool.js';
import { streamTool } from './tool.js';

/** DIR/NAME as a .tar.gz on standard output; owners recorded as root, so nothing of this machine's users leaks. */
export function tarGzip(
  dir: string,
  name: string,
  consume: (stdout: Readable) => Promise<void>,
  options: ToolOptions = {},
): Promise<void> {
  return streamTool(
    'tar',
    ['-czf', '-', '-C', dir, '--owner=0', '--group=0', '--numeric-owner', '--', name],
    consume,
    options,
  );
}
