/**
 * SSH to a simulated host (issue 15's tests): the host's own OpenSSH server (Debian's, in its root, with host
 * keys made at start) and a "workstation", a network namespace on the host's LAN whose commands run this
 * machine's real node, dist/ and /usr/bin/ssh with a throwaway key and a throwaway known_hosts. Nothing here
 * reads or writes this machine's own SSH configuration or ~/.ssh.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import path from 'node:path';
import type { RunOptions, RunResult } from './child.js';
import { collect, envArgs, sh, spawnGroup } from './child.js';

/** What ssh.ts needs of a simulated host (host.ts gives it). */
export interface SshHostContext {
  id: string;
  root: string;
  /** the host's directory on this machine, deleted by its teardown */
  base: string;
  netns: string;
  gatewayNetns: string;
  /** the workstation's namespace; host.ts registers it, so the host's teardown and sweep delete it */
  workstationNetns: string;
  address: string;
  prefix: number;
  gateway: string;
  /** root's PATH inside the host (host.run's), and another user's */
  rootPath: string;
  userPath: string;
  /** the checkout (its bin/ and dist/ run on the workstation) */
  checkout: string;
  run: (argv: readonly string[], options?: RunOptions) => Promise<RunResult>;
  /** nsenter's arguments that run argv as root inside the host, as host.run does */
  nsenterArgs: (argv: readonly string[]) => string[];
}

export interface HostKey {
  /** e.g. ssh-ed25519 */
  type: string;
  base64: string;
  /** as OpenSSH shows it: SHA256:... (base64 of the key blob's SHA-256, unpadded) */
  fingerprint: string;
}

export interface Workstation {
  netns: string;
  /** its address on the host's LAN */
  address: string;
  /** its user's home on this machine: the passwd home and $HOME of its commands, holding only .ssh/ */
  home: string;
  /** the throwaway key's public half, as in the host users' authorized_keys */
  publicKey: string;
  /** ~/.ssh/known_hosts of the workstation (empty at start) */
  knownHosts: { path: string; read: () => string; write: (text: string) => void };
  /** argv on the workstation: not chrooted, this machine's programs, no TTY, cwd the checkout by default */
  run: (argv: readonly string[], options?: RunOptions) => Promise<RunResult>;
  /** the same, returning the child (own process group: `process.kill(-child.pid, 'SIGKILL')`) */
  spawn: (argv: readonly string[], options?: RunOptions) => ChildProcess;
  /** the built CLI on the workstation: node CHECKOUT/bin/cloud-in-a-box.js ARGS */
  ciab: (args: readonly string[], options?: RunOptions) => Promise<RunResult>;
}

export interface SshAccess {
  /** the host's address, where its sshd listens (port 22) */
  address: string;
  /** `user@address`, for ssh and --target; root by default */
  target: (user?: string) => string;
  /** the host keys this host's sshd offers, made at start */
  hostKeys: HostKey[];
  /** known_hosts lines that trust exactly this host's keys */
  knownHostsLines: () => string;
  /** known_hosts lines for this address with another host's key: what a workstation has after a reinstall */
  changedKnownHostsLines: () => string;
  /** the listening sshd (its sessions are its children) */
  sshdPid: number;
  /** sshd's log inside the host (/var/log/secure, as on CentOS 7) */
  log: () => string;
  workstation: Workstation;
}

/** The workstation's last octet on the host's /24-or-larger LAN: below the ranges the tests' answers use (100-139, 200-219) and the wizard proposes (from .254 down). */
const WORKSTATION_HOST_PART = 50;
const WORKSTATION_PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const SSHD_LOG = '/var/log/secure';
const SSHD_PID_FILE = '/run/sshd.pid';
const HOST_KEY_TYPES = ['ed25519', 'ecdsa'] as const;
/** sshd's start is one exec and two binds (well under a second); the bound only guards against a hang on a busy machine. */
const SSHD_START_HANG_MS = 120_000;

/** Users of the simulated host besides root: `deployer` may sudo without a password, `nosudo` may not sudo. */
const SUDO_USER = 'deployer';
const NO_SUDO_USER = 'nosudo';

export async function startSsh(host: SshHostContext): Promise<SshAccess> {
  const at = (inside: string): string => path.join(host.root, inside);
  if (existsSync(at(SSHD_PID_FILE))) throw new Error(`simhost ${host.id}: sshd was already started`);
  const workstation = createWorkstation(host);
  await prepareHost(host, workstation.publicKey);
  const sshdPid = await runSshd(host, at);
  const hostKeys = HOST_KEY_TYPES.map((type) =>
    parsePublicKey(readFileSync(at(`/etc/ssh/ssh_host_${type}_key.pub`), 'utf8')),
  );
  const linesFor = (keys: readonly HostKey[]): string =>
    keys.map((k) => `${host.address} ${k.type} ${k.base64}\n`).join('');
  return {
    address: host.address,
    target: (user = 'root') => `${user}@${host.address}`,
    hostKeys,
    knownHostsLines: () => linesFor(hostKeys),
    changedKnownHostsLines: () => linesFor([otherHostKey(host.base)]),
    sshdPid,
    log: () => (existsSync(at(SSHD_LOG)) ? readFileSync(at(SSHD_LOG), 'utf8') : ''),
    workstation,
  };
}

/** Users, their authorized key, sudo rights and the sudo PATH; this host's own host keys; sshd's config. */
async function prepareHost(host: SshHostContext, publicKey: string): Promise<void> {
  const script = `
set -euo pipefail
key=$1 root_path=$2
for user in ${SUDO_USER} ${NO_SUDO_USER}; do
  # '*': no password to log in with, yet not locked ('!'), which sshd without PAM would refuse (auth.c).
  useradd --create-home --shell /bin/bash --password '*' "$user"
done
for home in /root /home/${SUDO_USER} /home/${NO_SUDO_USER}; do
  owner=$(stat -c %U "$home")
  install -d -m 700 -o "$owner" -g "$owner" "$home/.ssh"
  printf '%s\\n' "$key" >"$home/.ssh/authorized_keys"
  chown "$owner:" "$home/.ssh/authorized_keys"
  chmod 600 "$home/.ssh/authorized_keys"
done
printf '%s ALL=(ALL) NOPASSWD: ALL\\n' ${SUDO_USER} >/etc/sudoers.d/${SUDO_USER}
# sudo resets PATH to secure_path: on CentOS 7 it names the directories of yum and systemctl
# (/etc/sudoers: "Defaults secure_path = /sbin:/bin:/usr/sbin:/usr/bin"); here the fakes come first, as for root.
printf 'Defaults secure_path="%s"\\n' "$root_path" >/etc/sudoers.d/secure-path
chmod 440 /etc/sudoers.d/${SUDO_USER} /etc/sudoers.d/secure-path
visudo -c -q
for type in ${HOST_KEY_TYPES.join(' ')}; do
  ssh-keygen -q -t "$type" -N '' -C "root@simhost-${host.id}" -f "/etc/ssh/ssh_host_\${type}_key"
done
install -d -m 755 /run/sshd
`;
  // Pseudo-terminals for `ssh -t` sessions (the wizard over SSH): a devpts of the host's own.
  sh('mount', [
    '-t',
    'devpts',
    '-o',
    'newinstance,ptmxmode=0666,mode=620,gid=5',
    'devpts',
    path.join(host.root, 'dev/pts'),
  ]);
  symlinkSync('pts/ptmx', path.join(host.root, 'dev/ptmx'));
  writeFileSync(path.join(host.root, 'etc/ssh/sshd_config'), sshdConfig(host));
  const r = await host.run(['bash', '-c', script, 'bash', publicKey, host.rootPath]);
  if (r.exitCode !== 0)
    throw new Error(`simhost ${host.id}: preparing SSH failed (${r.exitCode}): ${r.stderr}`);
  const check = await host.run(['/usr/sbin/sshd', '-t']);
  if (check.exitCode !== 0) throw new Error(`simhost ${host.id}: sshd -t: ${check.stderr}`);
}

function sshdConfig(host: SshHostContext): string {
  return [
    "# The simulated host's sshd_config, written by test/simhost/ssh.ts (not Debian's stock one).",
    'Port 22',
    `ListenAddress ${host.address}`,
    ...HOST_KEY_TYPES.map((type) => `HostKey /etc/ssh/ssh_host_${type}_key`),
    `PidFile ${SSHD_PID_FILE}`,
    'PermitRootLogin prohibit-password',
    'PubkeyAuthentication yes',
    'AuthorizedKeysFile .ssh/authorized_keys',
    'PasswordAuthentication no',
    'KbdInteractiveAuthentication no',
    // The host's PAM stack (pam_loginuid, pam_systemd) expects a booted system; without PAM, sshd checks
    // the account itself (the users' "*" passwords above).
    'UsePAM no',
    'StrictModes yes',
    // CentOS 7's stock sshd_config accepts the locale from the client (its AcceptEnv lines: LANG, the LC_
    // variables, LANGUAGE, XMODIFIERS); the workstation's ssh sends LANG and LC_* (Debian's ssh_config).
    'AcceptEnv LANG LC_* LANGUAGE',
    // Debian's /etc/motd is not CentOS's (empty) one.
    'PrintMotd no',
    'Subsystem sftp /usr/lib/openssh/sftp-server',
    // A session's PATH: on CentOS 7 sshd's compiled-in default, which holds yum and systemctl's directory;
    // here the fakes are that directory, first as in host.run. SetEnv overrides sshd's default PATH
    // (sshd_config(5) SetEnv; session.c do_setup_env), and `ssh host CMD` runs a non-login bash that keeps it.
    'Match User root',
    `    SetEnv PATH=${host.rootPath}`,
    'Match User *,!root',
    `    SetEnv PATH=${host.userPath}`,
    '',
  ].join('\n');
}

/** Starts sshd in the host (its namespace and chroot, killed by the host's teardown); returns its pid once it listens. */
async function runSshd(host: SshHostContext, at: (inside: string) => string): Promise<number> {
  const sshd = spawn('nsenter', host.nsenterArgs(['/usr/sbin/sshd', '-D', '-E', SSHD_LOG]), {
    stdio: 'ignore',
    detached: true,
  });
  sshd.unref();
  let exited: string | undefined;
  sshd.on('exit', (code, signal) => (exited = `exited ${String(code ?? signal)}`));
  const log = (): string => (existsSync(at(SSHD_LOG)) ? readFileSync(at(SSHD_LOG), 'utf8') : '');
  // sshd writes its PidFile after it has bound its listening sockets (OpenSSH sshd.c, main: "Write out the
  // pid file after the sigterm handler is setup and the listen sockets are bound"): from then on it accepts.
  const deadline = Date.now() + SSHD_START_HANG_MS;
  for (;;) {
    const pid = Number(existsSync(at(SSHD_PID_FILE)) ? readFileSync(at(SSHD_PID_FILE), 'utf8').trim() : '');
    if (pid > 0) return pid;
    if (exited !== undefined) throw new Error(`simhost ${host.id}: sshd ${exited}: ${log()}`);
    if (Date.now() > deadline)
      throw new Error(
        `simhost ${host.id}: sshd not listening within ${SSHD_START_HANG_MS / 1000} s: ${log()}`,
      );
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The workstation: its namespace plugged into the host's LAN, which becomes a bridge in the gateway's
 * namespace with the host's link and the workstation's as ports; its throwaway home, key and known_hosts.
 */
function createWorkstation(host: SshHostContext): Workstation {
  const ws = host.workstationNetns;
  const address = workstationAddress(host);
  const inGateway = (...args: string[]): string => sh('ip', ['-n', host.gatewayNetns, ...args]);
  const inWorkstation = (...args: string[]): string => sh('ip', ['-n', ws, ...args]);
  const gatewayCidr = `${host.gateway}/${String(host.prefix)}`;
  sh('ip', ['netns', 'add', ws]);
  inGateway('link', 'add', 'lan', 'type', 'bridge');
  inGateway('addr', 'del', gatewayCidr, 'dev', `vg-${host.id}`);
  inGateway('link', 'set', `vg-${host.id}`, 'master', 'lan');
  inGateway('addr', 'add', gatewayCidr, 'dev', 'lan');
  inGateway('link', 'set', 'lan', 'up');
  sh('ip', ['link', 'add', `vw-${host.id}`, 'type', 'veth', 'peer', 'name', `vl-${host.id}`]);
  sh('ip', ['link', 'set', `vw-${host.id}`, 'netns', ws]);
  sh('ip', ['link', 'set', `vl-${host.id}`, 'netns', host.gatewayNetns]);
  inGateway('link', 'set', `vl-${host.id}`, 'master', 'lan');
  inGateway('link', 'set', `vl-${host.id}`, 'up');
  inWorkstation('link', 'set', `vw-${host.id}`, 'name', 'eth0');
  inWorkstation('link', 'set', 'lo', 'up');
  inWorkstation('addr', 'add', `${address}/${String(host.prefix)}`, 'dev', 'eth0');
  inWorkstation('link', 'set', 'eth0', 'up');
  inWorkstation('route', 'add', 'default', 'via', host.gateway, 'dev', 'eth0');

  // OpenSSH finds ~/.ssh through the passwd entry, not $HOME, and creates it when it is missing (ssh.c,
  // main: "create ~/.ssh directory if it doesn't already exist"). This machine's /root/.ssh may not exist,
  // and binding over it would need a mount point there; so the workstation's commands see, in a mount
  // namespace of their own, a copy of /etc/passwd whose entry for this user names the throwaway home.
  const dir = path.join(host.base, 'workstation');
  const home = path.join(dir, 'home');
  const sshDir = path.join(home, '.ssh');
  mkdirSync(sshDir, { recursive: true, mode: 0o700 });
  chmodSync(home, 0o700);
  const me = userInfo();
  const passwd = path.join(dir, 'passwd');
  writeFileSync(
    passwd,
    readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .map((line) => {
        const f = line.split(':');
        return f[2] === String(me.uid) ? [...f.slice(0, 5), home, ...f.slice(6)].join(':') : line;
      })
      .join('\n'),
  );
  const key = path.join(sshDir, 'id_ed25519');
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', `workstation-${host.id}`, '-f', key]);
  const publicKey = readFileSync(`${key}.pub`, 'utf8').trim();
  rmSync(`${key}.pub`);
  const knownHostsPath = path.join(sshDir, 'known_hosts');
  writeFileSync(knownHostsPath, '', { mode: 0o600 });
  writeFileSync(
    path.join(sshDir, 'config'),
    "# The workstation's throwaway key and known_hosts (test/simhost/ssh.ts)\nIdentityFile ~/.ssh/id_ed25519\nUserKnownHostsFile ~/.ssh/known_hosts\n",
    { mode: 0o600 },
  );

  const spawnThere = (argv: readonly string[], options: RunOptions = {}): ChildProcess =>
    spawnGroup(
      'nsenter',
      [
        `--net=/run/netns/${ws}`,
        'unshare',
        '--mount',
        '--propagation',
        'private',
        '/bin/sh',
        '-c',
        'mount --bind "$1" /etc/passwd && cd "$2" && shift 2 && exec "$@"',
        'sh',
        passwd,
        options.cwd ?? host.checkout,
        '/usr/bin/env',
        '-i',
        ...envArgs({ PATH: WORKSTATION_PATH, HOME: home, LANG: 'C.UTF-8', TERM: 'dumb', ...options.env }),
        ...argv,
      ],
      options.input,
    );
  const run = (argv: readonly string[], options: RunOptions = {}): Promise<RunResult> =>
    collect(spawnThere(argv, options), options.timeoutMs);
  return {
    netns: ws,
    address,
    home,
    publicKey,
    knownHosts: {
      path: knownHostsPath,
      read: () => readFileSync(knownHostsPath, 'utf8'),
      write: (text) => {
        writeFileSync(knownHostsPath, text, { mode: 0o600 });
      },
    },
    run,
    spawn: spawnThere,
    ciab: (args, options) =>
      run([process.execPath, path.join(host.checkout, 'bin/cloud-in-a-box.js'), ...args], options),
  };
}

function workstationAddress(host: SshHostContext): string {
  const octets = host.address.split('.');
  const address = [...octets.slice(0, 3), String(WORKSTATION_HOST_PART)].join('.');
  if (host.prefix > 24 || address === host.address || address === host.gateway)
    throw new Error(
      `simhost ${host.id}: no room for the workstation at ${address} on ${host.address}/${String(host.prefix)}`,
    );
  return address;
}

/** "type base64 [comment]" as in a .pub file. */
function parsePublicKey(line: string): HostKey {
  const [type = '', base64 = ''] = line.trim().split(/\s+/);
  const digest = createHash('sha256').update(Buffer.from(base64, 'base64')).digest('base64');
  return { type, base64, fingerprint: `SHA256:${digest.replace(/=+$/, '')}` };
}

/** A host key this host does not have (made on this machine, kept nowhere). */
function otherHostKey(base: string): HostKey {
  const file = path.join(base, 'other-host-key');
  rmSync(file, { force: true });
  rmSync(`${file}.pub`, { force: true });
  sh('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', file]);
  const key = parsePublicKey(readFileSync(`${file}.pub`, 'utf8'));
  rmSync(file);
  rmSync(`${file}.pub`);
  return key;
}
