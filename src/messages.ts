/**
 * Every user-facing sentence of the CLI, in one place: constants for fixed text, functions for text
 * with values. Validation wording lives with its rules in src/core/answers/rules.ts.
 */
import type { Problem } from './core/answers/problems.js';
import type { Plan } from './core/plan/types.js';
import { dotted } from './core/answers/problems.js';
import type { LabelProblem } from './core/iso/label.js';
import { MAX_LABEL_LENGTH } from './core/iso/label.js';

const mib = (bytes: number): number => Math.ceil(bytes / 1024 / 1024);

export const errorLine = (message: string): string => `error: ${message}\n`;
export const hintLine = (hint: string): string => `hint: ${hint}\n`;

export const messages = {
  debugHint: 'run again with --debug for the stack trace',
  unexpected: (message: string) => `unexpected failure: ${message}`,
  cancelled: 'cancelled; nothing was written',

  answersFileUnreadable: (file: string, reason: string) => `cannot read the answers file ${file}: ${reason}`,
  answersInvalid: (file: string, errors: number) =>
    `${file} has ${errors} problem${errors === 1 ? '' : 's'}; nothing was changed`,
  answersInvalidHint: 'fix the lines above, then run: cloud-in-a-box answers validate FILE',
  answersValid: (file: string, warnings: number) =>
    `${file} is valid` + (warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''),
  answersWritten: (file: string) => `wrote ${file} (mode 0600: it may hold secrets)`,
  answersNextStep: (file: string) => `next: edit it, then run: cloud-in-a-box answers validate ${file}`,
  answersExists: (file: string) => `${file} already exists; not overwriting it`,
  answersExistsHint: 'choose another file with -o FILE, or remove the old one',

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
  installFailedHint: (log: string | undefined, hint: string | undefined) =>
    [hint, log ? `full log: ${log}` : undefined, 'run the install again to resume at this task']
      .filter((part) => part !== undefined)
      .join('; '),
  logAt: (log: string | undefined) => (log ? `log: ${log}\n` : ''),
  probeLine: (outcome: 'would-run' | 'in-place' | 'done-before', title: string) =>
    ({ 'would-run': 'would run:  ', 'in-place': 'in place:   ', 'done-before': 'done before:' })[outcome] +
    ' ' +
    title,
  dryRunTotals: (run: number, skip: number) =>
    `\ndry run: ${run} task${run === 1 ? '' : 's'} would run, ${skip} would be skipped; nothing was changed\n`,

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
  isoNoSpace: (file: string, needed: number, free: number) =>
    `not enough free space for ${file}: it needs ${mib(needed)} MiB, ${mib(free)} MiB are free`,
  isoRepoUnreadable: (dir: string, reason: string) =>
    `cannot read the repository directory ${dir}: ${reason}`,
  isoRepoEmpty: (dir: string) => `${dir} holds no .rpm files`,
  isoRepoHint:
    'gather Eucalyptus 4.4 and its dependencies into that directory first (README: "Install from ISO", offline repository)',
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
    const key = problem.path.length > 0 ? `${dotted(problem.path)}: ` : '';
    const value = problem.value === undefined ? '' : `${JSON.stringify(problem.value)} `;
    return `${where}: ${problem.severity}: ${key}${value}${problem.message}`;
  },
  renderWritten: (dir: string, count: number) => `wrote ${count} files and MANIFEST to ${dir}`,
  renderOutNotEmpty: (dir: string) => `${dir} is not empty; not writing into it`,
  renderOutNotEmptyHint: 'name a new directory with --out DIR, or add --force to replace an earlier render',
  renderOutNotRenderHint: '--force replaces only a directory an earlier render wrote (one with a MANIFEST)',
  renderOutUnusable: (dir: string, reason: string) => `cannot use ${dir} as the output directory: ${reason}`,
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
    'admin.password': 'Admin password (empty: generate one)',
    'host.ntpServers': 'NTP servers',
  } as Record<string, string>,
  wizardIntro:
    'cloud-in-a-box asks a few questions; press Enter to accept the proposed answer in parentheses.\n' +
    'Nothing changes on this host until you choose "install" at the end.\n',
  wizardIntroNoInstall:
    'cloud-in-a-box asks a few questions; press Enter to accept the proposed answer in parentheses.\n' +
    'This only writes an answers file; nothing on this host changes.\n',
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
  wizardNoTerminalHint:
    'give a complete answers file with --answers FILE (write one with: cloud-in-a-box answers init), or run in a terminal',
  wizardReplay: (file: string) => `replay it with: cloud-in-a-box install --answers ${file} --yes`,
  wizardFileHeader:
    '# cloud-in-a-box answers, written by the wizard. Secrets included: keep this file mode 0600.\n' +
    '# Check it: cloud-in-a-box answers validate FILE; replay it: cloud-in-a-box install --answers FILE --yes\n',
};
