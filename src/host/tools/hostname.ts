/** `hostname` queries (never the setting form). */
import type { QueryOptions } from './query.js';
import { queryOutput } from './query.js';

/** `hostname -f`: the canonical name through the resolver (/etc/hosts, then DNS), which can hang; hence the deadline. */
export async function showFqdn(options: QueryOptions = {}): Promise<string> {
  return (await queryOutput('hostname', ['-f'], options)).trim();
}
