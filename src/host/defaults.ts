/** HostFacts -> the proposals the answers model takes from the host (src/core/answers/propose.ts). */
import type { HostDefaults } from '../core/answers/propose.js';
import type { HostFacts } from '../core/facts/types.js';
import {
  defaultGateway,
  defaultRouteInterface,
  neighbourIPv4s,
  primaryIPv4,
  uplinkInterface,
} from '../core/facts/queries.js';

export function hostDefaults(facts: HostFacts): HostDefaults {
  const routeDev = defaultRouteInterface(facts);
  // The address lives on the route's interface (the bridge on a bridged host); the NIC to bridge is the uplink.
  const ip = routeDev === undefined ? undefined : primaryIPv4(facts, routeDev);
  const out: HostDefaults = {};
  const nic = uplinkInterface(facts);
  if (nic !== undefined) out.interface = nic;
  if (ip !== undefined) out.address = `${ip.address}/${ip.prefix}`;
  const gateway = defaultGateway(facts);
  if (gateway !== undefined) out.gateway = gateway;
  // A loopback resolver (dnsmasq, systemd-resolved's stub) means nothing once the host is reconfigured.
  const dns = facts.resolver?.nameservers.filter((n) => !n.startsWith('127.') && n !== '::1') ?? [];
  if (dns.length > 0) out.dns = dns;
  if (facts.timeSync.servers.length > 0) out.ntpServers = facts.timeSync.servers;
  if (facts.hostname.fqdn !== undefined) out.fqdn = facts.hostname.fqdn;
  const neighbours = neighbourIPv4s(facts);
  if (neighbours.length > 0) out.neighbours = neighbours;
  return out;
}
