/**
 * `ip addr show`: the JSON form (`ip -j addr`, iproute2 >= 4.14) and the text form, which is all that
 * CentOS 7's iproute 4.11 prints (it rejects `-j` with `Option "-json" is unknown`).
 */
import type { AddressFamily, IpAddress, IpInterface } from './types.js';
import { num, objects, parseJsonArray, str, strings } from './json.js';
import { withOptional } from './optional.js';

export function parseIpAddrJson(text: string): IpInterface[] {
  return objects(parseJsonArray(text, 'ip -j addr')).flatMap((o): IpInterface[] => {
    const index = num(o.ifindex);
    const name = str(o.ifname);
    if (index === undefined || name === undefined) return [];
    const flags = strings(o.flags);
    const addresses = objects(o.addr_info).flatMap((a): IpAddress[] => {
      const family = str(a.family);
      const address = str(a.local);
      const prefix = num(a.prefixlen);
      if ((family !== 'inet' && family !== 'inet6') || address === undefined || prefix === undefined)
        return [];
      return [
        withOptional(
          {
            family,
            address,
            prefix,
            scope: str(a.scope) ?? 'global',
            dynamic: a.dynamic === true,
            secondary: a.secondary === true,
          },
          { broadcast: str(a.broadcast), peer: str(a.address), label: str(a.label) },
        ),
      ];
    });
    return [
      withOptional(
        {
          index,
          name,
          flags,
          up: flags.includes('UP'),
          lowerUp: flags.includes('LOWER_UP'),
          operState: str(o.operstate) ?? 'UNKNOWN',
          addresses,
        },
        {
          link: str(o.link),
          mtu: num(o.mtu),
          linkType: str(o.link_type),
          mac: str(o.address),
          master: str(o.master),
        },
      ),
    ];
  });
}

const HEADER = /^(\d+):\s+([^:@\s]+)(?:@([^:\s]+))?:\s+<([^>]*)>(.*)$/;
const ADDRESS = /^\s+(inet6?)\s+(\S+)(.*)$/;
const LINK = /^\s+link\/(\S+)(?:\s+(\S+))?/;
/** Words after `scope` that are flags, not the IPv4 label. */
const ADDRESS_FLAGS = new Set([
  'dynamic',
  'secondary',
  'temporary',
  'primary',
  'noprefixroute',
  'tentative',
  'deprecated',
  'permanent',
  'mngtmpaddr',
  'nodad',
  'optimistic',
  'dadfailed',
  'home',
  'autojoin',
  'stable-privacy',
]);

export function parseIpAddrText(text: string): IpInterface[] {
  const interfaces: IpInterface[] = [];
  for (const line of text.split('\n')) {
    const header = HEADER.exec(line);
    if (header !== null) {
      interfaces.push(parseHeader(header));
      continue;
    }
    const current = interfaces.at(-1);
    if (current === undefined) continue;
    const address = ADDRESS.exec(line);
    if (address !== null) {
      const parsed = parseAddress(address[1] as AddressFamily, address[2] ?? '', address[3] ?? '');
      if (parsed !== undefined) current.addresses.push(parsed);
      continue;
    }
    const link = LINK.exec(line);
    if (link !== null) {
      current.linkType = link[1];
      // link/none (tun) has no address; link/ether has a MAC before `brd`.
      if (link[2] !== undefined && link[2] !== 'brd') current.mac = link[2];
    }
    // valid_lft lines and `altname` lines carry nothing we use.
  }
  return interfaces;
}

function parseHeader(m: RegExpExecArray): IpInterface {
  const flags = (m[4] ?? '').split(',').filter((f) => f !== '');
  const attrs = pairs((m[5] ?? '').trim().split(/\s+/));
  const mtu = attrs.get('mtu');
  return withOptional(
    {
      index: Number(m[1]),
      name: m[2] ?? '',
      flags,
      up: flags.includes('UP'),
      lowerUp: flags.includes('LOWER_UP'),
      operState: attrs.get('state') ?? 'UNKNOWN',
      addresses: [],
    },
    {
      // `@NONE` marks a device without a lower link (e.g. sit0@NONE): not a parent's name.
      link: m[3] === 'NONE' ? undefined : m[3],
      mtu: mtu === undefined ? undefined : Number(mtu),
      master: attrs.get('master'),
    },
  );
}

/** `inet 192.168.56.10/24 brd 192.168.56.255 scope global noprefixroute dynamic eth0` and the like. */
function parseAddress(family: AddressFamily, local: string, rest: string): IpAddress | undefined {
  const [address, prefixText] = local.split('/');
  if (address === undefined || address === '') return undefined;
  const words = rest
    .trim()
    .split(/\s+/)
    .filter((w) => w !== '');
  const result: IpAddress = {
    family,
    address,
    prefix: prefixText === undefined ? (family === 'inet' ? 32 : 128) : Number(prefixText),
    scope: 'global',
    dynamic: false,
    secondary: false,
  };
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const next = words[i + 1];
    if ((word === 'brd' || word === 'peer' || word === 'scope' || word === 'metric') && next !== undefined) {
      if (word === 'brd') result.broadcast = next;
      if (word === 'scope') result.scope = next;
      if (word === 'peer') {
        const [peer, peerPrefix] = next.split('/');
        if (peer !== undefined) result.peer = peer;
        if (peerPrefix !== undefined && prefixText === undefined) result.prefix = Number(peerPrefix);
      }
      i++;
    } else if (word === 'dynamic') result.dynamic = true;
    else if (word === 'secondary') result.secondary = true;
    else if (!ADDRESS_FLAGS.has(word) && family === 'inet') result.label = word;
  }
  return result;
}

/** The words of the interface header line (`mtu 1500 qdisc mq master br0 state UP ...`) by key. */
function pairs(words: string[]): Map<string, string> {
  const map = new Map<string, string>();
  for (const key of ['mtu', 'master', 'state']) {
    const at = words.indexOf(key);
    const value = at < 0 ? undefined : words[at + 1];
    if (value !== undefined) map.set(key, value);
  }
  return map;
}
