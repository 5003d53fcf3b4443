/** The bridge (docs/EUCALYPTUS-4.4.md §1.1.1): verified, rolled back when the host loses its network. */
import { filesAreInPlace, putFiles, restoreFiles } from '../plan/files.js';
import { lines, sh } from '../plan/sh.js';
import type { Step } from './step.js';
import { step } from './step.js';

export function bridge<const Id extends string>(id: Id): Step<Id> {
  return step(id, 'bridge', {}, ({ answers, release, ip, files }) => {
    const ifcfg = files((f) => f.path.startsWith('/etc/sysconfig/network-scripts/ifcfg-'));
    const net = answers.network;
    const wait = release.waits.networkCheck;
    return {
      title: `move ${ip} from ${net.interface} to the bridge ${net.bridge}`,
      inputs: ['network'],
      files: ifcfg,
      waitSeconds: wait * 2,
      detached: true,
      check: lines(
        filesAreInPlace(ifcfg) + ' &&',
        sh`ip -4 -o addr show dev ${net.bridge} 2>/dev/null | grep -q ${` ${ip}/`}`,
      ),
      apply: lines(
        putFiles(ifcfg),
        'ciab_units_enable network.service',
        sh`ciab_bridge_up ${wait} ${ip} ${net.bridge} ${net.interface} ${net.gateway} ${net.dns}`,
      ),
      undo: lines(
        restoreFiles(ifcfg),
        sh`ip link set ${net.bridge} down 2>/dev/null || true`,
        sh`ip link delete ${net.bridge} type bridge 2>/dev/null || true`,
        'ciab_units_restart network.service || true',
        sh`ciab_wait ${`the original network on ${net.interface}`} ${wait} 2 ciab_network_ok ${ip} ${net.interface} ${net.gateway} ${net.dns}`,
      ),
      failureHint:
        'the host keeps its original network; check the gateway and DNS answers, then run the install again',
    };
  });
}
