/**
 * Failures on the simulated host: a tool that fails (test 4) stops the install at its task with the tool's
 * words in the log, and the next run starts at that task; a gateway that falls silent once the bridge is up
 * (test 5) makes the install put the original network back and say so; a Eucalyptus older than the release's
 * minimum stops the install after the packages (test 6). No secret in any output (test 7).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { readCalls, readState } from '../simhost/fakes/lib/state-read.js';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { getRelease } from '../../src/core/release/index.js';
import {
  ADMIN_PASSWORD,
  assertInstalled,
  INSTALL,
  ensureBuilt,
  install,
  journal,
  outcomes,
  prepare,
} from './helpers.js';

const FAILURE = 'error (InternalFailure): simulated registration failure 42';

/**
 * The host's processes whose command line holds the task protocol's call for ID (the task's bash). Only
 * this host's network namespace counts: other test files install on their own hosts at the same time.
 */
function runningTask(host: SimHost, id: string): string[] {
  return execFileSync('ip', ['netns', 'pids', host.netns], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .filter((pid) => {
      try {
        // The engine gives bash its script as a private file (never in argv): `bash FILE`, FILE inside the
        // host's root; the task's subshells share that command line.
        const [shell = '', script = ''] = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
        return (
          path.basename(shell) === 'bash' &&
          script.startsWith('/') &&
          readFileSync(`/proc/${pid}/root${script}`, 'utf8').includes(`ciab_run_task ${id} `)
        );
      } catch {
        return false;
      }
    });
}

describe('install failures on the simulated host', () => {
  const hosts: SimHost[] = [];
  before(ensureBuilt);
  after(() => {
    hosts.forEach((h) => {
      h.destroy();
    });
  });

  it('4. euserv-register-service failing beyond the retries: exit 1 naming the task, stderr in the log; the rerun starts there', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host);
    const { tries, intervalSeconds } = getRelease('eucalyptus-4.4').registration;
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([{ tool: 'euserv-register-service', times: 1000, exitCode: 1, stderr: FAILURE }]),
    );
    const failed = await install(host);
    assert.equal(failed.exitCode, 1, failed.stderr.slice(-2000));
    const entries = [...journal(host).values()];
    const failedTask = entries.find((e) => e.status === 'failed');
    assert.ok(failedTask, 'the journal marks the failed task');
    assert.match(failedTask.id, /^register\./);
    const plan = (await host.ciab(['plan', '--answers', '/root/answers.yaml', '--json'])).stdout;
    const task = (JSON.parse(plan) as { phases: { tasks: { id: string; title: string }[] }[] }).phases
      .flatMap((p) => p.tasks)
      .find((t) => t.id === failedTask.id);
    assert.ok(task);
    assert.ok(failed.stderr.includes(task.title), `the error names "${task.title}"`);
    assert.match(failed.stderr, /log: \/var\/log\/cloud-in-a-box\//);
    const log = host.readFile('/var/log/cloud-in-a-box/latest');
    assert.ok(log.includes(FAILURE), 'the log holds the stderr');
    assert.match(log, new RegExp(`trying registering \\S+ again in ${intervalSeconds} s`));
    assert.match(
      failed.stderr + log,
      new RegExp(
        `gave up on registering \\S+ after ${tries} attempts, ${intervalSeconds} s apart; the last one said: .*simulated registration failure 42`,
      ),
    );
    assert.equal(
      readCalls(host.root).filter((c) => c.tool === 'euserv-register-service').length,
      tries,
      'the bound holds',
    );
    for (const text of [failed.stdout, failed.stderr]) assert.equal(text.includes(ADMIN_PASSWORD), false);

    host.writeFile('/var/lib/simhost/faults.json', '[]');
    const rerun = await install(host);
    assert.equal(rerun.exitCode, 0, rerun.stderr.slice(-2000));
    const ran = outcomes(host);
    const at = ran.findIndex((t) => t.id === failedTask.id);
    assert.ok(at > 0);
    assert.deepEqual(
      ran.slice(0, at).filter((t) => t.outcome !== 'done-before'),
      [],
      'everything before the failed task is skipped as done',
    );
    assert.equal(ran[at]?.outcome, 'applied');
    await assertInstalled(host);
  });

  it('4b. stopped after the cloud made the admin key and login but before recording them: the next run uses them', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host, {
      publicIps: '192.168.56.100-192.168.56.101',
      privateIps: '192.168.56.110-192.168.56.111',
    });
    assert.equal((await install(host)).exitCode, 0);
    const ini = '/root/.euca/cloud-in-a-box.ini';
    const written = host.readFile(ini);
    // What a kill right after euare-useraddkey and euare-useraddloginprofile leaves: the key in the file
    // the tool wrote, no ini, a login profile without its marker, and no journal entries for either.
    host.writeFile(`${ini}.new-key`, written.slice(written.indexOf('[user ')), 0o600);
    const journalDir = '/var/lib/cloud-in-a-box/journal';
    execFileSync('rm', [
      '-f',
      host.at(ini),
      host.at('/var/lib/cloud-in-a-box/admin-login-profile'),
      host.at(`${journalDir}/credentials.keys`),
      host.at(`${journalDir}/credentials.login`),
    ]);
    const rerun = await install(host);
    assert.equal(rerun.exitCode, 0, rerun.stderr.slice(-2000));
    const ran = outcomes(host);
    for (const id of ['credentials.keys', 'credentials.login'])
      assert.equal(ran.find((t) => t.id === id)?.outcome, 'applied', id);
    const calls = readCalls(host.root).map((c) => `${c.tool} ${c.exitCode}`);
    assert.equal(calls.filter((c) => c.startsWith('euare-useraddkey ')).length, 1, 'no second key');
    assert.ok(calls.includes('euare-usermodloginprofile 0'), calls.join('\n'));
    assert.equal(host.readFile(ini), written, 'the same credentials file');
    assert.equal(host.exists(`${ini}.new-key`), false);
    assert.equal(readState(host.root).loginProfiles.length, 1);
    await assertInstalled(host);
  });

  it('4c. Ctrl-C while a task waits: the task is stopped, exit 130; the next run redoes it and finishes', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host, {
      publicIps: '192.168.56.100-192.168.56.101',
      privateIps: '192.168.56.110-192.168.56.111',
    });
    host.writeFile(
      '/var/lib/simhost/config.json',
      JSON.stringify({ listenDelayMs: { 'eucalyptus-cloud': 4000 } }),
    );
    const child = host.spawn(['node', '/opt/cloud-in-a-box/bin/cloud-in-a-box.js', ...INSTALL]);
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        resolve(code);
      });
    });
    while (journal(host).get('start.cloud')?.status !== 'running') {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    assert.notDeepEqual(runningTask(host, 'start.cloud'), [], 'the task runs when Ctrl-C comes');
    child.kill('SIGINT');
    assert.equal(await exited, 130, stderr.slice(-2000));
    assert.match(stderr, /interrupted; the running command was stopped/);
    assert.notEqual(journal(host).get('start.cloud')?.status, 'done');
    // SIGTERM to the task's process group, SIGKILL 3 s later: within 5 s nothing of it runs
    const deadline = Date.now() + 5000;
    while (runningTask(host, 'start.cloud').length > 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.deepEqual(runningTask(host, 'start.cloud'), [], 'nothing of the stopped task still runs');
    const rerun = await install(host);
    assert.equal(rerun.exitCode, 0, rerun.stderr.slice(-2000));
    assert.equal(outcomes(host).find((t) => t.id === 'start.cloud')?.outcome, 'applied');
    await assertInstalled(host);
  });

  it('5. the gateway stops answering once the bridge is up: the network is put back, exit 1', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host);
    const original = host.sha256('/etc/sysconfig/network-scripts/ifcfg-eth0');
    host.gatewayControl.stopWhenBridgeUp();
    const r = await install(host);
    assert.equal(r.exitCode, 1, r.stderr.slice(-2000));
    assert.match(r.stderr, /bridge/i);
    assert.match(r.stderr, /restored|put back|rolled back/i);
    assert.equal(
      host.sha256('/etc/sysconfig/network-scripts/ifcfg-eth0'),
      original,
      'ifcfg-eth0 byte for byte',
    );
    assert.equal(host.exists('/etc/sysconfig/network-scripts/ifcfg-br0'), false);
    assert.match((await host.run(['ip', '-4', '-o', 'addr', 'show', 'eth0'])).stdout, /192\.168\.56\.10\/24/);
    assert.notEqual((await host.run(['ip', 'link', 'show', 'br0'])).exitCode, 0, 'no bridge left');
    // The gateway ignores pings now but can still send them: the host address answers again.
    execFileSync('ip', ['netns', 'exec', host.gatewayNetns, 'ping', '-c', '1', '-W', '2', '192.168.56.10']);
    assert.equal(journal(host).get('bridge.network')?.status, 'failed');
    for (const text of [r.stdout, r.stderr]) assert.equal(text.includes(ADMIN_PASSWORD), false);
  });

  // Issue 12 A'.6: before 4.4.6 instances of current cloud images get no metadata (Corymbia/eucalyptus#196).
  it('6. the repository offers Eucalyptus 4.4.5: the install stops after the packages, naming the version', async () => {
    const host = await createSimHost();
    hosts.push(host);
    prepare(host);
    host.writeFile('/var/lib/simhost/config.json', JSON.stringify({ eucalyptusVersion: '4.4.5' }));
    const r = await install(host);
    assert.equal(r.exitCode, 1, r.stderr.slice(-2000));
    assert.equal(journal(host).get('packages.version')?.status, 'failed');
    assert.match(r.stderr, /eucalyptus 4\.4\.5 is installed; 4\.4\.6 or later is needed/);
    assert.equal(journal(host).has('bridge.network'), false, 'nothing after the packages ran');
  });
});
