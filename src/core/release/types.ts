/**
 * A release profile: everything that "install Eucalyptus X on OS Y" means, as data.
 * Adding a release (eucalyptus-5, eucalyptus-3.4) means adding one of these plus its templates,
 * never changing the engine.
 */

/** The releases cloud-in-a-box installs; src/core/release/index.ts has one of each. */
export const releaseIds = ['eucalyptus-4.4', 'eucalyptus-5'] as const;
export type ReleaseId = (typeof releaseIds)[number];

/** Components of a single-host cloud; each maps to packages and units. */
export type Component = 'clc' | 'walrus' | 'cc' | 'sc' | 'nc' | 'serviceImage' | 'console' | 'hostTools';

/**
 * The repositories a release may name, and the keys of answers.repositories that override them
 * (src/core/answers/schema.ts builds those keys from this list).
 */
export const repositoryIds = [
  'base',
  'updates',
  'extras',
  'epel',
  'eucalyptus',
  'euca2ools',
  'virt',
] as const;
export type RepositoryId = (typeof repositoryIds)[number];
/** The repositories every release names; the others (the CentOS virtualisation SIG's) only some. */
export type CommonRepositoryId = Exclude<RepositoryId, 'virt'>;

/**
 * The networking modes a release may install, as eucalyptus.conf's VNET_MODE spells them: 4.4 knows EDGE
 * and VPCMIDO (docs/EUCALYPTUS-4.4.md §1.3, VNET_MODE). A release of other modes adds them here.
 */
export type NetworkMode = 'EDGE' | 'VPCMIDO';

export interface Repository {
  /** INI section name in the repo file */
  id: string;
  name: string;
  /** default URL; `answers.repositories.<key>` replaces it */
  baseurl: string;
  /** where the repo file goes, under /etc/yum.repos.d/ */
  file: string;
  /** the keys yum checks the packages against: absolute paths of local files, written as file:// URLs */
  gpgkeys: readonly string[];
  /** true for the OS repositories that an install from media replaces */
  os: boolean;
}

/** A DAS property of a zone's storage controller: the block storage manager, or its device. */
export type DasProperty = 'blockstoragemanager' | 'dasdevice';
/** A package signing key the install writes under /etc/pki/rpm-gpg/, from the release's templates directory (templates/<release>/). */
export interface SigningKey {
  /** absolute path on the host, e.g. /etc/pki/rpm-gpg/RPM-GPG-KEY-EPEL-7 */
  path: string;
  /** the primary key's fingerprint, 40 hex digits in groups of four, as `gpg --fingerprint` prints it */
  fingerprint: string;
}

export interface ServiceStartWait {
  unit: string;
  /** TCP port that listens once the service is up */
  port?: number;
}

export interface ReleaseProfile {
  id: ReleaseId;
  title: string;
  eucalyptusVersion: string;
  os: {
    /** IDs from /etc/os-release that are supported */
    ids: readonly string[];
    majorVersion: number;
    arch: readonly string[];
    /** what we call it in messages */
    label: string;
  };
  networkMode: NetworkMode;
  repositories: Readonly<Record<CommonRepositoryId, Repository> & Partial<Record<RepositoryId, Repository>>>;
  /** the signing keys the release ships and installs before any repository is used */
  signingKeys: readonly SigningKey[];
  packages: Readonly<Record<Component, readonly string[]>>;
  /** the oldest version of the release's base package the install accepts, checked after the packages */
  minimumVersion: { package: string; version: string; reason: string };
  units: {
    cloud: string;
    cluster: string;
    node: string;
    eucanetd: string;
    tgtd: string;
    libvirtd: string;
    console: string;
    firewall: string;
    timeSync: string;
  };
  ports: {
    cloud: number;
    cluster: number;
    node: number;
    /** the console application, on 127.0.0.1 only */
    console: number;
    /** the HTTPS port in front of the console: where users reach it */
    consoleHttps: number;
  };
  requirements: {
    /** below it the install stops (fatal) */
    minMemoryMiB: number;
    /** below it a warning */
    recommendedMemoryMiB: number;
    /** free space under /var (and the instance path) below which the install stops; the kickstart's /var */
    minVarGiB: number;
    /** free space under /var (and the instance path) below which a warning */
    recommendedVarGiB: number;
    /** size of the file system holding /var (and the instance path) below which a warning */
    recommendedDiskGiB: number;
    cpuFlags: readonly string[];
  };
  /** bounded waits, in seconds */
  waits: {
    cloudStart: number;
    serviceState: number;
    networkCheck: number;
    poll: number;
    /** until the imaging worker instance runs, once its stack is created */
    imagingWorker: number;
  };
  /** `euserv-register-service` attempts, and the pause between two: the CLC refuses some just after start */
  registration: { tries: number; intervalSeconds: number };
  /**
   * `chronyc waitsync` before the cloud is initialised: how many checks (10 s apart) and the remaining
   * correction of the clock, in seconds, that counts as synchronised
   */
  clockSync: { tries: number; maxCorrectionSeconds: number };
  /** the `<zone>.storage.*` properties of DAS block storage, in the order the release sets them */
  dasPropertyOrder: readonly DasProperty[];
  /** JVM options of the cloud controller's CLOUD_OPTS, before --bind-addr (e.g. its heap) */
  cloudJvmOptions: readonly string[];
  paths: {
    conf: string;
    networkConfig: string;
    cloudCert: string;
    keysDir: string;
    cloudLog: string;
    consoleIni: string;
    consoleInit: string;
    consoleStartupLog: string;
  };

  // --- What the preflight, the kickstart and the renderer take from the release (no 4.4 in their code) ---
  /** how the host's SELinux and firewall are set when the kickstart installs it for this release */
  kickstart: KickstartPolicy;
  /** the user-facing services, all on ports.cloud, each at <servicesRoot><path>/ */
  userServices: {
    /** e.g. /services/ */
    servicesRoot: string;
    /** the key of each service in a euca2ools region file, and its path under servicesRoot */
    paths: readonly { key: string; path: string }[];
  };
  /** the TCP ports the release's services listen on, which nothing else on the host may hold */
  servicePorts: readonly number[];
  /** UDP and TCP ports the release's network daemon serves (DNS, DHCP), which nothing else may hold */
  networkDaemonPorts: readonly { port: number; proto: 'tcp' | 'udp' }[];
}

/**
 * The kickstart's SELinux and firewall lines for a host installed to run the release (profiles with
 * Eucalyptus; the minimal profile leaves CentOS as it comes). Each reason is comment lines, with sources.
 */
export interface KickstartPolicy {
  /** SELinux takes the mode the answers choose (host.selinux); why the release runs under each mode */
  selinuxReasons: Readonly<Record<'permissive' | 'enforcing', readonly string[]>>;
  /** the firewall the release needs from the first boot: off, or on with these firewalld services open */
  firewall: { state: 'disabled' } | { state: 'enabled'; services: readonly string[] };
  firewallReason: readonly string[];
}

/** The repositories the release names, with their ids, in the release's order (some ids are optional). */
export function repositoriesOf(release: ReleaseProfile): [RepositoryId, Repository][] {
  return (Object.keys(release.repositories) as RepositoryId[]).flatMap((id) => {
    const repository = release.repositories[id];
    return repository === undefined ? [] : [[id, repository]];
  });
}
