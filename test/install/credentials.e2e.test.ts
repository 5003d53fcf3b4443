/**
 * What the admin finds after the install (issue 12 A.1, issue 13 point 4, issue 12 B.7): in a fresh login
 * shell as root, with no environment of the install and no DNS for the cloud's domain (nothing delegates it
 * to this host; the fake euca2ools resolve names through /etc/hosts only), the euca2ools, admin and esi
 * tools find the region, its endpoints and the admin's key in the ini files, as the real tools read them
 * (test/simhost/fakes/lib/euca-config.js). The console password reached the cloud on the tool's stdin,
 * never in an argv; every URL the summary prints answers.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { ADMIN_PASSWORD, ensureBuilt, install, outcomes, prepare } from './helpers.js';

/**
 * A login shell as root (`bash -l` reads /etc/profile, which resets PATH); the fake tools stand where the
 * RPMs would put them, first on PATH. Nothing else of the install's environment comes along.
 */
function loginShell(host: SimHost, command: string) {
  return host.run(['bash', '-l', '-c', `PATH=/opt/simhost/fakes/bin:$PATH\n${command}`], {
    env: { HOME: '/root', USER: 'root', LOGNAME: 'root' },
    timeoutMs: 120_000,
  });
}

const ADMIN_COMMANDS = [
  'euca-describe-availability-zones verbose',
  'euca-describe-images',
  'euare-accountlist',
  'euserv-describe-services',
  'esi-describe-images',
  'esi-manage-stack -a check imaging',
  'esi-install-image --install-default',
];

describe('the admin credentials after an install on the simulated host', () => {
  let host: SimHost;

  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    prepare(host, {
      publicIps: '192.168.56.100-192.168.56.101',
      privateIps: '192.168.56.110-192.168.56.111',
    });
    const r = await install(host);
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
  });
  after(() => {
    host.destroy();
  });

  for (const command of ADMIN_COMMANDS) {
    it(`${command}: works in a fresh login shell as root, without DNS for the cloud's domain`, async () => {
      const r = await loginShell(host, command);
      assert.equal(r.exitCode, 0, `${command}\n${r.stdout}${r.stderr}`);
    });
  }

  it('a fresh login shell has no credentials in its environment: the tools take them from ~/.euca', async () => {
    const r = await loginShell(host, 'env | grep -c "^AWS_\\|^EC2_\\|^EUCA_" || true');
    assert.equal(r.stdout.trim(), '0');
    assert.equal(
      (await loginShell(host, 'mv /root/.euca /root/.euca-away && euare-accountlist')).exitCode,
      1,
    );
    assert.equal((await loginShell(host, 'mv /root/.euca-away /root/.euca')).exitCode, 0);
  });

  it('euca-describe-availability-zones verbose shows free instance slots', async () => {
    const r = await loginShell(host, 'euca-describe-availability-zones verbose');
    assert.match(r.stdout, /m1\.small\t0*[1-9]\d* \//);
  });

  it('the admin password reached the cloud on stdin, in no call argv', () => {
    assert.equal(readState(host.root).consolePasswords['eucalyptus:admin'], ADMIN_PASSWORD);
    const calls = readCalls(host.root);
    assert.ok(calls.some((c) => c.tool === 'euare-useraddloginprofile' && c.exitCode === 0));
    for (const c of calls) assert.equal(c.argv.join(' ').includes(ADMIN_PASSWORD), false, c.tool);
  });

  it('an ini of an earlier version (region URLs by DNS name) is rewritten on the next run, with its key', async () => {
    const ini = '/root/.euca/cloud-in-a-box.ini';
    const current = host.readFile(ini);
    const userSection = current.slice(current.indexOf('[user '));
    const user = /^\[user (.*)\]$/m.exec(userSection)?.[1] ?? '';
    // What `euare-useraddkey --region localhost admin -wld DOMAIN` plus [global] used to make.
    const urls = ['ec2', 'iam', 's3', 'sts'].map((s) => `${s}-url = http://${s}.cloud.example.lan:8773/`);
    host.writeFile(
      ini,
      `[region localhost]\n${urls.join('\n')}\nuser = ${user}\n\n${userSection}\n[global]\ndefault-region = cloud.example.lan\n`,
      0o600,
    );
    assert.equal(
      (await loginShell(host, 'esi-describe-images')).exitCode,
      1,
      'the old file breaks the esi tools',
    );
    // The earlier version's journal entry has another task hash (check and apply changed): the check decides.
    const entry = '/var/lib/cloud-in-a-box/journal/credentials.keys';
    host.writeFile(entry, host.readFile(entry).replace(/^hash=.*$/m, 'hash=0123456789abcdef'));
    const keysBefore = readState(host.root).accessKeys.admin;
    const r = await install(host);
    assert.equal(r.exitCode, 0, r.stderr.slice(-3000));
    assert.equal(outcomes(host).find((t) => t.id === 'credentials.keys')?.outcome, 'applied');
    assert.equal(readState(host.root).accessKeys.admin, keysBefore, 'no new key');
    assert.equal(host.readFile(ini), current);
    assert.equal((await loginShell(host, 'esi-describe-images')).exitCode, 0);
  });

  it('every URL the summary prints answers on the host', async () => {
    const summary = host.readFile('/var/lib/cloud-in-a-box/summary.txt');
    const urls = [...summary.matchAll(/\bhttps?:\/\/[^\s,]+/g)].map((m) => new URL(m[0]));
    assert.ok(urls.length >= 2, summary);
    for (const url of urls) {
      const port = url.port || (url.protocol === 'https:' ? '443' : '80');
      const r = await host.run(['bash', '-c', `exec 3<>/dev/tcp/${url.hostname}/${port}`]);
      assert.equal(r.exitCode, 0, `${url.href} (port ${port}) answers`);
    }
  });
});
