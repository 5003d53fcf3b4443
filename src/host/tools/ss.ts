/** iproute2 `ss` queries. */
import { parseSsListening } from '../../core/facts/ss.js';
import type { ListeningSocket } from '../../core/facts/types.js';
import type { QueryOptions } from './tool.js';
import { queryOutput } from './tool.js';

/**
 * Listening TCP and UDP sockets with their processes (`ss -lntup`). Without -H: the parser skips the
 * header line, so the query does not depend on the option being known to an older ss.
 */
export async function listListeningSockets(options: QueryOptions = {}): Promise<ListeningSocket[]> {
  return parseSsListening(await queryOutput('ss', ['-lntup'], options));
}
