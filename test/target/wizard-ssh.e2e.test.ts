/**
 * The wizard over SSH in a pseudo-terminal (issue 15): `answers wizard --target root@HOST` under tmux on a
 * workstation on the simulated host's LAN, the host's own sshd (test/simhost/ssh.ts). Its proposals are
 * the target's interface, address, gateway and resolvers, which differ from the workstation's own (the
 * CLI runs in the workstation's network namespace and reads this machine's /etc/resolv.conf), and the
 * saved answers file keeps them.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { SimHost } from '../simhost/host.js';
import type { SshAccess } from '../simhost/ssh.js';
import { checkout, createSimHost } from '../simhost/host.js';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import { parseResolvConf } from '../../src/core/facts/resolv-conf.js';
import { ensureBuilt } from '../install/helpers.js';
import { tempDir } from '../fixtures/wizard/helpers.js';
import type { Run, Tmux } from '../fixtures/wizard/terminal.js';
import {
  PANE_SIZE,
  acceptDefaults,
  exited,
  paneCommand,
  pending,
  tmuxRun,
  waitFor,
} from '../fixtures/wizard/terminal.js';

/** The target's network, as the simulated host sets it up, and a second resolver of its own. */
const TARGET = {
  interface: 'eth0',
  address: '192.168.56.10/24',
  gateway: '192.168.56.1',
  dns: ['192.168.56.1', '192.168.56.3'],
};
/**
 * The workstation made unlike the target: its NIC is wlan0 and its router another one on the LAN (an
 * on-link next hop need not answer for the route to exist), its address is .50, and its resolvers are
 * this machine's.
 */
const WORKSTATION = { interface: 'wlan0', gateway: '192.168.56.254' };

/** The proposal shown for the question waiting on the screen: "(value)" under its label. */
function proposal(screen: string): string | undefined {
  const question = pending(screen);
  if (question === undefined) return undefined;
  const below = screen.split('\n').slice(question.at + 1);
  return below
    .map((l) => /^\s*\((.*)\)\s*$/.exec(l)?.[1])
    .find((v) => v !== undefined)
    ?.trim();
}

describe("the wizard over SSH in a terminal: the target's defaults", () => {
  let host: SimHost;
  let ssh: SshAccess;
  let socket: string;
  const tmux: Tmux = (...args) => execFileSync('tmux', ['-S', socket, ...args], { encoding: 'utf8' });

  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    host.writeFile('/etc/resolv.conf', TARGET.dns.map((n) => `nameserver ${n}\n`).join(''));
    ssh = await host.startSsh();
    ssh.workstation.knownHosts.write(ssh.knownHostsLines());
    const ip = (...args: string[]) => execFileSync('ip', ['-n', ssh.workstation.netns, ...args]);
    ip('link', 'set', 'eth0', 'down');
    ip('link', 'set', 'eth0', 'name', WORKSTATION.interface);
    ip('link', 'set', WORKSTATION.interface, 'up');
    ip('route', 'replace', 'default', 'via', WORKSTATION.gateway, 'dev', WORKSTATION.interface);
    socket = path.join(tempDir(), 'tmux');
  });
  after(() => {
    try {
      tmux('kill-server');
    } catch {
      // no server: it never started
    }
    host.destroy();
  });

  it('the workstation differs from the target in every fact the test checks', async () => {
    const route = await ssh.workstation.run(['ip', '-4', 'route', 'show', 'default']);
    assert.equal(route.stdout.trim(), `default via ${WORKSTATION.gateway} dev ${WORKSTATION.interface}`);
    const addresses = await ssh.workstation.run(['ip', '-4', '-o', 'addr', 'show']);
    assert.doesNotMatch(addresses.stdout, new RegExp(`\\b${TARGET.interface}\\b`));
    assert.doesNotMatch(addresses.stdout, new RegExp(TARGET.address.replace(/[./]/g, '\\$&')));
    const local = parseResolvConf(readFileSync('/etc/resolv.conf', 'utf8')).nameservers;
    assert.deepEqual(
      local.filter((n) => TARGET.dns.includes(n)),
      [],
      `this machine's resolvers: ${local.join(', ')}`,
    );
  });

  it("proposes the target's interface, address, gateway and resolvers; Enter saves them", async (t) => {
    const dir = tempDir();
    const run: Run = tmuxRun(tmux, 'wizard', dir);
    const command = `${process.execPath} ${checkout}/bin/cloud-in-a-box.js answers wizard --target ${ssh.target()} -o ${run.file}`;
    // The tmux server, and so the wizard and its ssh, run on the workstation: its network namespace, its
    // throwaway key and known_hosts. The commands below reach that server through its socket file.
    const began = Date.now();
    const started = await ssh.workstation.run([
      'tmux',
      '-S',
      socket,
      'new-session',
      '-d',
      '-s',
      'wizard',
      ...PANE_SIZE,
      paneCommand(dir, command),
    ]);
    assert.equal(started.exitCode, 0, started.stderr);
    await waitFor(run, /^\? /m, 30_000);
    t.diagnostic(`connected and gathered: ${String((Date.now() - began) / 1000)} s to the first question`);

    const shown = new Map<string, string | undefined>();
    const explicit = new Set<string>();
    for (const label of ['Network interface', 'Host address/prefix', 'Gateway', 'DNS servers']) {
      const at = new RegExp(`^\\? ${label.replace(/[/]/g, '\\/')}$`);
      for (const l of await acceptDefaults(run, 'unused', at)) explicit.add(l);
      const screen = await waitFor(run, new RegExp(`^\\? ${label.replace(/[/]/g, '\\/')}\\n`, 'm'));
      shown.set(label, proposal(screen));
    }
    const password = 'over ssh secret';
    for (const l of await acceptDefaults(run, password)) explicit.add(l);
    assert.equal(await exited(run), 0, run.screen());
    const screen = run.screen();
    t.diagnostic(`the wizard over SSH: ${String((Date.now() - began) / 1000)} s from start to saved file`);

    assert.deepEqual(Object.fromEntries(shown), {
      'Network interface': TARGET.interface,
      'Host address/prefix': TARGET.address,
      Gateway: TARGET.gateway,
      'DNS servers': TARGET.dns.join(', '),
    });
    // Enter took each of these proposals. (The host name has none: the simulated host shares this machine's
    // kernel host name, which is not fully qualified; the driver types one.)
    assert.deepEqual(
      [...explicit].filter((l) => shown.has(l)),
      [],
      'no explicit answer for the network',
    );
    assert.match(screen, new RegExp(`wrote ${run.file} \\(mode 0600`));

    const answers = validateAnswersText(readFileSync(run.file, 'utf8')).answers;
    assert.ok(answers, readFileSync(run.file, 'utf8'));
    assert.equal(answers.network.interface, TARGET.interface);
    assert.equal(answers.network.address, TARGET.address);
    assert.equal(answers.network.gateway, TARGET.gateway);
    assert.deepEqual(answers.network.dns, TARGET.dns);
    assert.equal(answers.admin.password, password);
  });
});
