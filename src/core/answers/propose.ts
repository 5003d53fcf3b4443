/**
 * Answers proposed from what the host already has: its default-route interface and address, gateway,
 * resolvers, NTP servers, name, and free address blocks for instances. Used by `answers init` and as
 * the wizard's defaults (precedence: schema defaults < these < answers file < flags < typed answers).
 */
import type { AddressRange } from '../net.js';
import { formatRange, fromNumber, inSubnet, isIPv4, parseCidr, toNumber } from '../net.js';
import type { AnswersInput } from './schema.js';

/** The host facts that proposals need; `src/host` derives them from HostFacts. */
export interface HostDefaults {
  interface?: string;
  /** the interface's IPv4 address with prefix, e.g. 192.168.56.10/24 */
  address?: string;
  gateway?: string;
  dns?: string[];
  ntpServers?: string[];
  fqdn?: string;
  /** addresses seen on the LAN (neighbour table), to keep out of proposed ranges */
  neighbours?: string[];
}

/** At most this many addresses per proposed block: enough for a lab, small enough to find free. */
const BLOCK_SIZE = 20;

type DeepPartial<T> = {
  [K in keyof T]?: T[K] extends object ? (T[K] extends unknown[] ? T[K] : DeepPartial<T[K]>) : T[K];
};

export function proposeAnswers(host: HostDefaults): DeepPartial<AnswersInput> {
  const gateway = proposeGateway(host.address, host.gateway);
  const blocks =
    host.address === undefined
      ? undefined
      : proposeBlocks(host.address, [gateway, ...(host.neighbours ?? [])]);
  const hostAddress = host.address?.split('/')[0];
  const domain = host.fqdn?.includes('.') ? host.fqdn.slice(host.fqdn.indexOf('.') + 1) : undefined;
  return {
    version: 1,
    host: { hostname: host.fqdn, ntpServers: host.ntpServers?.length ? host.ntpServers : undefined },
    network: {
      interface: host.interface,
      address: host.address,
      gateway,
      dns: host.dns?.length ? host.dns : undefined,
    },
    cloud: {
      dnsDomain: domain === undefined ? undefined : `cloud.${domain}`,
      publicIps: blocks ? [blocks.public] : undefined,
      privateIps: blocks ? [blocks.private] : undefined,
      instanceDns: hostAddress === undefined ? undefined : [hostAddress],
    },
  };
}

/**
 * The host's gateway while it is in the subnet of the address; for an address in another subnet (the
 * user typed a new one), that subnet's first address other than the host's, as routers usually are.
 */
export function proposeGateway(cidr: string | undefined, gateway: string | undefined): string | undefined {
  const subnet = cidr === undefined ? undefined : parseCidr(cidr);
  if (subnet === undefined || subnet.prefix > 30) return gateway;
  if (gateway !== undefined && isIPv4(gateway) && inSubnet(gateway, subnet) && gateway !== subnet.address)
    return gateway;
  const first = toNumber(subnet.network) + 1;
  return fromNumber(fromNumber(first) === subnet.address ? first + 1 : first);
}

/**
 * Two free, non-overlapping blocks in the host subnet, taken from its top end (home routers usually
 * hand out DHCP leases from the bottom), avoiding the network, broadcast, host, gateway and any
 * address known to be in use.
 */
export function proposeBlocks(
  cidr: string,
  inUse: readonly (string | undefined)[],
): { public: string; private: string } | undefined {
  const subnet = parseCidr(cidr);
  if (subnet === undefined) return undefined;
  const taken = new Set([subnet.address, ...inUse].filter((a): a is string => a !== undefined).map(toNumber));
  const runs: AddressRange[] = [];
  for (let n = toNumber(subnet.broadcast) - 1; n > toNumber(subnet.network); n--) {
    if (taken.has(n)) continue;
    const last = runs.at(-1);
    if (last !== undefined && last.first === n + 1) last.first = n;
    else runs.push({ first: n, last: n });
  }
  const free = runs.reduce((sum, r) => sum + r.last - r.first + 1, 0);
  const size = Math.min(BLOCK_SIZE, Math.floor(free / 2));
  if (size < 1) return undefined;
  const privateBlock = carve(runs, size);
  const publicBlock = carve(runs, size);
  return privateBlock && publicBlock
    ? { public: formatRange(publicBlock), private: formatRange(privateBlock) }
    : undefined;
}

/** Takes `size` addresses from the top of the first run that has them (runs are ordered top-down). */
function carve(runs: AddressRange[], size: number): AddressRange | undefined {
  const run = runs.find((r) => r.last - r.first + 1 >= size);
  if (run === undefined) return undefined;
  const block = { first: run.last - size + 1, last: run.last };
  run.last = block.first - 1;
  return block;
}
