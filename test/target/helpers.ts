/** What the tests over SSH share: a simulated host reachable from its workstation, and the install's argv. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimHost } from '../simhost/host.js';
import type { SshAccess } from '../simhost/ssh.js';
import { createSimHost } from '../simhost/host.js';
import { ensureBuilt, prepare } from '../install/helpers.js';

export interface ReachableHost {
  host: SimHost;
  ssh: SshAccess;
  /** the answers file on the workstation, as it would be on the user's machine */
  answers: string;
  /** its text */
  text: string;
}

/** A simulated host with its sshd, and the answers on the workstation; `trusted`: its key in known_hosts. */
export async function reachableHost({ trusted }: { trusted: boolean }): Promise<ReachableHost> {
  ensureBuilt();
  const host = await createSimHost();
  const text = prepare(host);
  const ssh = await host.startSsh();
  ssh.workstation.knownHosts.write(trusted ? ssh.knownHostsLines() : '');
  const answers = path.join(ssh.workstation.home, 'answers.yaml');
  writeFileSync(answers, text, { mode: 0o600 });
  return { host, ssh, answers, text };
}

/** `install --target USER@HOST` with those answers; the simulated host's eth0 is a veth, not a NIC: accepted. */
export const installOver = (ssh: SshAccess, answers: string, user = 'root'): string[] => [
  'install',
  '--target',
  ssh.target(user),
  '--answers',
  answers,
  '--yes',
  '--accept',
  'interface',
];
