/**
 * Rules that relate several answers: the gateway and address ranges against the host subnet,
 * ranges against each other, das storage. Each rule runs only when the answers it reads are valid
 * on their own, so one bad value gives one problem, and independent problems are all reported.
 */
import type { AddressRange, Subnet } from '../net.js';
import {
  formatRange,
  inSubnet,
  parseCidr,
  parseRange,
  rangeContains,
  rangeInSubnet,
  rangeSize,
  rangesOverlap,
} from '../net.js';
import type { Problem } from './problems.js';

const MIN_RECOMMENDED_ADDRESSES = 10;

type Raw = Record<string, unknown>;

const section = (raw: unknown, key: string): Raw => {
  const value = (raw as Raw | undefined)?.[key];
  return typeof value === 'object' && value !== null ? (value as Raw) : {};
};

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function crossFieldProblems(raw: unknown, isValid: (path: (string | number)[]) => boolean): Problem[] {
  const problems: Problem[] = [];
  const network = section(raw, 'network');
  const cloud = section(raw, 'cloud');
  const storage = section(raw, 'storage');
  const add = (path: (string | number)[], message: string, severity: Problem['severity'] = 'error') =>
    problems.push({ path, message, severity });

  const subnet = isValid(['network', 'address']) ? parseCidr(text(network.address) ?? '') : undefined;
  const gateway = isValid(['network', 'gateway']) ? text(network.gateway) : undefined;

  if (subnet !== undefined && gateway !== undefined) {
    const cidr = `${subnet.network}/${subnet.prefix}`;
    if (!inSubnet(gateway, subnet))
      add(['network', 'gateway'], `is outside the host subnet ${cidr}; use an address inside it`);
    else if (gateway === subnet.address)
      add(['network', 'gateway'], 'is the host address itself; the gateway is another machine');
    else if (gateway === subnet.network)
      add(['network', 'gateway'], `is the network address of ${cidr}, not a host`);
    else if (gateway === subnet.broadcast)
      add(['network', 'gateway'], `is the broadcast address of ${cidr}, not a host`);
  }

  if (
    isValid(['network', 'interface']) &&
    isValid(['network', 'bridge']) &&
    network.interface === network.bridge
  ) {
    add(
      ['network', 'bridge'],
      'is the same as network.interface; the bridge needs a name of its own, e.g. br0',
    );
  }

  const lists = { publicIps: checkedRanges(cloud.publicIps), privateIps: checkedRanges(cloud.privateIps) };
  for (const [name, entries] of Object.entries(lists)) {
    if (!isValid(['cloud', name])) continue;
    if (subnet !== undefined) rangeRules(['cloud', name], entries, subnet, gateway, add);
    entries.forEach((a, i) => {
      const clash = entries.findIndex((b, j) => j < i && rangesOverlap(a.range, b.range));
      if (clash >= 0)
        add(['cloud', name, i], `overlaps entry ${clash + 1} of the same list; list each address once`);
    });
    const total = entries.reduce((n, e) => n + rangeSize(e.range), 0);
    if (total > 0 && total < MIN_RECOMMENDED_ADDRESSES) {
      add(
        ['cloud', name],
        `holds only ${total} address${total === 1 ? '' : 'es'}; at least ${MIN_RECOMMENDED_ADDRESSES} are recommended`,
        'warning',
      );
    }
  }
  if (isValid(['cloud', 'publicIps']) && isValid(['cloud', 'privateIps'])) {
    lists.privateIps.forEach((p, i) => {
      const clash = lists.publicIps.find((q) => rangesOverlap(p.range, q.range));
      if (clash !== undefined)
        add(
          ['cloud', 'privateIps', i],
          `overlaps the public addresses ${clash.text}; keep the two lists apart`,
        );
    });
  }

  if (storage.blockStorage === 'das' && (storage.dasDevice === undefined || storage.dasDevice === null)) {
    add(
      ['storage', 'dasDevice'],
      'is required when storage.blockStorage is das: name a device such as /dev/sdb or a volume group',
    );
  }
  return problems;
}

interface Entry {
  text: string;
  range: AddressRange;
}

function checkedRanges(value: unknown): Entry[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((item) => {
    const range = typeof item === 'string' ? parseRange(item) : undefined;
    return range === undefined ? [] : [{ text: item as string, range }];
  });
}

function rangeRules(
  path: (string | number)[],
  entries: Entry[],
  subnet: Subnet,
  gateway: string | undefined,
  add: (path: (string | number)[], message: string) => void,
): void {
  const cidr = `${subnet.network}/${subnet.prefix}`;
  const reserved: [string | undefined, string][] = [
    [subnet.address, 'the host address'],
    [gateway, 'your gateway'],
    [subnet.network, `the network address of ${cidr}`],
    [subnet.broadcast, `the broadcast address of ${cidr}`],
  ];
  entries.forEach((entry, i) => {
    if (!rangeInSubnet(entry.range, subnet)) {
      add(
        [...path, i],
        `is not inside the host subnet ${cidr}; instances must get addresses on the host's network`,
      );
      return;
    }
    for (const [address, what] of reserved) {
      if (address !== undefined && rangeContains(entry.range, address)) {
        add(
          [...path, i],
          `includes ${address}, ${what}; leave it out, e.g. ${suggestAround(entry.range, address)}`,
        );
      }
    }
  });
}

/** The larger part of a range once an address is cut out of it, as a suggestion. */
function suggestAround(range: AddressRange, address: string): string {
  const at = parseRange(address)?.first ?? range.first;
  const below = { first: range.first, last: at - 1 };
  const above = { first: at + 1, last: range.last };
  const best = rangeSize(above) >= rangeSize(below) ? above : below;
  return best.first <= best.last ? formatRange(best) : 'another block';
}
