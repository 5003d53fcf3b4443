/** `hostname` queries (never the setting form). */
import type { QueryOptions } from './tool.js';
import { queryOutput } from './tool.js';

/** `hostname -f`: the canonical name through the resolver (/etc/hosts, then DNS), which can hang; hence the deadline. */
export async function showFqdn(options: QueryOptions = {}): Promise<string> {
  return (await queryOutput('hostname', ['-f'], options)).trim();
}
