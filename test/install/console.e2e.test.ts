/**
 * The management console on a simulated CentOS 7 host, where real 4.4 consoles failed: it did not start at all
 * beside CentOS's python-webob (Corymbia/eucalyptus#124), and it did not come back after the first reboot
 * because its init script starts nginx without --pidfile (Corymbia/eucalyptus#175). The fake console fails
 * the same ways (test/simhost/fakes/lib/console.js). Also: SELinux is permissive and stays so after the reboot.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { ensureBuilt, install, prepare } from './helpers.js';

/** Something accepts TCP connections on 127.0.0.1:PORT inside the host. */
async function portOpen(host: SimHost, port: number): Promise<boolean> {
  const r = await host.run(['bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]);
  return r.exitCode === 0;
}

/** Polls until both console ports answer; a generous bound, since the machine may be busy. */
async function consoleAnswers(host: SimHost): Promise<boolean> {
  const end = Date.now() + 180_000;
  while (Date.now() < end) {
    if ((await portOpen(host, 8888)) && (await portOpen(host, 443))) return true;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return false;
}

describe('the console on a simulated CentOS 7 host: it starts, and it comes back after a reboot', () => {
  let host: SimHost;

  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    prepare(host);
  });
  after(() => {
    host.destroy();
  });

  it('the install removes python-webob, gives nginx its pid file and waits for :8888 and :443', async () => {
    const r = await install(host);
    assert.equal(r.exitCode, 0, r.stdout + r.stderr);
    const packages = readState(host.root).packages ?? [];
    assert.ok(packages.includes('python-webob1.4'), 'the newer WebOb stays');
    assert.ok(!packages.includes('python-webob'), 'the WebOb 1.2.3 that shadows it is gone');
    assert.match(
      host.readFile('/etc/rc.d/init.d/eucaconsole'),
      /^\s+daemon --pidfile \$\{NGINXPIDFILE\} \/usr\/sbin\/nginx -c \/etc\/eucaconsole\/nginx\.conf/m,
    );
    assert.ok(await portOpen(host, 8888), 'pserve on :8888');
    assert.ok(await portOpen(host, 443), 'nginx on :443');
    assert.equal(readState(host.root).selinux?.mode, 'Permissive');
    assert.match(host.readFile('/etc/selinux/config'), /^SELINUX=permissive$/m);
  });

  it('after a reboot the console answers on :8888 and :443 again, and SELinux is still permissive', async () => {
    const r = await host.reboot();
    assert.equal(r.exitCode, 0, r.stderr);
    assert.ok(await consoleAnswers(host), 'the console came back on :8888 and :443');
    const state = readState(host.root);
    assert.equal(state.units?.['eucaconsole.service']?.active, true);
    assert.equal(state.selinux?.mode, 'Permissive');
  });
});
