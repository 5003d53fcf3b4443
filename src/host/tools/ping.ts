/** `ping`: one echo request, to tell whether an address is in use. */
import type { QueryOptions } from './tool.js';
import { runQuery } from './tool.js';

/** true when the address answered one echo request within a second (iputils ping exits 0). */
export async function answersPing(address: string, options: QueryOptions = {}): Promise<boolean> {
  const result = await runQuery('ping', ['-n', '-q', '-c', '1', '-W', '1', address], {
    timeoutMs: 3000,
    ...options,
  });
  return result.exitCode === 0;
}
