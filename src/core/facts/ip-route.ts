/** `ip route show` (main table, IPv4): JSON from `ip -j route` and the text of iproute 4.11 (CentOS 7). */
import type { IpRoute } from './types.js';
import { num, objects, parseJsonArray, str, strings } from './json.js';
import { withOptional } from './optional.js';

const ROUTE_TYPES = new Set([
  'unicast',
  'local',
  'broadcast',
  'multicast',
  'throw',
  'unreachable',
  'prohibit',
  'blackhole',
  'nat',
  'anycast',
]);
/** Route attributes that take a value; other words are flags (onlink, linkdown, dead, pervasive). */
const KEYED = new Set([
  'via',
  'dev',
  'proto',
  'scope',
  'src',
  'metric',
  'table',
  'mtu',
  'advmss',
  'weight',
  'realm',
  'realms',
  'tos',
  'dsfield',
  'expires',
  'pref',
  'hoplimit',
  'initcwnd',
  'initrwnd',
  'rtt',
  'rttvar',
  'window',
  'error',
]);

export function parseIpRouteJson(text: string): IpRoute[] {
  return objects(parseJsonArray(text, 'ip -j route')).flatMap((o): IpRoute[] => {
    const dst = str(o.dst);
    if (dst === undefined) return [];
    // A multipath route names its gateways per next hop; the first one stands for the route.
    const hop = objects(o.nexthops)[0];
    return [
      withOptional(
        { type: str(o.type) ?? 'unicast', dst, flags: strings(o.flags) },
        {
          gateway: str(o.gateway) ?? str(hop?.gateway),
          dev: str(o.dev) ?? str(hop?.dev),
          protocol: str(o.protocol),
          scope: str(o.scope),
          prefsrc: str(o.prefsrc),
          metric: num(o.metric),
        },
      ),
    ];
  });
}

export function parseIpRouteText(text: string): IpRoute[] {
  const routes: IpRoute[] = [];
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    const words = line.trim().split(/\s+/);
    const previous = routes.at(-1);
    if (/^\s/.test(line) && words[0] === 'nexthop' && previous !== undefined) {
      const hop = attributes(words.slice(1));
      previous.gateway ??= hop.get('via');
      previous.dev ??= hop.get('dev');
      continue;
    }
    let type = 'unicast';
    if (ROUTE_TYPES.has(words[0] ?? '')) type = words.shift() ?? type;
    const dst = words.shift();
    if (dst === undefined) continue;
    const attrs = attributes(words);
    const metric = attrs.get('metric');
    routes.push(
      withOptional(
        { type, dst, flags: words.filter((w, i) => !KEYED.has(w) && !KEYED.has(words[i - 1] ?? '')) },
        {
          gateway: attrs.get('via'),
          dev: attrs.get('dev'),
          protocol: attrs.get('proto'),
          scope: attrs.get('scope'),
          prefsrc: attrs.get('src'),
          metric: metric === undefined ? undefined : Number(metric),
        },
      ),
    );
  }
  return routes;
}

function attributes(words: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if (KEYED.has(word) && next !== undefined) {
      // `via inet 10.0.0.1` (an explicit family) appears with IPv6 next hops of IPv4 routes.
      map.set(word, next === 'inet' || next === 'inet6' ? (words[i + 2] ?? next) : next);
      i++;
    }
  }
  return map;
}
