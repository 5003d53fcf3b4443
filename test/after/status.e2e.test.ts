/**
 * `cloud-in-a-box status` on one simulated host through the life of an install: a fresh host (not
 * installed), an install that fails at a task (failed, with the task, its output and its log), a run that
 * hangs in a task (running: the run lock is held) and is then killed with everything it started
 * (interrupted, at that task), the finished install (complete, everything up: exit 0), and a unit of the
 * cloud stopped afterwards (exit 1, naming what is down). Each time the text and the JSON form agree.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import { INSTALL, ensureBuilt, install, journalStatus, prepare } from '../install/helpers.js';
import { killTree } from '../install/process-tree.js';

const FAILURE = 'error (InternalFailure): simulated registration failure 77';
/** The task the hanging run is stopped in: the euctl of its apply hangs (its check's euctl -n does not). */
const HUNG_TASK = 'cloud.dns';
const HUNG_CALL = 'system.dns.dnsdomain=';

interface StatusJson {
  format: string;
  ok: boolean;
  role: string | null;
  release: string | null;
  install: {
    state: string;
    done: number;
    total: number | null;
    current: { id: string; title: string } | null;
    failure: { id: string; title: string; log: string | null; output: string[] } | null;
    log: string | null;
  };
  units: { unit: string; activeState: string | null; up: boolean }[];
  ports: { port: number; listening: boolean | null }[];
  services: { items: { type: string; state: string }[] } | { error: string[] } | null;
  nodeControllers: { items: { address: string; state: string }[] } | { error: string[] } | null;
  endpoints: { services: string; console: string | null } | null;
}

const sleep = (ms: number): Promise<void> =>
  new Promise((resolve) => {
    setTimeout(resolve, ms);
  });

async function status(
  host: SimHost,
): Promise<{ exitCode: number; text: string; stderr: string; json: StatusJson }> {
  const text = await host.ciab(['status']);
  const json = await host.ciab(['status', '--json']);
  assert.equal(json.exitCode, text.exitCode, 'the text and the JSON form exit alike');
  return {
    exitCode: text.exitCode,
    text: text.stdout,
    stderr: text.stderr,
    json: JSON.parse(json.stdout) as StatusJson,
  };
}

describe('status on a simulated host', () => {
  let host: SimHost;
  before(async () => {
    ensureBuilt();
    host = await createSimHost();
    prepare(host);
  });
  after(() => {
    host.destroy();
  });

  it('a fresh host: not installed, exit 1', async () => {
    const s = await status(host);
    assert.equal(s.exitCode, 1, s.stderr);
    assert.equal(s.json.format, 'cloud-in-a-box/status');
    assert.equal(s.json.install.state, 'not-installed');
    assert.equal(s.json.role, null);
    assert.equal(s.json.ok, false);
    assert.match(s.text, /Install +not installed/);
    assert.equal(host.exists('/var/lib/cloud-in-a-box'), false, 'status changed nothing');
  });

  it('after a failed task: failed, the task, its output and its log; exit 1', async () => {
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([{ tool: 'euserv-register-service', times: 1000, exitCode: 1, stderr: FAILURE }]),
    );
    const failed = await install(host);
    assert.equal(failed.exitCode, 1);
    const s = await status(host);
    assert.equal(s.exitCode, 1, s.stderr);
    assert.equal(s.json.install.state, 'failed');
    assert.equal(s.json.role, 'ciab');
    assert.equal(s.json.release, 'eucalyptus-4.4');
    const failure = s.json.install.failure;
    assert.ok(failure);
    assert.match(failure.id, /^register\./);
    assert.ok(
      failure.output.some((l) => l.includes(FAILURE)),
      failure.output.join('\n'),
    );
    assert.match(failure.log ?? '', /^\/var\/log\/cloud-in-a-box\/install-.*\.log$/);
    const { done, total } = s.json.install;
    assert.ok(total !== null && done > 0 && done < total, `${done}/${total}`);
    assert.ok(s.text.includes(`failed task: ${failure.title}`));
    assert.ok(s.text.includes(`${done}/${total} tasks done`));
    assert.match(s.stderr, /cloud-in-a-box support-bundle/, 'it suggests the support bundle');
    host.writeFile('/var/lib/simhost/faults.json', '[]');
  });

  it('a run that hangs in a task is running; killed, it is interrupted at that task; exit 1 both times', async () => {
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([{ tool: 'euctl', match: HUNG_CALL, times: 1, exitCode: null, hangMs: 600_000 }]),
    );
    const child = host.spawn(['node', '/opt/cloud-in-a-box/bin/cloud-in-a-box.js', ...INSTALL]);
    const pid = child.pid ?? assert.fail('the install did not start');
    try {
      const deadline = Date.now() + 300_000;
      while (journalStatus(host).get(HUNG_TASK) !== 'running') {
        assert.ok(child.exitCode === null, 'the install ended before it reached the hanging task');
        assert.ok(Date.now() < deadline, `the install did not reach ${HUNG_TASK}`);
        await sleep(200);
      }
      const running = await status(host);
      assert.equal(running.exitCode, 1, running.stderr);
      assert.equal(running.json.install.state, 'running');
      assert.match(running.text, /an install or uninstall is running now/);
    } finally {
      await killTree(pid);
    }
    const s = await status(host);
    assert.equal(s.exitCode, 1, s.stderr);
    assert.equal(s.json.install.state, 'interrupted');
    assert.equal(s.json.install.current?.id, HUNG_TASK);
    assert.equal(s.json.install.failure, null, 'the failed task ran again and is done');
    assert.ok(s.text.includes(`stopped at: ${s.json.install.current.title}`));
    host.writeFile('/var/lib/simhost/faults.json', '[]');
  });

  it('a complete install with everything up: exit 0, units, ports, services, node controllers, endpoints', async () => {
    const done = await install(host);
    assert.equal(done.exitCode, 0, done.stderr.slice(-2000));
    const s = await status(host);
    assert.equal(s.exitCode, 0, s.text + s.stderr);
    assert.equal(s.json.ok, true);
    assert.equal(s.json.install.state, 'complete');
    assert.equal(s.json.install.done, s.json.install.total);
    assert.deepEqual(s.json.units.map((u) => u.unit).sort(), [
      'eucaconsole.service',
      'eucalyptus-cloud.service',
      'eucalyptus-cluster.service',
      'eucalyptus-node.service',
      'eucanetd.service',
      'libvirtd.service',
      'tgtd.service',
    ]);
    assert.ok(s.json.units.every((u) => u.up && u.activeState === 'active'));
    assert.deepEqual(
      s.json.ports.map((p) => p.port).sort((a, b) => a - b),
      [443, 8773, 8774, 8775, 8888],
    );
    assert.ok(s.json.ports.every((p) => p.listening === true));
    assert.ok(s.json.services !== null && 'items' in s.json.services);
    assert.deepEqual(
      [...new Set(s.json.services.items.map((i) => i.type))]
        .filter((t) => ['cluster', 'storage', 'walrusbackend', 'compute'].includes(t))
        .sort(),
      ['cluster', 'compute', 'storage', 'walrusbackend'],
    );
    assert.ok(s.json.services.items.every((i) => i.state === 'enabled'));
    assert.ok(s.json.nodeControllers !== null && 'items' in s.json.nodeControllers);
    assert.deepEqual(
      s.json.nodeControllers.items.map((n) => [n.address, n.state]),
      [['192.168.56.10', 'enabled']],
    );
    assert.ok(s.json.endpoints);
    assert.equal(s.json.endpoints.services, 'http://192.168.56.10:8773/');
    assert.equal(s.json.endpoints.console, 'https://192.168.56.10/');
    assert.match(s.text, /console +https:\/\/192\.168\.56\.10\//);
    assert.match(s.text, /everything is installed and up/);
  });

  it('a unit of the cloud stopped after the install: exit 1, the unit, its port and its service named', async () => {
    const stopped = await host.run(['systemctl', 'stop', 'eucalyptus-cluster']);
    assert.equal(stopped.exitCode, 0, stopped.stderr);
    const s = await status(host);
    assert.equal(s.exitCode, 1, s.stderr);
    assert.equal(s.json.install.state, 'complete');
    assert.equal(s.json.units.find((u) => u.unit === 'eucalyptus-cluster.service')?.up, false);
    assert.equal(s.json.ports.find((p) => p.port === 8774)?.listening, false);
    assert.ok(s.json.services !== null && 'items' in s.json.services);
    assert.equal(s.json.services.items.find((i) => i.type === 'cluster')?.state, 'notready');
    assert.match(s.text, /eucalyptus-cluster\.service: inactive/);
    assert.match(s.text, /not everything is installed and up/);
  });
});
