/**
 * Kickstart files for CentOS 7 installs, one per profile, rendered from the answers with
 * kickstart/kickstart.cfg.ejs. Pure: the same answers, release, options and salt give the same text.
 *
 * What is installed when: anaconda installs the OS alone (@core). Anaconda checks no package signature
 * (kickstart `repo` repositories have no gpgcheck), so no Eucalyptus package is installed before the
 * first boot, which runs the same install plan as `cloud-in-a-box install`: yum installs the packages of
 * the profile's role with gpgcheck=1 and the release's keys as local files. With an offline repository
 * on the media, a %post outside the chroot copies it to the disk first, and the host's answers name the
 * copy (repositories.offline), so the first boot needs no network.
 */
import type { AnswersModel } from '../answers/model.js';
import type { Answers } from '../answers/schema.js';
import { ANSWERS_FILE, FIRSTBOOT_UNIT, ROLE_FILE } from '../locations.js';
import { buildPlan } from '../plan/build.js';
import type { Plan } from '../plan/types.js';
import type { Release, TaskId } from '../release/index.js';
import type { KickstartPolicy, ReleaseProfile } from '../release/types.js';
import { locations } from '../locations.js';
import { packageFile } from '../package-files.js';
import { loadTemplate } from '../render/templates.js';
import { buildView } from '../render/view.js';
import { compileScript } from '../bash/standalone.js';
import { rootPasswordHash } from './root-password.js';

export const KICKSTART_PROFILES = ['ciab', 'frontend', 'nc', 'minimal'] as const;
export type KickstartProfile = (typeof KICKSTART_PROFILES)[number];

/** The install media that carries the kickstart. */
export interface KickstartMedia {
  /** volume label of the ISO carrying the kickstart */
  label: string;
  /** true when the ISO carries the offline Eucalyptus repository under OFFLINE_REPO_DIR */
  offlineRepo: boolean;
}

/**
 * Where on the media the offline Eucalyptus repository lives: `repo/` at the root of the ISO, with its
 * createrepo_c metadata in `repo/repodata/`. Anaconda (dracut) mounts the boot media at /run/install/repo.
 */
export const OFFLINE_REPO_DIR = 'repo';

/** Where the boot media is mounted while anaconda runs (dracut's DRACUT_REPODIR in anaconda's payload code). */
export const INSTALL_MEDIA_MOUNT = '/run/install/repo';

/** Files the kickstart's %post writes on the installed host. */
export const FIRSTBOOT_SCRIPT = '/usr/libexec/cloud-in-a-box/install.sh';
export const FIRSTBOOT_UNIT_FILE = `/etc/systemd/system/${FIRSTBOOT_UNIT}`;
export const POST_LOG = '/root/cloud-in-a-box-ks-post.log';
/**
 * Anaconda's copies of the kickstart on the installed host, which the first boot removes: the input as
 * /root/original-ks.cfg (pyanaconda/modules/boss/installation.py, CopyLogsTask copies /run/install/ks.cfg
 * there) and its own rendering as /root/anaconda-ks.cfg, which pykickstart writes with every %post script
 * (pykickstart/base.py, BaseHandler.__str__). Both carry the files %post embeds, the admin password too.
 */
export const KICKSTART_COPIES = ['/root/original-ks.cfg', '/root/anaconda-ks.cfg'];

/**
 * Disk layout, MiB. / and swap are fixed; /var starts at the release's minimum (the preflight's fatal floor:
 * anaconda refuses a smaller disk before it touches it) and takes the rest.
 */
const ROOT_MIB = 16384;
const SWAP_MIB = 4096;
const BOOT_MIB = 1024 + 600;
const MINIMAL_VAR_MIB = 4096;

const titles: Record<KickstartProfile, string> = {
  ciab: 'CentOS 7 with a whole Eucalyptus cloud on this one host',
  frontend: 'CentOS 7 with the Eucalyptus frontend (every service but the node controller)',
  nc: 'CentOS 7 with a Eucalyptus node controller, to be added to a frontend',
  minimal: 'CentOS 7 only, without Eucalyptus',
};

export interface KickstartOptions {
  profile: KickstartProfile;
  media?: KickstartMedia;
  /** crypt salt for the root password hash; random when absent (fixed only for reproducible tests) */
  salt?: string;
}

export function renderKickstart(model: AnswersModel, release: Release, options: KickstartOptions): string {
  return kickstartParts(model, release, options).text;
}

/** What a kickstart embeds, for callers (and tests) that check the pieces. */
export interface KickstartParts {
  text: string;
  /** the answers as %post writes them: the root password replaced by its hash */
  answers: Answers;
  /** the first-boot plan; undefined for `minimal` */
  plan?: Plan;
  /** path -> content of every file %post writes */
  files: Map<string, string>;
}

export function kickstartParts(
  model: AnswersModel,
  release: Release,
  options: KickstartOptions,
): KickstartParts {
  const { answers } = model;
  const { profile, media } = options;
  const rootHash = rootPasswordHash(answers.kickstart.rootPassword, options.salt);
  // The host keeps the hash, not the plain text: the answers file, the first-boot script (which embeds
  // the answers) and `install` resuming on the host all read the same answers.
  const offline = media?.offlineRepo === true && profile !== 'minimal';
  const hostAnswers: Answers = {
    ...answers,
    kickstart: { ...answers.kickstart, rootPassword: rootHash },
    ...(offline
      ? { repositories: { ...answers.repositories, offline: `file://${locations.offlineRepoDir}/` } }
      : {}),
  };
  const role = profile === 'minimal' ? undefined : profile;
  // The NIC's HWADDR is unknown before the host exists; the ifcfg file is written without it.
  const plan = role === undefined ? undefined : buildPlan(hostAnswers, release, {}, role);
  const files = new Map<string, string>();
  let post: string | undefined;
  if (plan !== undefined && role !== undefined) {
    // The answers and the role, as the plan's host.answers task writes them: the first boot finds them in place.
    const kept = plan.tasks.find((task) => task.id === ('host.answers' satisfies TaskId))?.files ?? [];
    for (const path of [ANSWERS_FILE, ROLE_FILE]) {
      const content = kept.find((f) => f.path === path)?.content;
      if (content === undefined) throw new Error(`the plan has no task writing ${path}`);
      files.set(path, content);
    }
    files.set(
      FIRSTBOOT_SCRIPT,
      compileScript(plan, {
        generatedBy: `for the kickstart profile ${profile}, first boot`,
        role,
        firstbootRemoves: KICKSTART_COPIES,
      }),
    );
    files.set(FIRSTBOOT_UNIT_FILE, firstbootUnit(profile));
    post = postScript(files, role === 'nc' ? nodeNote(model) : undefined);
  }

  const installSource = packageSource(answers, release, media);
  const varMiB = role === undefined ? MINIMAL_VAR_MIB : release.requirements.minVarGiB * 1024;
  const view = buildView({
    // the host's answers: a template that named kickstart.rootPassword would still write only the hash
    answers: hostAnswers,
    model,
    release,
    file: {
      profile,
      title: titles[profile],
      rootPasswordHash: rootHash,
      installSource,
      offlineRepo: offline
        ? { from: `${INSTALL_MEDIA_MOUNT}/${OFFLINE_REPO_DIR}`, to: locations.offlineRepoDir }
        : undefined,
      rootMiB: ROOT_MIB,
      swapMiB: SWAP_MIB,
      varMiB,
      minimumDiskGiB: Math.ceil((BOOT_MIB + ROOT_MIB + SWAP_MIB + varMiB) / 1024),
      recommendedDiskGiB: release.requirements.recommendedDiskGiB,
      recommendedVarGiB: release.requirements.recommendedVarGiB,
      post,
      ...hostPolicy(answers, release.kickstart),
      postLog: POST_LOG,
      mediaLabel: media?.label,
    },
  });
  return {
    text: loadTemplate(packageFile('kickstart', 'kickstart.cfg.ejs'))(view),
    answers: hostAnswers,
    ...(plan === undefined ? {} : { plan }),
    files,
  };
}

type InstallSource = { command: 'cdrom' } | { command: 'url'; url: string };

/**
 * The OS comes from the boot media when there is one: anaconda's `cdrom` method takes the media dracut
 * mounted at /run/install/repo, whether it is a DVD or the same ISO written to a USB stick (anaconda
 * payload code, "Did dracut leave the DVD or NFS mounted for us?"). Without media, from the release's (or
 * the answers') base repository URL.
 */
function packageSource(
  answers: Answers,
  release: ReleaseProfile,
  media: KickstartMedia | undefined,
): InstallSource {
  return media === undefined
    ? { command: 'url', url: answers.repositories.base ?? release.repositories.base.baseurl }
    : { command: 'cdrom' };
}

function firstbootUnit(profile: KickstartProfile): string {
  // CentOS 7's systemd (219) gives oneshot units the default 90 s start timeout: TimeoutStartSec=0
  // lets the install take the half hour it needs. The script disables the unit itself once it
  // succeeded, or after three failed boots.
  return [
    '[Unit]',
    `Description=cloud-in-a-box first boot: install the ${profile} profile from ${ANSWERS_FILE}`,
    'Wants=network-online.target',
    'After=network-online.target',
    `ConditionPathExists=${FIRSTBOOT_SCRIPT}`,
    '',
    '[Service]',
    'Type=oneshot',
    `ExecStart=/bin/bash ${FIRSTBOOT_SCRIPT} --firstboot`,
    'TimeoutStartSec=0',
    'StandardOutput=journal+console',
    'StandardError=journal+console',
    '',
    '[Install]',
    'WantedBy=multi-user.target',
    '',
  ].join('\n');
}

/**
 * The SELinux and firewall lines of a host installed for the release: SELinux in the mode the answers
 * choose (host.selinux), the firewall as the release needs it, each under the release's reasons.
 */
function hostPolicy(answers: Answers, policy: KickstartPolicy) {
  const mode = answers.host.selinux;
  const { firewall } = policy;
  return {
    selinux: { options: [`--${mode}`], reason: policy.selinuxReasons[mode] },
    firewall: {
      options:
        firewall.state === 'disabled'
          ? ['--disabled']
          : [
              '--enabled',
              ...(firewall.services.length > 0 ? [`--service=${firewall.services.join(',')}`] : []),
            ],
      reason: policy.firewallReason,
    },
  };
}

/** What a node controller shows on its console and at login: the commands the frontend runs to add it. */
function nodeNote(model: AnswersModel): string[] {
  const ip = model.net.address;
  return [
    'This host is a Eucalyptus node controller. To add it to the cloud, run as root on the frontend:',
    `  clusteradmin-register-nodes ${ip}`,
    `  clusteradmin-copy-keys ${ip}`,
    '(copy-keys uses root SSH from the frontend to this host)',
  ];
}

/** A file written with a quoted heredoc: nothing in it expands. */
function heredoc(path: string, content: string, mode: string, delimiter: string): string {
  const body = content.endsWith('\n') ? content : `${content}\n`;
  for (const line of body.split('\n')) {
    // A line equal to the delimiter would end the heredoc; one starting with % could end the
    // kickstart section (%end) before bash sees it.
    if (line === delimiter || line.startsWith('%')) {
      throw new Error(`${path} cannot be embedded in %post: it has the line ${JSON.stringify(line)}`);
    }
  }
  return [`cat >${path} <<'${delimiter}'`, `${body}${delimiter}`, `chmod ${mode} ${path}`].join('\n');
}

function postScript(files: Map<string, string>, note?: string[]): string {
  const get = (path: string): string => files.get(path) ?? '';
  const lines = [
    '# Runs in the installed system (chrooted). Quoted heredocs: nothing in the files expands.',
    'set -euo pipefail',
    'umask 077',
    '',
    `# The answers, for the first boot and for \`cloud-in-a-box install --answers ${ANSWERS_FILE}\``,
    '# (it resumes from the same journal). The root password is in it only as its hash.',
    'install -d -m 0700 /etc/cloud-in-a-box',
    heredoc(ANSWERS_FILE, get(ANSWERS_FILE), '0600', 'CIAB_ANSWERS_EOF'),
    "# What the host is: `cloud-in-a-box install` on it builds this role's plan, and refuses another.",
    heredoc(ROLE_FILE, get(ROLE_FILE), '0644', 'CIAB_ROLE_EOF'),
    '',
    '# The install plan compiled to bash: the first boot runs it, and it resumes after a failure.',
    'install -d -m 0700 /usr/libexec/cloud-in-a-box',
    heredoc(FIRSTBOOT_SCRIPT, get(FIRSTBOOT_SCRIPT), '0700', 'CIAB_INSTALL_SH_EOF'),
    '',
    '# Runs the script once the network is online, until it succeeds or has failed three boots.',
    heredoc(FIRSTBOOT_UNIT_FILE, get(FIRSTBOOT_UNIT_FILE), '0644', 'CIAB_UNIT_EOF'),
    `systemctl enable ${FIRSTBOOT_UNIT}`,
    '',
    '# Where a person looks first: the console before login and the message after it.',
    'for file in /etc/issue /etc/motd; do',
    "  printf '%s\\n' 'cloud-in-a-box: waiting for the first boot to install Eucalyptus' >>\"$file\"",
    'done',
  ];
  if (note !== undefined) {
    lines.push(
      '',
      '# A node controller registers nothing by itself: the frontend adds it.',
      "cat >>/etc/motd <<'CIAB_NODE_EOF'",
      ...note,
      'CIAB_NODE_EOF',
      "cat >>/etc/issue <<'CIAB_NODE_EOF'",
      ...note,
      'CIAB_NODE_EOF',
    );
  }
  return `${lines.join('\n')}\n`;
}
