/**
 * The answers model: validated answers with the values every consumer needs already parsed, once. The
 * answers keep their text (the host's answers file is written from them); the model holds the host
 * subnet and the instance ranges as numbers and parts, so that the renderer, the preflight, the
 * kickstart and the probes read the same parsed values and none of them parses the text again.
 */
import type { AddressRange, Subnet } from '../net.js';
import { parseRange } from '../net.js';
import type { Answers } from './schema.js';
import { hostSubnet, throwError, unvalidated } from './unvalidated.js';

/** The host's own network, from network.address and network.gateway. */
export interface HostNetwork {
  /** the host address without its prefix length, e.g. 192.168.56.10 */
  address: string;
  prefix: number;
  /** network.address as the answers spell it, e.g. 192.168.56.10/24 */
  cidr: string;
  /** the subnet's network address, e.g. 192.168.56.0 */
  network: string;
  netmask: string;
  broadcast: string;
  /** the whole subnet, for inSubnet and rangeInSubnet (src/core/net.ts) */
  subnet: Subnet;
  gateway: string;
}

export interface AnswersModel {
  answers: Answers;
  net: HostNetwork;
  /** cloud.publicIps and cloud.privateIps, each entry parsed, in the answers' order */
  ranges: { publicIps: readonly AddressRange[]; privateIps: readonly AddressRange[] };
}

/**
 * The answer each value of HostNetwork is computed from: a consumer that records what it read (the
 * renderer's dependsOn, src/core/render/track.ts) records this path when it reads the value.
 */
export const hostNetworkSources: Readonly<Record<keyof HostNetwork, string>> = {
  address: 'network.address',
  prefix: 'network.address',
  cidr: 'network.address',
  network: 'network.address',
  netmask: 'network.address',
  broadcast: 'network.address',
  subnet: 'network.address',
  gateway: 'network.gateway',
};

/**
 * The model of answers that passed validation (src/core/answers/validate.ts builds it there). Given
 * anything else it throws UnvalidatedAnswersError, the one way a consumer learns that it was handed
 * answers nobody validated.
 */
export function deriveModel(answers: Answers): AnswersModel {
  const subnet = hostSubnet(answers.network.address);
  const ranges = (path: 'publicIps' | 'privateIps'): AddressRange[] =>
    answers.cloud[path].map((text) => parseRange(text) ?? throwError(unvalidated(`cloud.${path}`, text)));
  return {
    answers,
    net: {
      address: subnet.address,
      prefix: subnet.prefix,
      cidr: answers.network.address,
      network: subnet.network,
      netmask: subnet.netmask,
      broadcast: subnet.broadcast,
      subnet,
      gateway: answers.network.gateway,
    },
    ranges: { publicIps: ranges('publicIps'), privateIps: ranges('privateIps') },
  };
}
