/**
 * Issue 15's benchmark: the engine's per-task overhead over SSH to the simulated host (test/simhost, its
 * own sshd), against the same engine on this machine, and against Ansible running as many no-op tasks
 * (`shell: "true"`, pipelining, ControlPersist, no fact gathering) over the same sshd; then the SSH
 * sessions `check --target` opens to read the host's facts. Everything that connects runs on the
 * simulated host's workstation (its network namespace, throwaway key and known_hosts; this machine's
 * ~/.ssh is never read or written). Rounds interleave the targets so that a change in the machine's load
 * falls on all of them alike. Needs root and the built CLI (dist/, for `check --target`).
 * Usage: node --import tsx bench/ssh-overhead.ts [ROUNDS]
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SimHost } from '../test/simhost/host.js';
import { createSimHost } from '../test/simhost/host.js';
import type { RunResult } from '../test/simhost/child.js';
import type { SshAccess } from '../test/simhost/ssh.js';
import { ANSWERS, ensureBuilt, prepare } from '../test/install/helpers.js';
import { median, quantile } from './instant-plan.js';
import type { EngineTimes } from './ssh-engine.js';

const rounds = Number(process.argv[2] ?? 3);
const LONG_MS = 900_000;
/** The workstation's PATH (test/simhost/ssh.ts), after a directory of ours where `check` meets a logging ssh. */
const SYSTEM_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
/** Debian's interpreter for Ansible's modules on the target (the simulated host's root has no Python). */
const PYTHON_PACKAGES = ['python3.11-minimal', 'libpython3.11-minimal', 'libpython3.11-stdlib', 'libexpat1'];
const PYTHON = '/usr/bin/python3.11';

const loads: string[] = [];
const noteLoad = (when: string): void => {
  loads.push(`${when}: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
};
const ms = (n: number): string => `${n.toFixed(1)} ms`;
const succeeded = (what: string, r: RunResult): RunResult => {
  if (r.exitCode !== 0) throw new Error(`${what}: exit ${r.exitCode}\n${r.stdout}\n${r.stderr}`);
  return r;
};

/** What one RemoteReads batch asks (src/host/ssh/reads.ts, readLines): reads by kind, the commands by name. */
function describeBatch(script: string): string {
  const count = (pattern: RegExp): number => (script.match(pattern) ?? []).length;
  const commands = [...script.matchAll(/^if ! command -v (\S+) /gm)].map((m) => m[1] ?? '');
  const byName = [...new Set(commands)].map((c) => `${c} x${String(commands.filter((x) => x === c).length)}`);
  return (
    `${String(count(/^\} >"\$out\/\d+"/gm))} reads: files ${String(count(/^if \[ ! -e /gm))}, ` +
    `exists ${String(count(/^if \[ -e \S+ \]; then answer \d+ 1;/gm))}, dirs ${String(count(/; find /gm))}, ` +
    `statfs ${String(count(/stat -f -c/gm))}, commands ${String(commands.length)} (${byName.join(', ')})`
  );
}

function cpuModel(): string {
  const line = readFileSync('/proc/cpuinfo', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('model name'));
  return line?.split(':')[1]?.trim() ?? 'unknown CPU';
}

/**
 * Debian's Python 3.11 into the simulated host (its overlay: gone with it), from this machine's installed
 * packages (apt installs them with ansible): Ansible's modules need an interpreter on the target.
 */
function installPython(root: string): void {
  execFileSync(
    'bash',
    [
      '-c',
      'set -o pipefail; dpkg -L "${@:2}" | tar -C / --no-recursion --ignore-failed-read -cf - -T - 2>/dev/null | tar -C "$1" -xf -',
      'bash',
      root,
      ...PYTHON_PACKAGES,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
}

interface AnsibleRun {
  version: string;
  tasks: number;
  /** each task's start to end, as the json callback records them */
  taskMs: number[];
  /** the first task's start to the last one's end */
  spanMs: number;
  /** the whole ansible-playbook command */
  wallMs: number;
}

interface JsonCallback {
  plays: { tasks: { task: { duration: { start: string; end: string } } }[] }[];
}

/** ansible-playbook on the workstation against the host's sshd, as root, with its own directory in the workstation's home. */
class AnsibleBench {
  private readonly dir: string;
  private readonly env: Record<string, string>;

  constructor(private readonly ssh: SshAccess) {
    this.dir = path.join(ssh.workstation.home, 'ansible');
    mkdirSync(this.dir, { recursive: true });
    writeFileSync(
      path.join(this.dir, 'inventory'),
      `simhost ansible_host=${ssh.address} ansible_user=root ansible_python_interpreter=${PYTHON}\n`,
    );
    // Every setting the comparison rests on, explicitly (they are environment variables of ansible-core's
    // configuration: `ansible-config list`).
    this.env = {
      ANSIBLE_CONFIG: path.join(this.dir, 'none.cfg'),
      ANSIBLE_PIPELINING: 'True',
      ANSIBLE_SSH_ARGS: '-o ControlMaster=auto -o ControlPersist=60s',
      ANSIBLE_SSH_CONTROL_PATH_DIR: path.join(this.dir, 'cp'),
      ANSIBLE_HOST_KEY_CHECKING: 'True',
      ANSIBLE_GATHERING: 'explicit',
      ANSIBLE_STDOUT_CALLBACK: 'json',
      ANSIBLE_LOCAL_TEMP: path.join(this.dir, 'tmp'),
      ANSIBLE_NOCOLOR: '1',
    };
  }

  async run(tasks: number): Promise<AnsibleRun> {
    const playbook = path.join(this.dir, `noop-${String(tasks)}.yml`);
    writeFileSync(
      playbook,
      [
        '- hosts: all',
        '  gather_facts: false',
        '  tasks:',
        ...Array.from({ length: tasks }, (_, i) => `    - name: noop ${String(i)}\n      shell: "true"`),
        '',
      ].join('\n'),
    );
    const started = performance.now();
    const r = succeeded(
      'ansible-playbook',
      await this.ssh.workstation.run(['ansible-playbook', '-i', path.join(this.dir, 'inventory'), playbook], {
        env: this.env,
        cwd: this.dir,
        timeoutMs: LONG_MS,
      }),
    );
    const wallMs = performance.now() - started;
    const report = JSON.parse(r.stdout) as JsonCallback;
    const durations = (report.plays[0]?.tasks ?? []).map((t) => ({
      start: Date.parse(t.task.duration.start),
      end: Date.parse(t.task.duration.end),
    }));
    if (durations.length !== tasks)
      throw new Error(`ansible ran ${String(durations.length)} tasks of ${String(tasks)}`);
    const version = (
      await this.ssh.workstation.run(['ansible-playbook', '--version'], { env: this.env })
    ).stdout.split('\n')[0];
    return {
      version: version ?? '',
      tasks,
      taskMs: durations.map((d) => d.end - d.start),
      spanMs: (durations.at(-1)?.end ?? 0) - (durations[0]?.start ?? 0),
      wallMs,
    };
  }

  /** Ends the masters ControlPersist kept (they live on the workstation, outside the host's teardown). */
  async stop(): Promise<void> {
    const cp = path.join(this.dir, 'cp');
    if (!existsSync(cp)) return;
    for (const socket of readdirSync(cp))
      await this.ssh.workstation.run(['ssh', '-S', path.join(cp, socket), '-O', 'exit', this.ssh.address]);
  }
}

/**
 * `check --target` from the workstation, with an `ssh` first on its PATH that logs every call (kind,
 * start, end, exit status) and keeps the scripts sent to `bash -s` sessions (RemoteReads' batches: one
 * `{ ... } >"$out/ID"` block per read), then runs the real one.
 */
async function checkSessions(
  host: SimHost,
  ssh: SshAccess,
): Promise<{ summary: string; localWallMs: number }> {
  const ws = ssh.workstation;
  const bin = path.join(ws.home, 'logging-ssh');
  const log = path.join(bin, 'calls');
  mkdirSync(bin, { recursive: true });
  writeFileSync(
    path.join(bin, 'ssh'),
    `#!/bin/bash
# ssh, logging each call for bench/ssh-overhead.ts: KIND START_NS END_NS STATUS
log=${log}
start=$(date +%s%N)
last=\${!#}
case "$*" in
*ControlMaster=yes*) kind=master ;;
*" -O exit "*) kind=exit ;;
*) case "$last" in *"bash -s"*) kind=script ;; *ciab-runner*) kind=runner ;; *) kind=other ;; esac ;;
esac
if [ "$kind" = script ]; then
  tee "$log.$start" | /usr/bin/ssh "$@"
  status=\${PIPESTATUS[1]}
else
  /usr/bin/ssh "$@"
  status=$?
fi
printf '%s %s %s %s\\n' "$kind" "$start" "$(date +%s%N)" "$status" >>"$log"
exit "$status"
`,
  );
  chmodSync(path.join(bin, 'ssh'), 0o755);
  const answers = path.join(ws.home, 'answers.yaml');
  writeFileSync(answers, host.readFile(ANSWERS), { mode: 0o600 });
  const args = ['--answers', answers, '--accept', 'interface', '--json'];
  const started = performance.now();
  const r = await ws.ciab(['check', '--target', ssh.target(), ...args], {
    env: { PATH: `${bin}:${SYSTEM_PATH}` },
    timeoutMs: LONG_MS,
  });
  const wallMs = performance.now() - started;
  if (r.exitCode !== 0 && r.exitCode !== 1)
    throw new Error(`check --target: exit ${r.exitCode}\n${r.stderr}`);
  const calls = readFileSync(log, 'utf8')
    .trim()
    .split('\n')
    .map((line) => {
      const [kind = '', start = '0', end = '0'] = line.split(' ');
      return { kind, start: Number(start), ms: (Number(end) - Number(start)) / 1e6 };
    })
    .sort((a, b) => a.start - b.start);
  const scripts = readdirSync(bin)
    .filter((f) => f.startsWith('calls.'))
    .sort()
    .map((f) => describeBatch(readFileSync(path.join(bin, f), 'utf8')));
  const batches = calls.filter((c) => c.kind === 'script');
  const kinds = [...new Set(calls.map((c) => c.kind))]
    .map((k) => `${k} ${String(calls.filter((c) => c.kind === k).length)}`)
    .join(', ');
  // Once to warm the page cache (the fakes are Node.js scripts), then timed.
  await host.ciab(['check', '--answers', ANSWERS, '--accept', 'interface', '--json'], { timeoutMs: LONG_MS });
  const localStarted = performance.now();
  const local = await host.ciab(['check', '--answers', ANSWERS, '--accept', 'interface', '--json'], {
    timeoutMs: LONG_MS,
  });
  const localWallMs = performance.now() - localStarted;
  // What keeps `check` from passing (src/core/preflight/evaluate.ts, passes): a fatal or warning nobody
  // overrode; and the probes that could not tell (the report's notes).
  const failing = (stdout: string): string => {
    const report = JSON.parse(stdout) as {
      notes: string[];
      checks: { id: string; verdict: string; overridden: boolean; diagnosis: string }[];
    };
    const blocking = report.checks
      .filter((c) => !c.overridden && (c.verdict === 'fatal' || c.verdict === 'warning'))
      .map((c) => `${c.id} ${c.verdict} (${c.diagnosis})`);
    return [...blocking, ...report.notes.map((n) => `note: ${n}`)].join('; ') || 'none';
  };
  const verdicts =
    `not passing over SSH: ${failing(r.stdout)}; on the host (exit ${String(local.exitCode)}): ` +
    failing(local.stdout);
  return {
    summary:
      `exit ${String(r.exitCode)}, ${ms(wallMs)} in all; ssh calls: ${kinds}; ` +
      `read batches (bash -s sessions): ${String(batches.length)}\n` +
      batches.map((b, i) => `    ${ms(b.ms)}: ${scripts[i] ?? ''}`).join('\n') +
      `\n  ${verdicts}`,
    localWallMs,
  };
}

async function main(): Promise<void> {
  ensureBuilt();
  const host = await createSimHost();
  try {
    prepare(host);
    const ssh = await host.startSsh();
    const ws = ssh.workstation;
    ws.knownHosts.write(ssh.knownHostsLines());
    installPython(host.root);

    // The engine: on this machine (through the workstation too, not chrooted: this machine's bash and
    // /tmp), over SSH as root, and as a sudo user (every session through `sudo -n`).
    const engine = new Map<string, EngineTimes[]>();
    const targets = ['local', ssh.target(), ssh.target('deployer')];
    const ansible = new AnsibleBench(ssh);
    const ansibleRuns: AnsibleRun[] = [];
    noteLoad('start');
    try {
      for (let round = 0; round < rounds; round++) {
        for (const target of targets) {
          const r = succeeded(
            `the engine on ${target}`,
            await ws.run([process.execPath, '--import', 'tsx', 'bench/ssh-engine.ts', target, '1'], {
              timeoutMs: LONG_MS,
            }),
          );
          const times = JSON.parse(r.stdout.trim().split('\n').at(-1) ?? '') as EngineTimes;
          engine.set(target, [...(engine.get(target) ?? []), times]);
        }
        ansibleRuns.push(await ansible.run(engine.get('local')?.[0]?.tasks ?? 0));
        noteLoad(`after round ${String(round + 1)}`);
      }
    } finally {
      await ansible.stop();
    }

    const facts = await checkSessions(host, ssh);
    noteLoad('end');

    const tasks = engine.get('local')?.[0]?.tasks ?? 0;
    console.log(`machine: nproc ${execFileSync('nproc', { encoding: 'utf8' }).trim()}, ${cpuModel()}`);
    console.log(`load (1, 5, 15 min): ${loads.join('; ')}`);
    console.log(
      `plan: ${String(tasks)} instant tasks, ${String(rounds)} rounds (each: apply all, then resume: all skip)`,
    );
    console.log('\nengine per task (median / p90), connect once per round:');
    const localApply = median(engine.get('local')?.flatMap((t) => t.applyMs) ?? []);
    const localSkip = median(engine.get('local')?.flatMap((t) => t.skipMs) ?? []);
    for (const target of targets) {
      const runs = engine.get(target) ?? [];
      const apply = runs.flatMap((t) => t.applyMs);
      const skip = runs.flatMap((t) => t.skipMs);
      console.log(
        `  ${target.padEnd(24)} apply ${ms(median(apply))} / ${ms(quantile(apply, 0.9))}, ` +
          `skip ${ms(median(skip))} / ${ms(quantile(skip, 0.9))}, ` +
          `stage ${ms(median(runs.flatMap((t) => t.stageMs)))}, connect ${ms(median(runs.map((t) => t.connectMs)))}` +
          (target === 'local'
            ? ''
            : `; over local: apply +${ms(median(apply) - localApply)}, skip +${ms(median(skip) - localSkip)}`),
      );
    }
    const ansibleTask = ansibleRuns.flatMap((r) => r.taskMs);
    const ansibleSpan = ansibleRuns.map((r) => r.spanMs / r.tasks);
    const ansibleWall = ansibleRuns.map((r) => r.wallMs);
    const sshApply = median(engine.get(ssh.target())?.flatMap((t) => t.applyMs) ?? []);
    const sshSkip = median(engine.get(ssh.target())?.flatMap((t) => t.skipMs) ?? []);
    console.log(
      `\nansible-playbook (${ansibleRuns[0]?.version ?? ''}), ${String(tasks)} tasks of shell: "true", pipelining, ControlPersist=60s, gather_facts off:`,
    );
    console.log(
      `  per task, the json callback's task start to end: median ${ms(median(ansibleTask))}, p90 ${ms(quantile(ansibleTask, 0.9))}`,
    );
    console.log(
      `  per task, first task's start to last task's end / tasks: median ${ms(median(ansibleSpan))}; whole ansible-playbook run ${ms(median(ansibleWall))}`,
    );
    console.log(
      `  ansible per task / engine over SSH (root) per task applying: ${(median(ansibleTask) / sshApply).toFixed(1)} (callback), ${(median(ansibleSpan) / sshApply).toFixed(1)} (span)`,
    );
    console.log(
      `  ansible per task / engine over SSH (root) per task skipping: ${(median(ansibleTask) / sshSkip).toFixed(1)} (callback), ${(median(ansibleSpan) / sshSkip).toFixed(1)} (span)`,
    );
    console.log(`\ncheck --target ${ssh.target()}: ${facts.summary}`);
    console.log(
      `check on the host itself (host.ciab, the fakes as the host's tools): ${ms(facts.localWallMs)}`,
    );
    console.log(
      '\ntargets: over SSH at most 25 ms per task more than local (median); Ansible at least 10 times the per-task overhead; facts in one round trip',
    );
  } finally {
    host.destroy();
  }
}

await main();
