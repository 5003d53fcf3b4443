/**
 * Every user-facing sentence of the CLI, in one place: constants for fixed text, functions for text
 * with values. Validation wording lives with its rules in src/core/answers/rules.ts.
 */
import type { Problem } from './answers/problems.js';
import type { Plan } from './plan/types.js';
import type { InstallState } from './status/install-state.js';
import { dotted } from './answers/problems.js';
import type { LabelProblem } from './iso/label.js';
import { MAX_LABEL_LENGTH } from './iso/label.js';
import { shellWord } from './quote.js';

const mib = (bytes: number): number => Math.ceil(bytes / 1024 / 1024);

export const errorLine = (message: string): string => `error: ${message}\n`;
export const hintLine = (hint: string): string => `hint: ${hint}\n`;

/** A failed file system call in words ("it is a directory"), not Node's "EISDIR: illegal operation ...". */
export function systemReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const reasons: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EISDIR: 'it is a directory, not a file',
    ENOTDIR: 'a part of the path is not a directory',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    EROFS: 'the file system is read-only',
    ENOSPC: 'no space left on the device',
    ENAMETOOLONG: 'the name is too long',
    ELOOP: 'too many symbolic links',
  };
  if (code !== undefined && reasons[code] !== undefined) return reasons[code];
  const message = error instanceof Error ? error.message : String(error);
  // "ECODE: what happened, syscall '/path'" -> "what happened"
  return message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
}

/** What to do about a path a command could not write to, by why it failed; undefined: no advice. */
export function writeHint(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR')
    return 'a directory in the path does not exist: create it first';
  if (code === 'EISDIR') return 'that is a directory: name a file in it';
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS')
    return 'choose a place you may write to, or fix its permissions';
  return undefined;
}

/** The failed call is about the path the user gave (exit 2), not a failure of the machine (exit 1). */
export const isPathError = (error: unknown): boolean => writeHint(error) !== undefined;

export const messages = {
  debugHint: 'run again with --debug for the stack trace',
  unexpected: (message: string) => `unexpected failure: ${message}`,
  cancelled: 'cancelled; nothing was written',

  answersFileUnreadable: (file: string, reason: string) => `cannot read the answers file ${file}: ${reason}`,
  answersFileUnreadableHint: 'check the name, or write one with: cloud-in-a-box answers init -o FILE',
  answersFileIsDirHint: 'name the answers file, not the directory it is in',
  answersInvalid: (file: string, errors: number) =>
    `${file} has ${errors} problem${errors === 1 ? '' : 's'}; nothing was changed`,
  answersInvalidHint: (file: string) =>
    `fix the lines above, then run: cloud-in-a-box answers validate ${shellWord(file)}`,
  answersValid: (file: string, warnings: number) =>
    `${file} is valid` + (warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''),
  answersWritten: (file: string) => `wrote ${file} (mode 0600: it may hold secrets)`,
  answersNextStep: (file: string) => `next: edit it, then run: cloud-in-a-box answers validate ${file}`,
  flagsInvalidHint: 'fix the values given on the command line (their forms are in --help)',
  answersExists: (file: string) => `${file} already exists; not overwriting it`,
  answersExistsHint: 'choose another file with -o FILE, or add --force to replace it',
  savedAnswersExistsHint: 'choose another file with --save-answers FILE, or remove the old one',
  fileUnwritable: (file: string, reason: string) => `cannot write ${file}: ${reason}`,

  /** Before the first question: one line, so nobody answers 14 questions expecting an install. */
  notATargetBeforeQuestions: (reasons: readonly string[]) =>
    `this host is not a supported target (${reasons.join('; ')}), so nothing on it will change: ` +
    'after the questions you see what the install would do\n',
  notATargetAskHost: (reasons: readonly string[]) =>
    `this host is not a supported target (${reasons.join('; ')}), so nothing on it will change: ` +
    'name a CentOS 7 host to install over SSH, or press Enter to see what the install would do here\n',
  targetQuestion: 'Host to install, over SSH (user@host[:port]; Enter: a dry run here)',
  notATargetNoTerminal: (reasons: readonly string[]) =>
    `this host is not a supported target (${reasons.join('; ')}), and there is no terminal to ask for one`,
  notATargetNoTerminalHint:
    'name the host to install with --target root@HOST (over SSH), or look at what would happen here with --dry-run',
  notATarget: (reasons: readonly string[]) =>
    `this host is not a supported target, so nothing will be changed; showing what the install would do:\n` +
    reasons.map((r) => `  - ${r}\n`).join('') +
    '\n',
  confirmationNeeded: 'no terminal to confirm on: refusing to change the host without --yes',
  confirmationNeededHint: 'run again with --yes, or look first with --dry-run',
  proceedQuestion: 'Change this host now?',
  planSummary: (plan: Plan) =>
    `The install will run ${plan.tasks.length} tasks in ${new Set(plan.tasks.map((t) => t.phase)).size} phases ` +
    `(see them with: cloud-in-a-box plan --answers FILE).\nIt bridges the network interface, installs packages ` +
    `and starts the Eucalyptus services. Finished tasks are skipped when you run it again.\n`,
  interrupted: (log: string | undefined) =>
    `interrupted; the running command was stopped. Run the install again to resume` +
    (log ? ` (log: ${log})` : ''),
  installFailed: (title: string, exitCode: number) =>
    `the install stopped at "${title}" (exit ${exitCode}); its last output:`,
  /** TARGET: the --target the run worked on; undefined for this machine */
  installFailedHint: (log: string | undefined, hint: string | undefined, target: string | undefined) =>
    [hint, log ? `full log: ${log}` : undefined, 'run the install again to resume at this task']
      .filter((part) => part !== undefined)
      .join('; ') +
    '\nto ask for help, send the support bundle (every secret is redacted): cloud-in-a-box support-bundle' +
    (target === undefined ? '' : ` --target ${shellWord(target)}`),
  logAt: (log: string | undefined) => (log ? `log: ${log}\n` : ''),
  probeLine: (outcome: 'would-run' | 'in-place' | 'done-before' | 'cannot-tell', title: string) =>
    (
      ({
        'would-run': 'would run:     ',
        'in-place': 'in place:      ',
        'done-before': 'done before:   ',
        'cannot-tell': 'could not tell:',
      }) as const
    )[outcome] +
    ' ' +
    title,
  dryRunTotals: (run: number, skip: number, unknown: number) =>
    `\ndry run: ${run} task${run === 1 ? '' : 's'} would run, ${skip} would be skipped` +
    (unknown === 0
      ? ''
      : `, ${unknown} could not be told (the install would run ${unknown === 1 ? 'it' : 'them'})`) +
    '; nothing was changed\n',
  dryRunFatal: (ids: readonly string[]) =>
    `the preflight found what cannot work (${ids.join(', ')}): the install would stop before changing anything`,
  dryRunFatalHint: 'fix what the report above calls fatal, then run the dry run again',

  roleFileMalformed: (file: string, text: string) =>
    `${file} should say what this host is, one word (ciab, frontend or nc); it says ${JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text)}`,
  roleFileUnreadable: (file: string, reason: string) =>
    `cannot read ${file}, which says what this host is: ${reason}`,
  roleFileUnreadableHint: 'run it as root: the install keeps that file where only root reads it',
  roleFileMalformedHint: (file: string) =>
    `the install wrote that file: put back the role the host was installed as (e.g. echo nc > ${file}), or run the install's uninstall`,
  roleChange: (recorded: string, requested: string, file: string) =>
    `this host was installed as ${recorded} (${file} says so); refusing to make it ${requested}: nothing was changed`,
  roleChangeHint: (recorded: string) =>
    `run it again without --role (or with --role ${recorded}); to change what the host is, uninstall first`,

  uninstallNothing: (file: string) =>
    `no cloud-in-a-box install to undo on this host: ${file} does not exist (every install keeps its answers there)`,
  uninstallNothingHint: 'if the install used answers kept elsewhere, give them with --answers FILE',
  notATargetForUninstall: (reasons: readonly string[]) =>
    `this host is not one the install could have changed: ${reasons.join('; ')}`,
  uninstallQuestion: (hostname: string) =>
    `This removes the cloud, its instances and volumes, and restores the host's files. Type the host name (${hostname}) to go on:`,
  uninstallNotConfirmed: 'the host name did not match; nothing was changed',
  uninstallConfirmHint: 'run again with --yes to uninstall without a terminal',
  uninstallFailed: (title: string) => `uninstall stopped at "${title}"; its last output:`,
  uninstalled: (log: string | undefined) =>
    `uninstalled: services stopped, packages removed, files and network restored` +
    (log ? `; log: ${log}` : '') +
    '\n',

  scriptWritten: (file: string, tasks: number) =>
    `wrote ${file} (${tasks} tasks, mode 0600); run it on the host as root: bash ${file}\n`,
  kickstartWritten: (file: string, profile: string, disk: string) =>
    `wrote ${file} (profile ${profile}, mode 0600: it holds the answers and a root password hash); ` +
    `an install with it ERASES the disk ${disk}\n`,
  kickstartOnStdout:
    'warning: the kickstart holds the answers (with the admin password, except for nc and minimal) and a root ' +
    'password hash: printed to stdout, they go wherever it goes; write it with -o FILE (mode 0600) instead\n',
  kickstartOfflineNeedsLabel: '--offline-repo describes install media: give its volume label with --label',
  kickstartRootPasswordMissing: 'kickstart.rootPassword is empty: a kickstart install needs a root password',
  kickstartRootPasswordMissingHint:
    'set kickstart.rootPassword in the answers file: plain text (it is hashed) or a SHA-512 crypt hash ($6$...)',
  kickstartRootPasswordBadHash:
    'kickstart.rootPassword starts like a SHA-512 crypt hash ($6$) but is not a whole one',
  kickstartRootPasswordBadHashHint:
    'give the hash as `openssl passwd -6` prints it (86 characters after the salt), or the plain password',

  isoLabelInvalid: (label: string, problem: LabelProblem) =>
    `the volume label ${JSON.stringify(label)} cannot be used: ` +
    {
      empty: 'it is empty',
      'too-long': `it has ${label.length} characters; ISO 9660 allows ${MAX_LABEL_LENGTH}`,
      characters:
        'only letters, digits, spaces, ".", "_" and "-" work in every tool that looks the media up by label',
      'edge-spaces': 'it starts or ends with a space',
    }[problem],
  isoLabelHint: `give --volid a label of at most ${MAX_LABEL_LENGTH} letters, digits, spaces, ".", "_" or "-", e.g. "CIAB 7 x86_64"`,
  isoBaseLabelHint: 'the base ISO has that label; give the output another one with --volid LABEL',
  isoBaseUnreadable: (file: string, reason: string) => `cannot read the base ISO ${file}: ${reason}`,
  isoBaseRefused: (file: string, reason: string) => `${file} cannot be the base: ${reason}`,
  isoBaseHint:
    'give --base a CentOS 7 x86_64 install ISO (CentOS-7-x86_64-DVD-2009.iso or CentOS-7-x86_64-Minimal-2009.iso)',
  isoOutputIsBase: (file: string) => `the output ${file} is the base ISO; name another file with -o`,
  isoOutputExists: (file: string) => `${file} already exists; not overwriting it`,
  isoOutputExistsHint: 'choose another file with -o FILE, or add --force to replace it',
  isoOutputDirUnusable: (dir: string, reason: string) => `cannot write into ${dir}: ${reason}`,
  isoOutputDirHint: 'create that directory first, or name the output in another one with -o FILE',
  isoOutputDirPrivateHint:
    'write the image into a directory that only you (and root) can change, or one with the sticky bit',
  isoNoSpace: (file: string, needed: number, free: number) =>
    `not enough free space for ${file}: it needs ${mib(needed)} MiB, ${mib(free)} MiB are free`,
  isoRepoUnreadable: (dir: string, reason: string) =>
    `cannot read the repository directory ${dir}: ${reason}`,
  isoRepoEmpty: (dir: string) => `${dir} holds no .rpm files`,
  isoRepoHint: (eucalyptusVersion: string) =>
    `gather Eucalyptus ${eucalyptusVersion} and its dependencies into that directory first (README: "Install from ISO", offline repository)`,
  isoToolFailed: (what: string, subject: string) => `${what} on ${subject}; its last output:`,
  isoImageUnusable: (file: string, reason: string) =>
    `the image xorriso wrote for ${file} is unusable: ${reason}`,
  isoWriteFailed: (file: string, reason: string) => `cannot write ${file}: ${reason}`,
  isoWritten: (file: string, label: string, seconds: number) =>
    `wrote ${file} (label "${label}", mode 0600: it holds the answers and a root password hash) in ${seconds.toFixed(1)} s\n` +
    'the install entries ERASE the disk named in the menu; the menu boots the local drive unless you choose one\n',
  isoStepCheck: 'Check the base ISO, the answers and the kickstarts',
  isoStepWrite: (file: string) => `Write ${file}`,
  isoStepWriteProgress: (file: string, percent: number) => `Write ${file} (${percent.toFixed(0)}%)`,
  isoBase: (found: string, label: string, boot: string) =>
    `base: ${found}, label "${label}", boot records: ${boot}`,

  runLocked: (file: string) => `another cloud-in-a-box run is in progress on this host: it holds ${file}`,
  runLockFailed: (file: string, what: string) => `cannot take the lock on ${file}: ${what}`,
  runLockedHint:
    'wait for it to finish, then run this again (a first boot shows its progress in /etc/issue and in journalctl -u cloud-in-a-box-firstboot)',
  taskFailed: (title: string) => `failed: ${title}`,
  skippedDone: (title: string) => `${title} (done in an earlier run)`,
  skippedInPlace: (title: string) => `${title} (already in place)`,

  problem: (file: string, problem: Problem): string => {
    const where = problem.position ? `${file}:${problem.position.line}:${problem.position.column}` : file;
    // A problem of the whole file (YAML syntax, empty) has the file as its subject.
    const key = problem.path.length > 0 ? `${dotted(problem.path)}: ` : 'the file ';
    const value = problem.value === undefined ? '' : `${JSON.stringify(problem.value)} `;
    return `${where}: ${problem.severity}: ${key}${value}${problem.message}`;
  },
  renderWritten: (dir: string, count: number) => `wrote ${count} files and MANIFEST to ${dir}`,
  renderOutNotEmpty: (dir: string) => `${dir} is not empty; not writing into it`,
  renderOutNotEmptyHint: 'name a new directory with --out DIR, or add --force to replace an earlier render',
  renderOutNewHint: 'name a new directory with --out DIR',
  renderOutNotReplaceable: (dir: string, reason: string) =>
    `${dir} is not empty and not an earlier render that --force may replace: ${reason}`,
  renderOutNotRenderHint:
    '--force replaces only what an earlier render wrote (its MANIFEST lists every file), owned by you and writable by nobody else; name a new directory with --out DIR',
  renderOutUnusable: (dir: string, reason: string) => `cannot use ${dir} as the output directory: ${reason}`,
  renderOutNotADirectory: 'it is not a directory',
  renderOutPrivateHint: 'write to a directory that only you (and root) can change, e.g. --out ~/ciab-files',
  renderNotPrivate: (file: string) => `${file} is not yours alone (another owner, or others can write to it)`,
  renderNoManifest: 'it has no MANIFEST of an earlier render',
  renderManifestOddPath: (file: string) => `its MANIFEST lists ${file}, which is not a path a render writes`,
  renderUnlisted: (entry: string) => `it holds ${entry.slice(1)}, which its MANIFEST does not list`,
  pathOwnedByOther: (dir: string, uid: number) =>
    `${dir} belongs to another user (uid ${uid}), who could swap what is in it`,
  pathWritableByOthers: (dir: string) =>
    `other users can write to ${dir} (and it has no sticky bit), so they could swap what is in it`,
  renderWriteFailed: (dir: string, reason: string) =>
    `could not write the rendered files to ${dir}: ${reason}`,

  // Preflight (src/core/preflight): the check wording lives with the checks; these frame the report.
  preflightNote: (note: string) => `note: could not tell: ${note}\n`,
  preflightFailed: 'the host is not ready: fix what is fatal, or accept the warnings you are willing to risk',
  preflightFailedHint: 'accept a warning with --accept ID; the report above says what each check found',
  preflightProposed: 'checking against the answers this host proposes (give --answers FILE for yours)\n',
  preflightNeedsAnswers: (missing: number) =>
    `this host cannot propose every answer (${missing} missing); check needs them`,
  preflightNeedsAnswersHint:
    'write answers with: cloud-in-a-box answers init -o ciab.yaml, then check --answers ciab.yaml',
  installPreflightStop: 'the preflight checks stop the install before anything changed',

  // The wizard (src/cli/wizard): the wording of each question, keyed by answers path; the rest of a
  // question (description, hint, validation) comes from the answers schema.
  wizardLabels: {
    release: 'Release',
    'host.hostname': 'Host name (fully qualified)',
    'network.interface': 'Network interface',
    'network.address': 'Host address/prefix',
    'network.gateway': 'Gateway',
    'network.dns': 'DNS servers',
    'cloud.publicIps': 'Public IP range',
    'cloud.privateIps': 'Private IP range',
    'cloud.zone': 'Availability zone',
    'cloud.dnsDomain': 'Cloud DNS domain',
    'cloud.extraServices': 'Install the load balancer and imaging service?',
    'storage.instancePath': 'Instance path',
    'storage.blockStorage': 'Block storage backend',
    'storage.dasDevice': 'Block storage device',
    'host.selinux': 'SELinux mode',
    'admin.password': 'Admin password (empty: generate one)',
    'host.ntpServers': 'NTP servers',
  } as Record<string, string>,
  wizardIntro:
    'cloud-in-a-box asks a few questions; press Enter to accept the proposed answer in parentheses.\n' +
    'Nothing changes on the host until you choose "install" at the end.\n',
  wizardIntroNoInstall:
    'cloud-in-a-box asks a few questions; press Enter to accept the proposed answer in parentheses.\n' +
    'This only writes an answers file; nothing on the host changes.\n',
  wizardAskAgain: (label: string, reason: string) => `${label}: ${reason}\n`,
  wizardNote: (label: string, note: string) => `note: ${label}: ${note}\n`,
  wizardPasswordAgain: 'Admin password, again',
  wizardPasswordMismatch: 'the two passwords differ; type it again\n',
  wizardSummaryTitle: '\nYour answers:\n',
  wizardMasked: '********',
  wizardGenerated: '(generated during the install)',
  wizardNone: '(none)',
  wizardYes: 'yes',
  wizardNo: 'no',
  wizardNext: 'What next?',
  wizardChoiceInstall: 'install',
  wizardChoiceChange: 'change an answer',
  wizardChoiceQuit: 'save answers and quit',
  wizardWhich: 'Which answer?',
  wizardAnswersLabel: 'answers',
  wizardNoTerminal: (missing: number) =>
    `no terminal to ask on, and the answers are incomplete (${missing} problem${missing === 1 ? '' : 's'}):`,
  wizardFromHost: (keys: readonly string[]) =>
    `no terminal to ask on: taking ${keys.join(', ')} from this host\n`,
  wizardNoTerminalHint:
    'give a complete answers file with --answers FILE (write one with: cloud-in-a-box answers init), or run in a terminal',
  wizardReplay: (file: string) => `replay it with: cloud-in-a-box install --answers ${file} --yes`,
  wizardFileHeader:
    '# cloud-in-a-box answers, written by the wizard. Secrets included: keep this file mode 0600.\n' +
    '# Check it: cloud-in-a-box answers validate FILE; replay it: cloud-in-a-box install --answers FILE --yes\n',
  savedAnswersDefault:
    'default: answers.yaml in ~/.config/cloud-in-a-box ($XDG_CONFIG_HOME), or the next free answers-N.yaml',

  // status (src/core/status): the state of an install and of what it runs
  statusTitle: (target: string) => `cloud-in-a-box status of ${target}\n`,
  statusRow: (label: string, value: string) => `${label.padEnd(11)}${value}\n`,
  statusMore: (value: string) => `${' '.repeat(11)}${value}\n`,
  statusLabels: {
    role: 'Role',
    release: 'Release',
    install: 'Install',
    units: 'Units',
    ports: 'Ports',
    services: 'Services',
    nodes: 'Nodes',
    endpoints: 'Endpoints',
  },
  statusUnknown: '(unknown: no answers kept on the host)',
  statusInstall: (state: InstallState, done: number, total: number | undefined) => {
    const words: Record<InstallState, string> = {
      'not-installed': 'not installed: no task has run on this host',
      running: 'an install or uninstall is running now',
      interrupted: 'stopped before the end (run the install again to resume)',
      failed: 'failed (run the install again to resume at the failed task)',
      complete: 'complete',
    };
    return words[state] + (state === 'not-installed' ? '' : `; ${done}/${total ?? '?'} tasks done`);
  },
  statusAt: (title: string) => `stopped at: ${title}`,
  statusFailedTask: (title: string, finished: string) =>
    `failed task: ${title}` + (finished === '' ? '' : ` (at ${finished})`),
  /** a line of the failed task's output */
  statusOutput: (line: string) => `| ${line}`,
  statusLog: (log: string) => `log: ${log}`,
  statusUnit: (unit: string, state: string | undefined) => `${unit}: ${state ?? 'could not tell'}`,
  statusPort: (port: number, listening: boolean | undefined) =>
    `${port}: ${listening === undefined ? 'could not tell' : listening ? 'listening' : 'not listening'}`,
  statusService: (type: string, zone: string, name: string, state: string) =>
    `${state} ${type} ${name} (${zone})`,
  statusNode: (address: string, zone: string, state: string, instances: number) =>
    `${state} ${address} (${zone}, ${instances} instance${instances === 1 ? '' : 's'})`,
  statusCloudUnanswered: (lines: readonly string[]) =>
    `could not ask the cloud${lines.length === 0 ? '' : `: ${lines.at(-1) ?? ''}`}`,
  statusNone: '(none)',
  cloudCredentialsMissing:
    "the cloud's system credentials are not available (clcadmin-assume-system-credentials failed: is eucalyptus-cloud up?)",
  statusEndpointServices: (url: string) => `services ${url}`,
  statusEndpointConsole: (url: string) => `console  ${url}`,
  statusUp: 'everything is installed and up\n',
  statusNotUp: 'not everything is installed and up: see above\n',
  statusFailedHint:
    'to send the details to someone who can help: cloud-in-a-box support-bundle (every secret is redacted)',

  // support-bundle (src/core/support): the archive a maintainer needs to diagnose an install
  bundleReadme: (files: readonly string[], secretFiles: readonly string[]) =>
    'cloud-in-a-box support bundle: what a maintainer needs to diagnose an install.\n' +
    'Every secret is redacted (shown as [redacted]): the secret answers, the admin password, access and\n' +
    'secret keys, private keys, password hashes, credentials in URLs.\n\n' +
    'answers.json      the answers the host kept\n' +
    'rendered/         the configuration the install renders from them\n' +
    'facts.json        what the installer reads of the host\n' +
    'status.json       cloud-in-a-box status --json\n' +
    'problems.txt      why the kept answers could not be read (when they could not)\n' +
    'logs/             our logs (/var/log/cloud-in-a-box)\n' +
    'journal/          the install journal (/var/lib/cloud-in-a-box/journal)\n' +
    'eucalyptus-logs/  the last lines of /var/log/eucalyptus/*.log\n' +
    'commands/         euserv-describe-services, euserv-describe-node-controllers, systemctl --failed, ip addr, ip route\n' +
    (secretFiles.length === 0 ? '' : `\nLeft out, as they hold secrets: ${secretFiles.join(', ')}\n`) +
    `\nFiles:\n${files.map((f) => `  ${f}\n`).join('')}`,
  bundleWritten: (file: string, files: number) =>
    `wrote ${file} (${files} files, mode 0600; every secret redacted): attach it to your report\n`,
  bundleExists: (file: string) => `${file} already exists; not overwriting it`,
  bundleExistsHint: 'name another file with -o FILE',

  jsonError: (exitCode: number, message: string, hint: string | undefined, details: readonly string[]) =>
    JSON.stringify({ version: 1, error: { exitCode, message, hint: hint ?? null, details } }, null, 2) + '\n',

  // --target: the SSH connection to the host to install (src/host/ssh)
  targetInvalid: (text: string, problem: string) => `--target ${text}: ${problem}`,
  targetInvalidHint: 'give it as [user@]host[:port] or ssh://user@host:port, e.g. --target root@192.0.2.10',
  hostKeyUnknown: (target: string, fingerprint: string | undefined) =>
    `refusing to connect to ${target}: its host key is not in your known_hosts` +
    (fingerprint === undefined ? '' : ` (it offered ${fingerprint})`),
  hostKeyUnknownHint:
    'check that fingerprint on the host (ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub), then run again ' +
    'with --accept-new-host-key to trust and record it',
  hostKeyChanged: (target: string, where: string | undefined) =>
    `refusing to connect to ${target}: its host key is not the one recorded` +
    (where === undefined ? '' : ` in ${where}`) +
    '; someone may be intercepting the connection, or the host was reinstalled',
  hostKeyChangedHint: (where: string | undefined) =>
    `if the host was reinstalled, remove the old key (ssh-keygen -R HOST${where === undefined ? '' : `, or delete ${where}`}) and run again with --accept-new-host-key`,
  sshAuthFailed: (target: string, detail: string) => `cannot log in to ${target}: ${detail}`,
  sshAuthFailedHint:
    'ssh must log in without a password prompt: load your key in ssh-agent, or name it in ~/.ssh/config (IdentityFile)',
  sshUnreachable: (target: string, detail: string) => `cannot reach ${target}: ${detail}`,
  phaseOn: (phase: string, host: string) => `${phase} (on ${host})`,
  sshReconnecting: (target: string, during: string) =>
    `lost the connection to ${target} during ${during}, which goes on on the host by itself; connecting again`,
  sshReconnected: (target: string) => `connected to ${target} again; going on`,
  runLockTakenMeanwhile: (target: string, file: string) =>
    `${target}: another run took the run lock (${file}) while the connection was lost; stopping here`,
  sshLost: (target: string, during: string) =>
    `lost the connection to ${target} during ${during}; run the same command again to resume`,
  sudoNeedsPassword: (target: string) =>
    `${target}: sudo asks this user for a password; the installer needs root without a prompt (nothing was changed)`,
  sudoNeedsPasswordHint:
    'connect as root, or give the user passwordless sudo (a NOPASSWD line in /etc/sudoers.d/)',
  sudoMissing: (target: string, detail: string) =>
    `${target}: this user is not root and cannot use sudo (${detail}); nothing was changed`,
};
