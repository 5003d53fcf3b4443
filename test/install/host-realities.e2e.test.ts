/**
 * What real 4.4 hosts did to real installs (issue 12), on the simulated host: libvirtd already running with
 * its default network (as after a kickstart's first boot), a cloud controller that refuses the first
 * registrations after it opens :8773, a clock that does not synchronise, and an imaging worker instance
 * that cannot leave pending for lack of public addresses.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getRelease } from '../../src/core/release/index.js';
import { readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { assertInstalled, ensureBuilt, install, journal, outcomes, prepare } from './helpers.js';

const release = getRelease('eucalyptus-4.4');

describe('install on a simulated host as real 4.4 hosts behave', () => {
  const hosts: SimHost[] = [];
  before(ensureBuilt);
  after(() => {
    hosts.forEach((h) => {
      h.destroy();
    });
  });

  it("libvirtd already running, the first registrations refused, the clock unsynchronised: the install succeeds, the cloud's DNS gets port 53", async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host);
    // As a kickstart leaves the host at its first boot: libvirt installed, libvirtd (enabled by its preset)
    // running with its default network.
    assert.equal((await host.run(['yum', '-y', 'install', 'libvirt-daemon'])).exitCode, 0);
    assert.equal((await host.run(['systemctl', 'start', 'libvirtd'])).exitCode, 0);
    const refusal = 'error (ServiceUnavailable): the cloud is not ready to register services yet';
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([
        { tool: 'euserv-register-service', match: '-t user-api', times: 2, stderr: refusal },
        { tool: 'chronyc', match: ['waitsync'], times: 1, stderr: '' },
      ]),
    );
    const r = await install(host);
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
    await assertInstalled(host);
    const log = host.readFile('/var/log/cloud-in-a-box/latest');
    const { tries, intervalSeconds } = release.registration;
    assert.match(
      log,
      new RegExp(
        `registering API_192\\.168\\.56\\.10 failed \\(attempt 2 of ${tries}\\): ${refusal.replace(/[()]/g, '\\$&')}`,
      ),
    );
    assert.match(log, new RegExp(`trying registering API_192\\.168\\.56\\.10 again in ${intervalSeconds} s`));
    assert.equal(
      readCalls(host.root).filter((c) => c.tool === 'euserv-register-service' && c.argv.includes('user-api'))
        .length,
      3,
    );
    assert.match(log, /warning: the clock is not synchronised/);
    const order = outcomes(host).map((o) => o.id);
    assert.ok(order.indexOf('packages.libvirt') < order.indexOf('start.cloud'));
    assert.equal(
      readState(host.root).libvirtNetworks?.default,
      undefined,
      "libvirt's default network is gone",
    );
  });

  it('the imaging worker cannot leave pending (no free public address): the install fails at it, naming the cause', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host, {
      publicIps: '192.168.56.100-192.168.56.101',
      privateIps: '192.168.56.110-192.168.56.111',
    });
    host.writeFile('/var/lib/simhost/config.json', JSON.stringify({ publicIpsInUse: 2 }));
    const r = await install(host);
    assert.equal(r.exitCode, 1, r.stderr.slice(-3000));
    assert.equal(journal(host).get('serviceImage.worker')?.status, 'failed');
    assert.match(r.stderr, /wait for the imaging worker instance to run/);
    assert.match(r.stderr, /public addresses or instance slots/);
    assert.match(
      host.readFile('/var/log/cloud-in-a-box/latest'),
      new RegExp(
        `gave up waiting for the imaging worker instance to run after ${release.waits.imagingWorker} s`,
      ),
    );
  });
});
