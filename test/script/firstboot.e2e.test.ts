/**
 * The install compiled into one bash script (`cloud-in-a-box script`, and the first boot of kickstart and ISO
 * installs) on simulated CentOS 7 hosts: it reaches the same end state as `cloud-in-a-box install`, it
 * resumes after being killed, the TypeScript engine finishes what it started, its status line is where a
 * person looks, and a first boot that keeps failing gives up after three boots.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { validateAnswersText } from '../../src/core/answers/validate.js';
import {
  FIRSTBOOT_SCRIPT,
  FIRSTBOOT_UNIT_FILE,
  KICKSTART_COPIES,
  kickstartParts,
} from '../../src/core/kickstart/index.js';
import { getRelease } from '../../src/core/release/index.js';
import { readState } from '../simhost/fakes/lib/state-read.js';
import type { RunResult, SimHost } from '../simhost/host.js';
import { createSimHost } from '../simhost/host.js';
import {
  ADMIN_PASSWORD,
  ANSWERS,
  assertInstalled,
  ensureBuilt,
  install,
  journal,
  outcomes,
  prepare,
  assertSameEndState,
} from '../install/helpers.js';

const SCRIPT = '/root/install.sh';
const UNIT = 'cloud-in-a-box-firstboot.service';
const STATUS = /^cloud-in-a-box: .*$/gm;
const WATCHED = ['/etc', '/root', '/var/lib', '/usr/lib/systemd', '/srv'];

const hosts: SimHost[] = [];
before(ensureBuilt);
after(() => {
  hosts.forEach((h) => {
    h.destroy();
  });
});

async function newHost(): Promise<SimHost> {
  const host = await createSimHost();
  hosts.push(host);
  // small instance ranges: a shorter preflight ping sweep for `install`
  prepare(host, { publicIps: '192.168.56.100-192.168.56.103', privateIps: '192.168.56.110-192.168.56.113' });
  return host;
}

/**
 * Writes the standalone installer inside the host, as a user would on any machine with Node.js: `script`
 * writes for another host, so it takes nothing from the machine it runs on (the NIC's ifcfg file goes
 * without HWADDR: assertInstalled's keptHwaddr: false).
 */
async function writeScript(host: SimHost): Promise<void> {
  const r = await host.ciab(['script', '--answers', ANSWERS, '-o', SCRIPT]);
  assert.equal(r.exitCode, 0, r.stderr);
}

const runScript = (host: SimHost, ...args: string[]): Promise<RunResult> =>
  host.run(['bash', SCRIPT, ...args], { timeoutMs: 600_000 });

/** The status lines in /etc/issue and /etc/motd (each must hold exactly one). */
function statusLines(host: SimHost): string[] {
  return ['/etc/issue', '/etc/motd'].map((file) => {
    const lines = host.readFile(file).match(STATUS) ?? [];
    assert.equal(lines.length, 1, `${file} holds one status line: ${lines.join(' | ')}`);
    return lines.join('');
  });
}

describe('the standalone install script on simulated CentOS 7 hosts', { concurrency: 2 }, () => {
  it('reaches the same end state as `cloud-in-a-box install`, and says so in /etc/issue and /etc/motd', async () => {
    const [viaInstall, viaScript] = await Promise.all([newHost(), newHost()]);
    const issueBefore = viaScript.readFile('/etc/issue');
    await writeScript(viaScript);
    const statuses: string[] = [];
    const sampler = setInterval(() => {
      const line = viaScript.exists('/etc/issue')
        ? viaScript.readFile('/etc/issue').match(STATUS)?.[0]
        : undefined;
      if (line !== undefined && statuses.at(-1) !== line) statuses.push(line);
    }, 20);
    const [installed, scripted] = await Promise.all([install(viaInstall), runScript(viaScript)]).finally(
      () => {
        clearInterval(sampler);
      },
    );
    assert.equal(installed.exitCode, 0, installed.stderr.slice(-2000));
    assert.equal(scripted.exitCode, 0, scripted.stdout.slice(-3000) + scripted.stderr.slice(-2000));
    await assertInstalled(viaScript, { keptHwaddr: false });

    assertSameEndState(viaScript, viaInstall, [SCRIPT]);

    const total = journal(viaScript).size;
    assert.ok(
      statuses.some((s) => new RegExp(`^cloud-in-a-box: installing, task \\d+ of ${total}: \\S`).test(s)),
      `progress was shown: ${statuses.join(' | ')}`,
    );
    const [issue, motd] = statusLines(viaScript);
    assert.match(issue ?? '', /^cloud-in-a-box: ready, console https:\/\/\S+, credentials in \/root\/\.euca/);
    assert.equal(motd, issue);
    assert.equal(
      viaScript.readFile('/etc/issue').replace(STATUS, '').trimEnd(),
      issueBefore.trimEnd(),
      'the rest of /etc/issue is untouched',
    );
    for (const text of [scripted.stdout, scripted.stderr]) assert.equal(text.includes(ADMIN_PASSWORD), false);
  });

  it('killed mid-way, it completes when run again, skipping what it finished', async () => {
    const host = await newHost();
    await writeScript(host);
    const child = host.spawn(['bash', SCRIPT]);
    const exited = new Promise<void>((resolve) => {
      child.on('exit', () => {
        resolve();
      });
    });
    const deadline = Date.now() + 300_000;
    let done = 0;
    while (done < 12) {
      if (Date.now() > deadline) assert.fail('the script did not get 12 tasks done');
      await new Promise((r) => setTimeout(r, 10));
      done = [...journal(host).values()].filter((e) => e.status === 'done').length;
    }
    // the whole process group: nsenter, bash and what the task runs
    assert.ok(child.pid !== undefined);
    process.kill(-child.pid, 'SIGKILL');
    await exited;
    const before = [...journal(host).values()].filter((e) => e.status === 'done').map((e) => e.id);
    const rerun = await runScript(host);
    assert.equal(rerun.exitCode, 0, rerun.stdout.slice(-3000));
    const skipped = rerun.stdout
      .split('\n')
      .filter((l) => l.includes('skipped: done in an earlier run')).length;
    assert.ok(skipped >= before.length - 1, `${skipped} tasks skipped as done, ${before.length} were done`);
    await assertInstalled(host, { keptHwaddr: false });
    assert.match(statusLines(host)[0] ?? '', /^cloud-in-a-box: ready/);
  });

  it('fails with the task and the log on the console; `cloud-in-a-box install` resumes from its journal', async () => {
    const host = await newHost();
    await writeScript(host);
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([
        // (not a registration: those are retried for minutes)
        {
          tool: 'euctl',
          match: 'objectstorage.providerclient=walrus',
          times: 1,
          stderr: 'simulated: refused',
        },
      ]),
    );
    const failed = await runScript(host);
    assert.equal(failed.exitCode, 1, failed.stdout.slice(-2000));
    const failedTask = [...journal(host).values()].find((e) => e.status === 'failed');
    assert.ok(failedTask, 'the journal marks the failed task');
    const [issue] = statusLines(host);
    assert.match(
      issue ?? '',
      /^cloud-in-a-box: FAILED at task \d+ of \d+ \(.+\); log \/var\/log\/cloud-in-a-box\/install-\S+\.log; run cloud-in-a-box install to resume$/,
    );

    host.writeFile('/var/lib/simhost/faults.json', '[]');
    const resumed = await install(host);
    assert.equal(resumed.exitCode, 0, resumed.stderr.slice(-2000));
    const ran = outcomes(host);
    const at = ran.findIndex((t) => t.id === failedTask.id);
    assert.ok(at > 0, 'the TypeScript engine reached the failed task');
    assert.deepEqual(
      ran.slice(0, at).filter((t) => t.outcome !== 'done-before'),
      [],
      'everything the script finished is skipped as done',
    );
    assert.equal(ran[at]?.outcome, 'applied');
    await assertInstalled(host, { keptHwaddr: false });
  });

  it('as a first boot that keeps failing: retries at the next boot, gives up after the third and says so', async () => {
    const host = await newHost();
    await writeScript(host);
    host.writeFile(
      `/etc/systemd/system/${UNIT}`,
      '[Unit]\nDescription=cloud-in-a-box first boot\n[Service]\nType=oneshot\nExecStart=/bin/true\n[Install]\nWantedBy=multi-user.target\n',
    );
    assert.equal((await host.run(['systemctl', 'enable', UNIT])).exitCode, 0);
    host.writeFile(
      '/var/lib/simhost/faults.json',
      JSON.stringify([
        {
          tool: 'euctl',
          match: 'objectstorage.providerclient=walrus',
          times: 99,
          stderr: 'simulated: refused',
        },
      ]),
    );
    const enabled = (): boolean => readState(host.root).units?.[UNIT]?.enabled === true;
    for (const boot of [1, 2, 3]) {
      const r = await runScript(host, '--firstboot');
      assert.equal(r.exitCode, 1, `boot ${boot}`);
      const [issue] = statusLines(host);
      if (boot < 3) {
        assert.equal(enabled(), true, `still enabled after boot ${boot}`);
        assert.doesNotMatch(issue ?? '', /gave up/);
      } else {
        assert.equal(enabled(), false, 'disabled after the third failed boot');
        assert.match(
          issue ?? '',
          /^cloud-in-a-box: FAILED at task \d+ of \d+ \(.+\); gave up after 3 boots; log \S+; run cloud-in-a-box install to resume$/,
        );
      }
    }
  });

  it("as a kickstart's first boot that succeeds: removes anaconda's copies of the kickstart, then itself", async () => {
    const host = await newHost();
    // What the ciab kickstart's %post leaves on the host, and anaconda's two copies of that kickstart.
    const { model } = validateAnswersText(
      host.readFile(ANSWERS).replace('rootPassword: null', 'rootPassword: Root-Pw-4-Firstboot'),
    );
    assert.ok(model);
    const parts = kickstartParts(model, getRelease(model.answers.release), { profile: 'ciab' });
    for (const [file, content] of parts.files)
      host.writeFile(file, content, file === FIRSTBOOT_UNIT_FILE ? 0o644 : 0o600);
    for (const copy of KICKSTART_COPIES) host.writeFile(copy, parts.text, 0o600);
    assert.equal((await host.run(['systemctl', 'enable', UNIT])).exitCode, 0);
    const r = await host.run(['bash', FIRSTBOOT_SCRIPT, '--firstboot'], { timeoutMs: 600_000 });
    assert.equal(r.exitCode, 0, r.stderr);
    for (const file of [...KICKSTART_COPIES, FIRSTBOOT_SCRIPT]) assert.equal(host.exists(file), false, file);
    assert.equal(host.readFile('/root/.euca/admin-password'), `${ADMIN_PASSWORD}\n`, 'the password stays');
    assert.equal(readState(host.root).units?.[UNIT]?.enabled, false);
  });

  it('one run at a time: install refuses while the script runs, and both refuse while another holds the lock', async () => {
    const host = await newHost();
    await writeScript(host);
    const LOCK = '/var/lib/cloud-in-a-box/lock';
    const refused =
      /another cloud-in-a-box run is in progress on this host: it holds \/var\/lib\/cloud-in-a-box\/lock/;

    // Something else holds the lock: neither runs a task, and the host's files stay as they are.
    assert.equal((await host.run(['install', '-d', '-m', '0700', '/var/lib/cloud-in-a-box'])).exitCode, 0);
    const holder = host.spawn(['flock', LOCK, 'sleep', '300']);
    while ((await host.run(['flock', '--nonblock', LOCK, 'true'])).exitCode === 0)
      await new Promise((r) => setTimeout(r, 20));
    // the emulation's own record of the calls (the preflight's, before the lock) is left out
    const files = (): Map<string, string> =>
      new Map([...host.snapshot(WATCHED)].filter(([file]) => !file.startsWith('/var/lib/simhost/')));
    const before = files();
    const script = await runScript(host);
    assert.equal(script.exitCode, 1, script.stdout.slice(-2000));
    assert.match(script.stderr, refused);
    const engine = await install(host);
    assert.equal(engine.exitCode, 1, engine.stderr.slice(-2000));
    assert.match(engine.stderr, refused);
    assert.deepEqual(files(), before, 'nothing changed');
    assert.equal(journal(host).size, 0);
    assert.ok(holder.pid !== undefined);
    process.kill(-holder.pid, 'SIGKILL');

    // The script runs (as a first boot would): `cloud-in-a-box install` started meanwhile is refused.
    const child = host.spawn(['bash', SCRIPT]);
    const exited = new Promise<number | null>((resolve) => {
      child.on('exit', (code) => {
        resolve(code);
      });
    });
    const deadline = Date.now() + 300_000;
    while (journal(host).size < 3) {
      if (Date.now() > deadline) assert.fail('the script did not start its tasks');
      await new Promise((r) => setTimeout(r, 10));
    }
    const during = await install(host);
    assert.equal(during.exitCode, 1, during.stderr.slice(-2000));
    assert.match(during.stderr, refused);
    assert.equal(await exited, 0, 'the script finishes undisturbed');
    await assertInstalled(host, { keptHwaddr: false });
  });
});
