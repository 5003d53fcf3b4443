/** `ip neigh show`: JSON from `ip -j neigh` and iproute 4.11 text (CentOS 7). */
import type { IpNeighbour } from './types.js';
import { objects, parseJsonArray, str, strings } from './json.js';
import { withOptional } from './optional.js';

export function parseIpNeighJson(text: string): IpNeighbour[] {
  return objects(parseJsonArray(text, 'ip -j neigh')).flatMap((o): IpNeighbour[] => {
    const address = str(o.dst);
    const dev = str(o.dev);
    if (address === undefined || dev === undefined) return [];
    // `router` is printed as a key with a null value when the neighbour is a router.
    return [
      withOptional(
        { address, dev, states: strings(o.state), router: 'router' in o },
        { lladdr: str(o.lladdr) },
      ),
    ];
  });
}

/** `192.168.56.1 dev eth0 lladdr 0a:00:27:00:00:00 REACHABLE`, `192.168.56.77 dev eth0  FAILED`. */
export function parseIpNeighText(text: string): IpNeighbour[] {
  return text.split('\n').flatMap((line): IpNeighbour[] => {
    const words = line.trim().split(/\s+/);
    const address = words[0];
    const devAt = words.indexOf('dev');
    const dev = devAt < 0 ? undefined : words[devAt + 1];
    if (address === undefined || address === '' || dev === undefined) return [];
    const lladdrAt = words.indexOf('lladdr');
    const lladdr = lladdrAt < 0 ? undefined : words[lladdrAt + 1];
    const states = words.filter((w) => /^[A-Z_]+$/.test(w));
    return [withOptional({ address, dev, states, router: words.includes('router') }, { lladdr })];
  });
}
