/**
 * The answers model, version 1: the one source of truth for validation, defaults, descriptions,
 * secrets, the wizard's questions, the commented template and the published JSON Schema.
 */
import { z } from 'zod';
import { releaseIds } from '../release/types.js';
import type { RepositoryId } from '../release/types.js';
import { repositoryIds } from '../release/types.js';
import {
  cidrProblem,
  hostnameProblem,
  interfaceNameProblem,
  ipOrHostnameProblem,
  ipRangeProblem,
  repositoryUrlProblem,
  safePathProblem,
  timezoneProblem,
} from './rules.js';
import { isIPv4 } from '../net.js';
import { hostSubnet } from './unvalidated.js';

/** What every field carries besides its type. */
export type FieldInfo = {
  description: string;
  /** a valid value, shown in messages and the template */
  example?: unknown;
  /** never printed or logged; saved only in 0600 files */
  secret?: boolean;
  /** a line the wizard shows under the question, where users go wrong */
  hint?: string;
};

declare module 'zod' {
  interface GlobalMeta {
    example?: unknown;
    secret?: boolean;
    hint?: string;
  }
}

const field = <T extends z.ZodType>(schema: T, info: FieldInfo): T => schema.meta(info);

const ruled = (rule: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const problem = rule(value);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem, input: value });
  });

const ipv4 = ruled((v) => (isIPv4(v) ? undefined : 'is not an IPv4 address such as 192.168.56.1'));
const ipOrHost = ruled(ipOrHostnameProblem);
const ipRange = ruled(ipRangeProblem);

const host = z.strictObject({
  hostname: field(
    ruled((v) => hostnameProblem(v, { fqdn: true })),
    {
      description: 'Fully qualified host name; it must resolve to network.address after the install.',
      example: 'ciab.example.lan',
    },
  ),
  timezone: field(ruled(timezoneProblem).default('UTC'), {
    description: 'Time zone from the tz database.',
    example: 'UTC',
  }),
  ntpServers: field(z.array(ipOrHost).min(1).default(['0.centos.pool.ntp.org']), {
    description: 'NTP servers chrony keeps the clock in step with; Eucalyptus needs synchronised clocks.',
    example: ['0.centos.pool.ntp.org'],
  }),
  // The last FastStart switched enforcing hosts to permissive ("Eucalyptus isn't ready for that yet"):
  // under enforcing, WalrusBackend answered 405 and instances did not start (eucalyptus-cookbook PR #421,
  // commits 4adfaaf and 303ec89, faststart/cloud-in-a-box.sh; PR #413 had just admitted CentOS 7.4).
  selinux: field(z.enum(['permissive', 'enforcing']).default('permissive'), {
    description:
      'SELinux mode of the host. permissive, as the last FastStart set it: under enforcing, Walrus refused requests and instances did not start on CentOS 7.4 and later. enforcing keeps SELinux on with the booleans of the install guide, at that risk.',
    example: 'permissive',
  }),
});

const network = z.strictObject({
  interface: field(ruled(interfaceNameProblem), {
    description:
      'The wired network interface the bridge takes over; the host keeps its address on the bridge.',
    example: 'eth0',
  }),
  bridge: field(ruled(interfaceNameProblem).default('br0'), {
    description: 'Name of the bridge that carries the host address and the instances.',
    example: 'br0',
  }),
  address: field(ruled(cidrProblem), {
    description: 'Static host address with its prefix length; it must never change after the install.',
    example: '192.168.56.10/24',
  }),
  gateway: field(ipv4, { description: 'Default gateway, inside the host subnet.', example: '192.168.56.1' }),
  dns: field(z.array(ipv4).min(1), {
    description: 'DNS resolvers for the host.',
    example: ['192.168.56.1'],
  }),
});

const cloud = z.strictObject({
  zone: field(
    ruled((v) =>
      /^[A-Za-z0-9][A-Za-z0-9_-]{0,62}$/.test(v)
        ? undefined
        : 'is not a simple name: use letters, digits, "-" and "_", starting with a letter or digit',
    ).default('zone-1'),
    { description: 'Availability zone, which is also the cluster partition name.', example: 'zone-1' },
  ),
  dnsDomain: field(
    ruled((v) => hostnameProblem(v, { fqdn: true })),
    {
      description: 'DNS domain the cloud serves (system.dns.dnsdomain); service names live under it.',
      example: 'cloud.example.lan',
    },
  ),
  publicIps: field(z.array(ipRange).min(1), {
    description: 'Addresses instances get as public IPs: single addresses or ranges "first-last".',
    example: ['192.168.56.100-192.168.56.119'],
    hint: 'free addresses on your LAN that no DHCP server hands out; instances get these as public IPs',
  }),
  privateIps: field(z.array(ipRange).min(1), {
    description: 'Addresses for the instances private interfaces, in the host subnet, apart from publicIps.',
    example: ['192.168.56.120-192.168.56.139'],
    hint: 'another free block on the same LAN, not overlapping the public addresses',
  }),
  instanceDns: field(z.array(ipv4).min(1).optional(), {
    description: 'DNS servers handed to instances; defaults to the host address (Eucalyptus DNS).',
    example: ['192.168.56.10'],
  }),
  console: field(z.boolean().default(true), {
    description: 'Install the Eucalyptus management console (a web UI at https://<host address>/, port 443).',
    example: true,
  }),
  extraServices: field(z.boolean().default(true), {
    description: 'Install the load balancer and imaging service image (adds 10 to 15 minutes).',
    example: true,
  }),
});

const storage = z.strictObject({
  instancePath: field(ruled(safePathProblem).default('/var/lib/eucalyptus/instances'), {
    description: 'Where the node controller keeps instance disks; needs most of the disk space.',
    example: '/var/lib/eucalyptus/instances',
  }),
  blockStorage: field(z.enum(['overlay', 'das']).default('overlay'), {
    description:
      'Block storage backend: overlay (files under /var/lib/eucalyptus/volumes) or das (a device).',
    example: 'overlay',
  }),
  dasDevice: field(
    ruled((v) =>
      /^(\/dev\/[A-Za-z0-9._/-]+|[A-Za-z0-9._-]+)$/.test(v) && !v.split('/').includes('..')
        ? undefined
        : 'is neither a block device path such as /dev/sdb nor an LVM volume group name',
    )
      .nullable()
      .default(null),
    {
      description: 'Device or LVM volume group for das block storage; required when blockStorage is das.',
      example: '/dev/sdb',
    },
  ),
});

const repoUrl = ruled(repositoryUrlProblem);
/** What answers.repositories.<id> says for each repository a release may name. */
const repositoryFields: Readonly<Record<RepositoryId, FieldInfo>> = {
  base: {
    description: 'CentOS 7 base repository URL.',
    example: 'http://mirror.example.lan/centos/7.9.2009/os/x86_64/',
  },
  updates: {
    description: 'CentOS 7 updates repository URL.',
    example: 'http://mirror.example.lan/centos/7.9.2009/updates/x86_64/',
  },
  extras: {
    description: 'CentOS 7 extras repository URL.',
    example: 'http://mirror.example.lan/centos/7.9.2009/extras/x86_64/',
  },
  epel: {
    description: 'EPEL 7 repository URL.',
    example: 'http://mirror.example.lan/epel/7/x86_64/',
  },
  eucalyptus: {
    description: 'Eucalyptus repository URL.',
    example: 'http://mirror.example.lan/eucalyptus/4.4/rhel/7/x86_64/',
  },
  euca2ools: {
    description: 'Euca2ools repository URL.',
    example: 'http://mirror.example.lan/euca2ools/3.4/rhel/7/x86_64/',
  },
  virt: {
    description:
      'CentOS 7 virtualisation SIG repository URL (qemu-kvm-ev; releases that name it: eucalyptus-5).',
    example: 'http://mirror.example.lan/centos/7.9.2009/virt/x86_64/kvm-common/',
  },
};
/** One optional URL per repository id of the releases (src/core/release/types.ts), in that order. */
const repositoryOverrides = Object.fromEntries(
  repositoryIds.map((id) => [id, field(repoUrl.optional(), repositoryFields[id])]),
) as Record<RepositoryId, z.ZodOptional<typeof repoUrl>>;
const repositories = z.strictObject({
  ...repositoryOverrides,
  offline: field(repoUrl.optional(), {
    description:
      "A local repository holding every package the install needs (the kickstart sets it to its copy of the ISO's offline repository). When set, the install installs from it alone, checking each package against every signing key.",
    example: 'file:///var/lib/cloud-in-a-box/offline-repo/',
  }),
});

const admin = z.strictObject({
  password: field(
    z.string().min(8, { message: 'is shorter than 8 characters; use at least 8' }).nullable().default(null),
    {
      description: 'Password of the cloud admin user (console login); generated when empty, stored 0600.',
      secret: true,
    },
  ),
});

const kickstart = z.strictObject({
  rootPassword: field(z.string().min(1).nullable().default(null), {
    description:
      'Root password for hosts installed from kickstart: a SHA-512 crypt hash, or plain text that gets hashed.',
    secret: true,
  }),
  disk: field(
    ruled((v) =>
      /^[a-z][a-z0-9]{1,15}$/.test(v) ? undefined : 'is not a disk name such as sda, vda or nvme0n1',
    ).default('sda'),
    { description: 'The only disk the kickstart install touches (it is erased).', example: 'sda' },
  ),
  keyboard: field(
    ruled((v) =>
      /^[a-z]{2}[a-z0-9_-]{0,30}$/.test(v) ? undefined : 'is not a keyboard layout such as us or de-latin1',
    ).default('us'),
    { description: 'Console keyboard layout.', example: 'us' },
  ),
  lang: field(
    ruled((v) =>
      /^[a-z]{2,3}_[A-Z]{2}(\.UTF-8)?$/.test(v) ? undefined : 'is not a locale such as en_US.UTF-8',
    ).default('en_US.UTF-8'),
    { description: 'System language.', example: 'en_US.UTF-8' },
  ),
});

export const answersShape = z.strictObject({
  version: field(z.literal(1, { message: 'must be 1, the only answers format version there is' }), {
    description: 'Answers file format version.',
    example: 1,
  }),
  release: field(z.enum(releaseIds).default('eucalyptus-4.4'), {
    description: 'Which Eucalyptus release on which OS.',
    hint: "eucalyptus-4.4: FastStart's release, on CentOS 7, from 8 GB of memory; eucalyptus-5: the newest, on CentOS 7.9, 16 GB recommended",
    example: 'eucalyptus-4.4',
  }),
  host: field(host, { description: 'The host itself.' }),
  network: field(network, { description: 'Host networking; the install bridges the interface.' }),
  cloud: field(cloud, { description: 'The cloud: zone, DNS and the addresses instances use.' }),
  storage: field(storage.prefault({}), { description: 'Where instances and volumes live.' }),
  repositories: field(repositories.prefault({}), {
    description: `Optional overrides of the release's repository URLs (${repositoryIds.join(', ')}), and an offline repository.`,
  }),
  admin: field(admin.prefault({}), { description: 'The cloud administrator.' }),
  kickstart: field(kickstart.prefault({}), { description: 'Used only by the kickstart and ISO modes.' }),
});

/**
 * The schema with defaults that depend on other answers: instances use the host's own DNS
 * (Eucalyptus serves it on the host address) unless told otherwise. zod runs the transform only on
 * answers that passed every rule above, so network.address parses.
 */
export const answersSchema = answersShape.transform((answers) => ({
  ...answers,
  cloud: {
    ...answers.cloud,
    instanceDns: answers.cloud.instanceDns ?? [hostSubnet(answers.network.address).address],
  },
}));

/** What an answers file may contain (defaults not yet applied). */
export type AnswersInput = z.input<typeof answersSchema>;
/** Validated answers with defaults applied. */
export type Answers = z.output<typeof answersSchema>;
