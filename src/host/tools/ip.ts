/**
 * iproute2 `ip` queries. JSON (`ip -j`) where the tool has it; CentOS 7's iproute 4.11 does not
 * (`Option "-json" is unknown`), so then the same query is read from its text output.
 */
import { parseIpAddrJson, parseIpAddrText } from '../../core/facts/ip-addr.js';
import { parseIpNeighJson, parseIpNeighText } from '../../core/facts/ip-neigh.js';
import { parseIpRouteJson, parseIpRouteText } from '../../core/facts/ip-route.js';
import type { IpInterface, IpNeighbour, IpRoute } from '../../core/facts/types.js';
import type { QueryOptions } from './tool.js';
import { queryOutput, runQuery } from './tool.js';

export async function showAddresses(options: QueryOptions = {}): Promise<IpInterface[]> {
  return showEither(['addr', 'show'], parseIpAddrJson, parseIpAddrText, options);
}

/** The main IPv4 routing table. */
export async function showRoutes(options: QueryOptions = {}): Promise<IpRoute[]> {
  return showEither(['-4', 'route', 'show'], parseIpRouteJson, parseIpRouteText, options);
}

export async function showNeighbours(options: QueryOptions = {}): Promise<IpNeighbour[]> {
  return showEither(['neigh', 'show'], parseIpNeighJson, parseIpNeighText, options);
}

async function showEither<T>(
  args: readonly string[],
  fromJson: (text: string) => T,
  fromText: (text: string) => T,
  options: QueryOptions,
): Promise<T> {
  const json = await runQuery('ip', ['-j', ...args], options);
  if (json.exitCode === 0) return fromJson(json.stdout);
  // Any failure of the JSON form falls back to text: if `ip` itself is broken, that fails too and says why.
  return fromText(await queryOutput('ip', args, options));
}
