/**
 * The bridge as a person would set it up on the simulated host: ifcfg-br0 with eth0's address, eth0 a
 * port of it. For the tests of the emulation itself (the network restart, sshd across it), not of the
 * install, whose bridge comes from its own templates.
 */
import type { SimHost } from './host.js';

const SCRIPTS = '/etc/sysconfig/network-scripts';

/** Writes the bridge's files; the returned function puts eth0's original file back and removes br0's. */
export function bridgeFilesByHand(host: SimHost): () => Promise<void> {
  const original = host.readFile(`${SCRIPTS}/ifcfg-eth0`);
  host.writeFile(
    `${SCRIPTS}/ifcfg-br0`,
    'DEVICE=br0\nTYPE=Bridge\nBOOTPROTO=static\nIPADDR=192.168.56.10\nNETMASK=255.255.255.0\nGATEWAY=192.168.56.1\nONBOOT=yes\n',
  );
  host.writeFile(
    `${SCRIPTS}/ifcfg-eth0`,
    `DEVICE=eth0\nTYPE=Ethernet\nBRIDGE=br0\nHWADDR=${host.mac}\nONBOOT=yes\n`,
  );
  return async () => {
    host.writeFile(`${SCRIPTS}/ifcfg-eth0`, original);
    await host.run(['rm', `${SCRIPTS}/ifcfg-br0`]);
  };
}
