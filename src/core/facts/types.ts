/**
 * What the installer knows about a host. Every field that a probe fills is `undefined` when the probe
 * failed or timed out (the reason is in `notes`): consumers treat undefined as "unknown", never as
 * "absent" or "no".
 */

export type AddressFamily = 'inet' | 'inet6';

export interface IpAddress {
  family: AddressFamily;
  address: string;
  prefix: number;
  broadcast?: string;
  /** the far end of a point-to-point address */
  peer?: string;
  scope: string;
  /** the IPv4 label: the interface name, or an alias such as eth0:1 */
  label?: string;
  /** leased from DHCP (has a finite lifetime) */
  dynamic: boolean;
  secondary: boolean;
}

/** One interface as `ip addr show` (text, iproute2 4.11 on CentOS 7) or `ip -j addr` lists it. */
export interface IpInterface {
  index: number;
  name: string;
  /** the lower device of a VLAN or similar (`eth0.100@eth0`) */
  link?: string;
  /** kernel flags, e.g. BROADCAST, MULTICAST, UP, LOWER_UP */
  flags: string[];
  /** administratively up (the UP flag) */
  up: boolean;
  /** carrier present (the LOWER_UP flag) */
  lowerUp: boolean;
  /** UP, DOWN, UNKNOWN (loopback, some virtual devices), DORMANT, ... */
  operState: string;
  mtu?: number;
  /** ether, loopback, none, ... */
  linkType?: string;
  mac?: string;
  /** the bridge or bond that enslaves this interface */
  master?: string;
  addresses: IpAddress[];
}

export type InterfaceKind = 'loopback' | 'wireless' | 'bridge' | 'vlan' | 'bond' | 'wired' | 'virtual';

/** An interface with what /sys/class/net says about it. */
export interface NetInterface extends IpInterface {
  /** `/sys/class/net/<if>/wireless` exists or its uevent says DEVTYPE=wlan; undefined when sysfs was unreadable */
  wireless: boolean | undefined;
  /** DEVTYPE from `/sys/class/net/<if>/uevent` (wlan, bridge, vlan, bond, ...) */
  devType?: string;
  /** backed by a device (`/sys/class/net/<if>/device` exists): a NIC rather than a software interface */
  physical: boolean | undefined;
  kind: InterfaceKind | undefined;
}

export interface IpRoute {
  /** unicast unless the route says otherwise (unreachable, blackhole, local, broadcast, ...) */
  type: string;
  /** `default`, a CIDR, or a single address */
  dst: string;
  gateway?: string;
  dev?: string;
  protocol?: string;
  scope?: string;
  prefsrc?: string;
  metric?: number;
  /** onlink, linkdown, dead, ... */
  flags: string[];
}

export interface IpNeighbour {
  address: string;
  dev: string;
  lladdr?: string;
  /** REACHABLE, STALE, DELAY, PROBE, FAILED, INCOMPLETE, PERMANENT, NOARP */
  states: string[];
  router: boolean;
}

export interface ResolvConf {
  nameservers: string[];
  /** the search list; a later `search` or `domain` line replaces an earlier one, as in glibc */
  search: string[];
  options: string[];
}

export interface OsRelease {
  /** e.g. centos, rhel, debian */
  id?: string;
  idLike: string[];
  /** e.g. 7 for CentOS 7, 7.9 for RHEL 7.9 */
  versionId?: string;
  name?: string;
  prettyName?: string;
  /** every assignment in the file, unquoted */
  variables: Record<string, string>;
}

export interface RedhatRelease {
  /** the whole first line, e.g. "CentOS Linux release 7.9.2009 (Core)" */
  text: string;
  /** e.g. "CentOS Linux", "Red Hat Enterprise Linux Server" */
  distribution: string;
  /** e.g. 7.9.2009 */
  version: string;
  major: number;
  minor?: number;
  /** e.g. Core, Maipo */
  codename?: string;
}

export interface OsFacts {
  osRelease: OsRelease | undefined;
  /** undefined when the file is absent (not a Red Hat family host) or unreadable */
  redhatRelease: RedhatRelease | undefined;
  /** machine hardware name, e.g. x86_64 */
  arch: string | undefined;
}

export type CpuVirtualization = 'vmx' | 'svm';

export interface CpuInfo {
  /** logical processors */
  processors: number;
  vendor?: string;
  modelName?: string;
  /** hardware virtualisation (Intel VT-x = vmx, AMD-V = svm) on any processor; undefined when neither */
  virtualization: CpuVirtualization | undefined;
  /** running under a hypervisor (the `hypervisor` flag): KVM needs nested virtualisation then */
  hypervisor: boolean;
}

export interface MemoryInfo {
  totalBytes: number;
  /** MemAvailable; absent on kernels older than 3.14 */
  availableBytes?: number;
  swapTotalBytes?: number;
  /** every line of /proc/meminfo in bytes (values in kB converted), counts (HugePages_*) as they are */
  values: Record<string, number>;
}

export interface DiskSpace {
  /** the path asked about */
  path: string;
  /** the nearest existing ancestor of `path` (itself when it exists): where the numbers come from */
  measuredAt: string;
  totalBytes: number;
  /** available to unprivileged users, as `df` reports Avail */
  freeBytes: number;
}

export interface IfcfgFile {
  /** the file name, e.g. ifcfg-eth0 */
  file: string;
  /** the part after `ifcfg-`; initscripts use it as DEVICE when DEVICE is absent */
  name: string;
  /** every assignment, unquoted */
  variables: Record<string, string>;
  device: string;
  type?: string;
  /** lower case: none, static, dhcp, bootp, ... */
  bootproto?: string;
  onboot?: boolean;
  /** absent means yes: NetworkManager manages the interface unless it says NM_CONTROLLED=no */
  nmControlled?: boolean;
  hwaddr?: string;
  bridge?: string;
  ipaddr?: string;
  prefix?: number;
  netmask?: string;
  gateway?: string;
}

export type TimeSourceKind = 'server' | 'pool' | 'peer';

export interface TimeSource {
  kind: TimeSourceKind;
  host: string;
  options: string[];
}

export interface TimeSyncConfig {
  path: string;
  /** in file order, without ntpd's local-clock pseudo addresses (127.127.x.x) */
  sources: TimeSource[];
}

export interface TimeSyncFacts {
  chrony: TimeSyncConfig | undefined;
  ntp: TimeSyncConfig | undefined;
  /** the servers and pools of chrony.conf, else of ntp.conf (CentOS 7 uses chrony by default) */
  servers: string[];
}

export type SelinuxMode = 'enforcing' | 'permissive' | 'disabled';

export interface SelinuxFacts {
  /** the running mode; undefined when it could not be read */
  mode: SelinuxMode | undefined;
  /** where `mode` came from: `getenforce`, `/sys/fs/selinux/enforce`, or no selinuxfs at all (disabled) */
  source: 'getenforce' | 'selinuxfs' | 'no-selinuxfs' | undefined;
  /** SELINUX= in /etc/selinux/config: the mode after the next boot */
  configuredMode: SelinuxMode | undefined;
  /** SELINUXTYPE= in /etc/selinux/config, e.g. targeted */
  configuredType: string | undefined;
}

export interface UnitState {
  /** e.g. firewalld.service */
  unit: string;
  /** loaded, not-found, masked, error */
  loadState: string;
  /** active, inactive, failed, activating, ... */
  activeState: string;
  /** enabled, disabled, static, masked, ... (empty when not found) */
  unitFileState?: string;
}

export interface InstalledPackage {
  name: string;
  version: string;
  release: string;
  arch: string;
}

export interface SocketProcess {
  name: string;
  pid: number;
  fd: number;
}

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  /** the local address as ss prints it without brackets: 0.0.0.0, ::, *, 127.0.0.1, ::1 */
  address: string;
  /** the interface a socket is bound to (`0.0.0.0%virbr0:67`) */
  interface?: string;
  /** undefined for a wildcard port (`*`) */
  port: number | undefined;
  /** who listens; empty when ss was not allowed to see it (not root) */
  processes: SocketProcess[];
}

export interface JournalFacts {
  dir: string;
  /** task ids with a journal entry; empty when the directory exists but holds none */
  entries: string[];
}

/** yum's lock: the live process whose pid /var/run/yum.pid holds. */
export interface YumLock {
  pid: number;
  /** its command name (/proc/<pid>/comm), e.g. `yum`, `packagekitd` */
  command: string;
}

export interface HostnameFacts {
  /** the kernel's host name (/proc/sys/kernel/hostname) */
  name: string | undefined;
  /** `hostname -f`; undefined when it failed, timed out or is not fully qualified */
  fqdn: string | undefined;
}

/** The units whose state preflight checks and defaults care about. */
export const watchedUnits = [
  'NetworkManager.service',
  'PackageKit.service',
  'firewalld.service',
  'chronyd.service',
  'ntpd.service',
] as const;

/** The RPMs asked about: FastStart refused a host with NetworkManager or PackageKit, or with Eucalyptus. */
export const watchedPackages = [
  'eucalyptus*',
  'euca2ools*',
  'NetworkManager',
  'PackageKit',
  'firewalld',
  'chrony',
  'ntp',
] as const;

export interface ProbeNote {
  /** which probe, e.g. `ip addr`, `/etc/resolv.conf` */
  probe: string;
  message: string;
}

export interface HostFacts {
  /** effective user id of the installer */
  uid: number | undefined;
  hostname: HostnameFacts;
  os: OsFacts;
  cpu: CpuInfo | undefined;
  /** /dev/kvm exists (the kvm module is loaded and the CPU allows it) */
  kvmDevice: boolean | undefined;
  memory: MemoryInfo | undefined;
  /** free space under /var and under every path the gatherer was asked about, in that order */
  disks: DiskSpace[];
  interfaces: NetInterface[] | undefined;
  /** the main IPv4 routing table */
  routes: IpRoute[] | undefined;
  neighbours: IpNeighbour[] | undefined;
  resolver: ResolvConf | undefined;
  /** /etc/sysconfig/network-scripts/ifcfg-*, without backup copies; undefined when the directory is absent */
  ifcfg: IfcfgFile[] | undefined;
  timeSync: TimeSyncFacts;
  selinux: SelinuxFacts;
  /** systemd's view of the watched units and those the gatherer was asked for; undefined when systemctl could not answer */
  units: Partial<Record<string, UnitState>> | undefined;
  /** installed RPMs among `watchedPackages`; undefined when rpm could not answer (not an RPM host) */
  packages: InstalledPackage[] | undefined;
  /** listening TCP and UDP sockets */
  sockets: ListeningSocket[] | undefined;
  /** an earlier install's journal under /var/lib/cloud-in-a-box; null when there is none */
  journal: JournalFacts | null | undefined;
  /** who holds yum's lock; null when nobody does (no pid file, or a stale one) */
  yumLock: YumLock | null | undefined;
  /** why a fact is unknown: one note per failed or timed-out probe */
  notes: ProbeNote[];
}
