/**
 * Questions consumers ask of HostFacts, answered purely. `undefined` means "unknown or none": callers
 * that must tell the two apart look at the fact itself (e.g. `facts.routes === undefined`).
 */
import type { DiskSpace, HostFacts, IfcfgFile, IpAddress, IpRoute, NetInterface } from './types.js';

/** The IPv4 default route the kernel uses: the lowest metric wins, as it does for the kernel. */
export function defaultRoute(facts: HostFacts): IpRoute | undefined {
  const defaults = (facts.routes ?? []).filter((r) => r.dst === 'default' && r.type === 'unicast');
  return defaults.sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0))[0];
}

export function defaultRouteInterface(facts: HostFacts): string | undefined {
  return defaultRoute(facts)?.dev;
}

export function defaultGateway(facts: HostFacts): string | undefined {
  return defaultRoute(facts)?.gateway;
}

export function findInterface(facts: HostFacts, ifname: string): NetInterface | undefined {
  return facts.interfaces?.find((i) => i.name === ifname);
}

/** Global IPv4 addresses of an interface, primary first. */
export function ipv4Addresses(facts: HostFacts, ifname: string): IpAddress[] {
  const addresses = findInterface(facts, ifname)?.addresses ?? [];
  return addresses
    .filter((a) => a.family === 'inet' && a.scope === 'global')
    .sort((a, b) => Number(a.secondary) - Number(b.secondary));
}

/** The interface's primary global IPv4 address and prefix, e.g. { address: '192.168.56.10', prefix: 24 }. */
export function primaryIPv4(
  facts: HostFacts,
  ifname: string,
): { address: string; prefix: number } | undefined {
  const first = ipv4Addresses(facts, ifname)[0];
  return first === undefined ? undefined : { address: first.address, prefix: first.prefix };
}

/** Interfaces enslaved to a bridge (or bond). */
export function bridgeMembers(facts: HostFacts, bridge: string): NetInterface[] {
  return (facts.interfaces ?? []).filter((i) => i.master === bridge);
}

/**
 * The physical NIC behind the default route: the route's interface itself, or, when that is a bridge
 * (a host bridged before, by us or by hand), its wired member.
 */
export function uplinkInterface(facts: HostFacts): string | undefined {
  const dev = defaultRouteInterface(facts);
  if (dev === undefined) return undefined;
  if (findInterface(facts, dev)?.kind !== 'bridge') return dev;
  const members = bridgeMembers(facts, dev);
  return (members.find((m) => m.kind === 'wired') ?? members[0])?.name;
}

/** The ifcfg file that configures an interface: by DEVICE=, as initscripts match them. */
export function ifcfgFor(facts: HostFacts, ifname: string): IfcfgFile | undefined {
  return facts.ifcfg?.find((f) => f.device === ifname);
}

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;

/** HWADDR of the interface's ifcfg file, when it holds a MAC address (the renderer keeps it in the new file). */
export function ifcfgHwaddr(facts: HostFacts, ifname: string): string | undefined {
  const hwaddr = ifcfgFor(facts, ifname)?.hwaddr;
  return hwaddr !== undefined && MAC.test(hwaddr) ? hwaddr : undefined;
}

export function isWireless(facts: HostFacts, ifname: string): boolean | undefined {
  return findInterface(facts, ifname)?.wireless;
}

/** true/false when rpm answered; undefined when it could not (not an RPM host, or rpm failed). */
export function isPackageInstalled(facts: HostFacts, name: string): boolean | undefined {
  return facts.packages?.some((p) => p.name === name);
}

/** Installed Eucalyptus RPMs (eucalyptus, eucalyptus-*, euca2ools*): a previous install to clean up. */
export function eucalyptusPackages(facts: HostFacts): string[] {
  return (facts.packages ?? [])
    .filter((p) => p.name.startsWith('eucalyptus') || p.name.startsWith('euca2ools'))
    .map((p) => p.name);
}

/** The free-space measurement for a path the gatherer was asked about. */
export function diskFor(facts: HostFacts, path: string): DiskSpace | undefined {
  return facts.disks.find((d) => d.path === path);
}

/** Addresses in use on the LAN as the neighbour table knows them (answered ARP; FAILED entries are free). */
export function neighbourIPv4s(facts: HostFacts): string[] {
  return (facts.neighbours ?? [])
    .filter((n) => !n.address.includes(':') && n.lladdr !== undefined && !n.states.includes('FAILED'))
    .map((n) => n.address);
}

/** Sockets listening on a port (any address), e.g. to find what already holds 8773 or 53. */
export function listenersOn(facts: HostFacts, port: number, protocol: 'tcp' | 'udp' = 'tcp'): string[] {
  const names = (facts.sockets ?? [])
    .filter((s) => s.port === port && s.protocol === protocol)
    .flatMap((s) => (s.processes.length === 0 ? ['?'] : s.processes.map((p) => p.name)));
  return [...new Set(names)];
}
