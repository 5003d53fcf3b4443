/**
 * The support bundle's reads on the target (src/core/support/collect.ts: logs, journal, log tails,
 * commands, the host's secrets, in one script) and the cloud's own tables (./tools/euserv.ts).
 */
import { preludeText } from '../core/bash/tasks.js';
import type { Collected } from '../core/support/collect.js';
import { collectScript, parseCollected } from '../core/support/collect.js';
import type { TargetHost } from './target-host.js';
import { euservText } from './tools/euserv.js';

export async function collectSupportFiles(target: TargetHost, asksCloud: boolean): Promise<Collected> {
  const result = await target.runBash(`${preludeText()}\nexec 2>&1\n${collectScript()}`, {
    during: 'collecting the logs for the support bundle',
  });
  const collected = parseCollected(result.output);
  if (!asksCloud) return collected;
  const tables = [];
  for (const tool of ['euserv-describe-services', 'euserv-describe-node-controllers'] as const)
    tables.push({ path: `commands/${tool}.txt`, content: await euservText(target, tool) });
  return { ...collected, files: [...collected.files, ...tables] };
}
