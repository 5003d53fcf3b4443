/**
 * IPv4 address math for the answers: subnets, ranges, membership.
 * Parsing and prefix math come from ipaddr.js; we only turn addresses into numbers to compare ranges.
 */
import ipaddr from 'ipaddr.js';

export interface Subnet {
  /** the host address as written, e.g. 192.168.56.10 */
  address: string;
  prefix: number;
  network: string;
  netmask: string;
  broadcast: string;
}

/** An inclusive range of IPv4 addresses, as numbers for comparison. */
export interface AddressRange {
  first: number;
  last: number;
}

export function isIPv4(text: string): boolean {
  return ipaddr.IPv4.isValidFourPartDecimal(text);
}

export function toNumber(address: string): number {
  return ipaddr.IPv4.parse(address)
    .toByteArray()
    .reduce((n, byte) => n * 256 + byte, 0);
}

export function fromNumber(n: number): string {
  return ipaddr.fromByteArray([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]).toString();
}

/** Parses "a.b.c.d/p"; undefined when it is not a valid IPv4 CIDR. */
export function parseCidr(text: string): Subnet | undefined {
  const parts = text.split('/');
  const [address, prefixText] = parts;
  if (
    parts.length !== 2 ||
    address === undefined ||
    prefixText === undefined ||
    !/^\d{1,2}$/.test(prefixText) ||
    !isIPv4(address)
  ) {
    return undefined;
  }
  const prefix = Number(prefixText);
  if (prefix > 32) return undefined;
  return {
    address,
    prefix,
    network: ipaddr.IPv4.networkAddressFromCIDR(text).toString(),
    netmask: ipaddr.IPv4.subnetMaskFromPrefixLength(prefix).toString(),
    broadcast: ipaddr.IPv4.broadcastAddressFromCIDR(text).toString(),
  };
}

export function inSubnet(address: string, subnet: Subnet): boolean {
  return ipaddr.IPv4.parse(address).match(ipaddr.IPv4.parse(subnet.network), subnet.prefix);
}

/** Parses "a.b.c.d" or "a.b.c.d-e.f.g.h"; undefined when neither, or when the range runs backwards. */
export function parseRange(text: string): AddressRange | undefined {
  const parts = text.split('-');
  if (parts.length === 1 && isIPv4(text)) {
    const n = toNumber(text);
    return { first: n, last: n };
  }
  const [from, to] = parts;
  if (parts.length !== 2 || from === undefined || to === undefined || !isIPv4(from) || !isIPv4(to)) {
    return undefined;
  }
  const range = { first: toNumber(from), last: toNumber(to) };
  return range.first <= range.last ? range : undefined;
}

export function rangeSize(range: AddressRange): number {
  return range.last - range.first + 1;
}

export function rangeContains(range: AddressRange, address: string): boolean {
  const n = toNumber(address);
  return n >= range.first && n <= range.last;
}

export function rangesOverlap(a: AddressRange, b: AddressRange): boolean {
  return a.first <= b.last && b.first <= a.last;
}

export function rangeInSubnet(range: AddressRange, subnet: Subnet): boolean {
  return range.first >= toNumber(subnet.network) && range.last <= toNumber(subnet.broadcast);
}

export function formatRange(range: AddressRange): string {
  return range.first === range.last
    ? fromNumber(range.first)
    : `${fromNumber(range.first)}-${fromNumber(range.last)}`;
}

/** Every address in the ranges, in order; for small lists such as a ping sweep. */
export function* addressesIn(ranges: readonly AddressRange[]): Generator<string> {
  for (const range of ranges) {
    for (let n = range.first; n <= range.last; n++) yield fromNumber(n);
  }
}
