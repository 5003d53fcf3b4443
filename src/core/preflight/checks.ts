/**
 * The preflight checks, pure: facts + answers + release + probes -> one finding per check. Their wording
 * lives here with them (as validation wording lives with its rules). A fact that could not be read is
 * never taken as good news: the check says it could not tell, as a warning.
 * Sources: silvereye.md 6 and 7.1 (FastStart's precheck), eucalyptus-install.md 1.1 and 1.8.
 */
import type { HostFacts, ListeningSocket, NetInterface } from '../facts/types.js';
import {
  diskFor,
  eucalyptusPackages,
  findInterface,
  ifcfgFor,
  ipv4Addresses,
  listenersOn,
} from '../facts/queries.js';
import { osProblem, rootProblem } from './target-rules.js';
import type { ReleaseProfile } from '../release/index.js';
import type { Finding, PreflightInput } from './types.js';
import { unitName } from '../units.js';

export interface Check {
  id: string;
  title: string;
  /** a fatal verdict the user may override with --force-<id> because the install can still succeed */
  forceable?: { why: string };
  run: (input: PreflightInput) => Finding;
}

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const gib = (bytes: number): string => `${(bytes / GiB).toFixed(1)} GB`;

/** The ports the release needs free: its services' (TCP) and its network daemon's. */
const releasePorts = (release: ReleaseProfile): { port: number; proto: 'tcp' | 'udp' }[] => [
  ...release.servicePorts.map((port) => ({ port, proto: 'tcp' as const })),
  ...release.networkDaemonPorts,
];

/** "8773-8779, 8443, 8888, 53 and 67": each port once, in order, consecutive ones as a range. */
function portList(ports: readonly number[]): string {
  const runs: [number, number][] = [];
  for (const port of new Set(ports)) {
    const last = runs.at(-1);
    if (last !== undefined && port === last[1] + 1) last[1] = port;
    else runs.push([port, port]);
  }
  const items = runs.map(([first, last]) => (first === last ? `${first}` : `${first}-${last}`));
  return items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items.at(-1) ?? ''}` : (items[0] ?? '');
}

const unknown = (what: string): Finding => ({
  verdict: 'warning',
  diagnosis: `could not tell ${what}`,
  treatment: 'check it by hand, then accept this warning',
});

/** The interface's addresses, or, after an install, the bridge's that took them over. */
function hostInterface(facts: HostFacts, name: string, bridge: string): NetInterface | undefined {
  const nic = findInterface(facts, name);
  if (nic?.master === bridge) return findInterface(facts, bridge) ?? nic;
  return nic;
}

const bridged = (facts: HostFacts, name: string, bridge: string): boolean =>
  findInterface(facts, name)?.master === bridge;

const LIBVIRT_BRIDGE = 'virbr0';

/**
 * dnsmasq on 53/67, split into libvirt's (its default network: bound to virbr0 or its address, plus the
 * wildcard DHCP socket that comes with it) and any other, which removing the default network does not stop.
 */
function dnsmasqSockets(facts: HostFacts): { libvirt: ListeningSocket[]; other: ListeningSocket[] } {
  const virbr = findInterface(facts, LIBVIRT_BRIDGE);
  const virbrAddresses = (virbr?.addresses ?? []).map((a) => a.address);
  const wildcard = (address: string): boolean => ['0.0.0.0', '*', '::', ''].includes(address);
  const ofLibvirt = (s: ListeningSocket): boolean =>
    virbr !== undefined &&
    (s.interface === LIBVIRT_BRIDGE ||
      virbrAddresses.includes(s.address) ||
      (s.port === 67 && wildcard(s.address)));
  const sockets = (facts.sockets ?? []).filter(
    (s) => (s.port === 53 || s.port === 67) && s.processes.some((p) => p.name === 'dnsmasq'),
  );
  return { libvirt: sockets.filter(ofLibvirt), other: sockets.filter((s) => !ofLibvirt(s)) };
}

export const checks: readonly Check[] = [
  {
    id: 'root',
    title: 'running as root',
    run: ({ facts }) => {
      if (facts.uid === undefined) return unknown('which user this runs as');
      const problem = rootProblem(facts);
      return problem === undefined
        ? { verdict: 'ok', diagnosis: 'running as root' }
        : {
            verdict: 'fatal',
            diagnosis: `${problem}; this runs as uid ${facts.uid}`,
            treatment: 'run it as root',
          };
    },
  },
  {
    id: 'os',
    title: 'operating system',
    run: ({ facts, release }) => {
      const problem = osProblem(release, facts);
      if (problem !== undefined)
        return {
          verdict: 'fatal',
          diagnosis: problem,
          treatment: `install on a ${release.os.label} host, or build install media with cloud-in-a-box iso`,
        };
      const seen = facts.os.osRelease?.prettyName ?? facts.os.redhatRelease?.text ?? release.os.label;
      return { verdict: 'ok', diagnosis: `${seen}, ${facts.os.arch ?? ''}` };
    },
  },
  {
    id: 'earlier-install',
    title: 'earlier installs',
    run: ({ facts }) => {
      if (facts.journal === undefined || facts.packages === undefined)
        return unknown('whether Eucalyptus or cloud-in-a-box was installed here before');
      if (facts.journal !== null)
        return {
          verdict: 'ok',
          diagnosis: `an earlier cloud-in-a-box install left its journal (${facts.journal.entries.length} tasks)`,
          treatment:
            'install resumes it: finished tasks are skipped; to start over, run cloud-in-a-box uninstall first',
        };
      const found = eucalyptusPackages(facts);
      if (found.length > 0)
        return {
          verdict: 'warning',
          diagnosis: `Eucalyptus is installed without a cloud-in-a-box journal (${found.slice(0, 3).join(', ')}${found.length > 3 ? ', ...' : ''})`,
          treatment:
            'the install takes it over and may change its configuration; remove it first (yum remove eucalyptus* euca2ools) or accept this warning',
        };
      return { verdict: 'ok', diagnosis: 'no earlier Eucalyptus or cloud-in-a-box install' };
    },
  },
  {
    id: 'cpu-virtualization',
    title: 'CPU virtualisation',
    run: ({ facts }) => {
      if (facts.cpu === undefined) return unknown('whether the CPU has virtualisation extensions');
      if (facts.cpu.virtualization === undefined)
        return {
          verdict: 'fatal',
          diagnosis:
            'the CPU shows neither vmx (Intel VT-x) nor svm (AMD-V): the node controller cannot run KVM instances',
          treatment: facts.cpu.hypervisor
            ? 'this is a virtual machine: enable nested virtualisation in its hypervisor'
            : 'enable virtualisation (VT-x/AMD-V) in the firmware settings',
        };
      return {
        verdict: 'ok',
        diagnosis: `${facts.cpu.virtualization} on ${facts.cpu.processors} processors`,
      };
    },
  },
  {
    id: 'kvm-device',
    title: '/dev/kvm',
    run: ({ facts }) => {
      if (facts.kvmDevice === undefined) return unknown('whether /dev/kvm exists');
      if (facts.kvmDevice) return { verdict: 'ok', diagnosis: '/dev/kvm is there' };
      return {
        verdict: 'warning',
        diagnosis:
          '/dev/kvm is missing: the kvm module is not loaded, or virtualisation is off in the firmware',
        treatment:
          'load it (modprobe kvm_intel or kvm_amd) and check dmesg; instances cannot start without it',
      };
    },
  },
  {
    id: 'memory',
    title: 'memory',
    run: ({ facts, release }) => {
      if (facts.memory === undefined) return unknown('how much memory this host has');
      const { minMemoryMiB, recommendedMemoryMiB } = release.requirements;
      const have = facts.memory.totalBytes;
      const text = `${gib(have)} of memory`;
      if (have < minMemoryMiB * MiB)
        return {
          verdict: 'fatal',
          diagnosis: `${text}; ${release.id} needs at least ${gib(minMemoryMiB * MiB)}`,
          treatment: 'add memory',
        };
      if (have < recommendedMemoryMiB * MiB)
        return {
          verdict: 'warning',
          diagnosis: `${text}; ${gib(recommendedMemoryMiB * MiB)} is recommended: few instances will fit`,
          treatment: 'add memory, or accept this warning',
        };
      return { verdict: 'ok', diagnosis: text };
    },
  },
  {
    id: 'disk-var',
    title: 'free space under /var',
    run: ({ facts, release }) => diskFinding(facts, release, '/var'),
  },
  {
    id: 'disk-instances',
    title: 'free space for instances',
    run: ({ facts, release, model: { answers } }) => {
      const instances = diskFor(facts, answers.storage.instancePath);
      const varDisk = diskFor(facts, '/var');
      if (instances !== undefined && varDisk !== undefined && instances.measuredAt === varDisk.measuredAt)
        return {
          verdict: 'ok',
          diagnosis: `${answers.storage.instancePath} is on the same file system as /var`,
        };
      return diskFinding(facts, release, answers.storage.instancePath);
    },
  },
  {
    id: 'hostname',
    title: 'host name resolves to the host address',
    run: ({ model: { answers, net }, probes }) => {
      const address = net.address;
      const name = answers.host.hostname;
      const found = probes.hostnameAddresses;
      if (found !== undefined && found.includes(address))
        return { verdict: 'ok', diagnosis: `${name} resolves to ${address}` };
      return {
        verdict: 'treatable',
        diagnosis:
          found === undefined || found.length === 0
            ? `${name} does not resolve`
            : `${name} resolves to ${found.join(', ')}, not ${address}`,
        treatment: `the install adds "${address} ${name}" to /etc/hosts`,
        treatedBy: 'host.hosts',
      };
    },
  },
  {
    id: 'interface',
    title: 'network interface',
    run: ({ facts, model: { answers } }) => {
      const { interface: name, bridge } = answers.network;
      if (facts.interfaces === undefined) return unknown(`whether ${name} exists`);
      const nic = findInterface(facts, name);
      if (nic === undefined)
        return {
          verdict: 'fatal',
          diagnosis: `there is no interface ${name}; this host has ${facts.interfaces
            .filter((i) => i.kind !== 'loopback')
            .map((i) => i.name)
            .join(', ')}`,
          treatment: 'set network.interface to the wired interface that carries the host address',
        };
      if (nic.wireless === true)
        return {
          verdict: 'fatal',
          diagnosis: `${name} is a wireless interface: a bridge cannot take it over`,
          treatment: 'use a wired interface',
        };
      if (!nic.up || !nic.lowerUp)
        return {
          verdict: 'fatal',
          diagnosis: `${name} is ${nic.up ? 'up but has no carrier (cable unplugged?)' : 'down'}`,
          treatment: `bring it up (ifup ${name}) with its cable plugged in`,
        };
      if (nic.master !== undefined && nic.master !== bridge)
        return {
          verdict: 'fatal',
          diagnosis: `${name} is already enslaved to ${nic.master}`,
          treatment: `set network.interface to ${nic.master}'s wired member, or network.bridge to ${nic.master}`,
        };
      if (nic.kind !== undefined && nic.kind !== 'wired' && !bridged(facts, name, bridge))
        return {
          verdict: 'warning',
          diagnosis: `${name} is a ${nic.kind} interface, not a wired NIC`,
          treatment: 'bridging it may work; accept this warning to try',
        };
      return { verdict: 'ok', diagnosis: `${name} is up and wired` };
    },
  },
  {
    id: 'interface-address',
    title: 'host address on the interface',
    run: ({ facts, model: { answers, net } }) => {
      const { interface: name, bridge } = answers.network;
      if (facts.interfaces === undefined) return unknown(`${name}'s addresses`);
      const holder = hostInterface(facts, name, bridge);
      if (holder === undefined) return { verdict: 'fatal', diagnosis: `there is no interface ${name}` };
      const addresses = ipv4Addresses(facts, holder.name);
      const wanted = net.cidr;
      const first = addresses[0];
      if (first === undefined)
        return {
          verdict: 'fatal',
          diagnosis: `${holder.name} has no IPv4 address`,
          treatment: `give it ${wanted} (static) before installing`,
        };
      const have = addresses.map((a) => `${a.address}/${a.prefix}`);
      if (!addresses.some((a) => a.address === net.address && a.prefix === net.prefix))
        return {
          verdict: 'fatal',
          diagnosis: `${holder.name} has ${have.join(', ')}, but network.address is ${wanted}`,
          treatment: 'correct network.address, or give the interface that address first',
        };
      if (addresses.length > 1)
        return {
          verdict: 'warning',
          diagnosis: `${holder.name} has ${addresses.length} IPv4 addresses (${have.join(', ')}); the bridge keeps only ${wanted}`,
          treatment: 'remove the others, or accept that they go away',
        };
      return { verdict: 'ok', diagnosis: `${holder.name} has ${wanted}` };
    },
  },
  {
    id: 'interface-static',
    title: 'static address',
    run: ({ facts, model: { answers } }) => {
      const { interface: name, bridge } = answers.network;
      if (facts.interfaces === undefined) return unknown(`how ${name} gets its address`);
      const holder = hostInterface(facts, name, bridge);
      // initscripts (and FastStart's check) take both dhcp and bootp as "ask the network".
      const bootproto = ifcfgFor(facts, holder?.name ?? name)?.bootproto;
      const dhcpFile = bootproto === 'dhcp' || bootproto === 'bootp';
      const leased = ipv4Addresses(facts, holder?.name ?? name).some((a) => a.dynamic);
      if (dhcpFile || leased)
        return {
          verdict: 'warning',
          diagnosis: `${name} gets its address from DHCP; the cloud needs an address that never changes`,
          treatment:
            'the install writes a static configuration with network.address: reserve that address in the DHCP server, then accept this warning',
        };
      return { verdict: 'ok', diagnosis: `${name} has a static address` };
    },
  },
  {
    id: 'network-manager',
    title: 'NetworkManager',
    run: ({ facts, model: { answers } }) => {
      const name = answers.network.interface;
      if (facts.units === undefined) return unknown('whether NetworkManager runs');
      const active = facts.units['NetworkManager.service']?.activeState === 'active';
      const managed = ifcfgFor(facts, name)?.nmControlled !== false;
      if (active && managed)
        return {
          verdict: 'treatable',
          diagnosis: `NetworkManager manages ${name}`,
          treatment: 'the install writes NM_CONTROLLED=no into the interface and bridge files',
          treatedBy: 'bridge.network',
        };
      return { verdict: 'ok', diagnosis: `NetworkManager does not manage ${name}` };
    },
  },
  {
    id: 'packagekit',
    title: 'PackageKit',
    run: ({ facts }) => {
      if (facts.units === undefined) return unknown('whether PackageKit runs');
      if (facts.units['PackageKit.service']?.activeState === 'active')
        return {
          verdict: 'warning',
          diagnosis: 'PackageKit is running and can hold the yum lock for minutes',
          treatment: 'stop it (systemctl stop packagekit), or accept this warning',
        };
      return { verdict: 'ok', diagnosis: 'PackageKit is not running' };
    },
  },
  {
    id: 'yum-lock',
    title: "yum's lock",
    run: ({ facts }) => {
      if (facts.yumLock === undefined) return unknown("whether another process holds yum's lock");
      if (facts.yumLock === null) return { verdict: 'ok', diagnosis: "nobody holds yum's lock" };
      const { pid, command } = facts.yumLock;
      const packagekit = command === 'packagekitd';
      return {
        verdict: 'warning',
        diagnosis: `${command} (pid ${pid}) holds yum's lock: the install's yum would wait for it`,
        treatment: packagekit
          ? 'stop PackageKit (systemctl stop packagekit) or wait for it to finish, then check again; or accept this warning'
          : 'wait for it to finish, then check again; or accept this warning',
      };
    },
  },
  {
    id: 'address-ranges',
    title: 'instance address ranges free',
    run: ({ probes }) => {
      const live = probes.liveAddresses;
      if (live === undefined) return unknown('whether addresses of the ranges are in use');
      if (live.length > 0)
        return {
          verdict: 'warning',
          diagnosis: `${live.length} address${live.length === 1 ? '' : 'es'} of cloud.publicIps/privateIps answer${live.length === 1 ? 's' : ''} now: ${live.slice(0, 8).join(', ')}${live.length > 8 ? ', ...' : ''}`,
          treatment: 'choose free addresses (no DHCP server may hand them out), or accept this warning',
        };
      return {
        verdict: 'ok',
        diagnosis:
          probes.probedAddresses > 0
            ? `none of the ${probes.probedAddresses} probed addresses answers ping or ARP`
            : 'no address of the ranges is in the neighbour table (not pinged: the host is not on that subnet)',
      };
    },
  },
  {
    id: 'selinux',
    title: 'SELinux',
    run: ({ facts, model: { answers } }) => {
      const { mode, configuredMode } = facts.selinux;
      if (mode === undefined) return unknown('the SELinux mode');
      const wanted = answers.host.selinux;
      if (wanted === 'enforcing')
        return mode === 'disabled'
          ? {
              verdict: 'warning',
              diagnosis: 'SELinux is disabled, but host.selinux is enforcing',
              treatment:
                'the install leaves it disabled (turning it on takes a relabel and a reboot): set host.selinux to permissive, or accept this warning',
            }
          : {
              verdict: 'warning',
              diagnosis: `host.selinux is enforcing (SELinux is ${mode} now): the last FastStart switched to permissive because Walrus refused requests and instances did not start under enforcing`,
              treatment:
                'set host.selinux to permissive, or accept this warning; the install sets the booleans of the install guide (tasks host.selinux, configuration.selinux)',
            };
      if (mode === 'enforcing' || configuredMode === 'enforcing')
        return {
          verdict: 'treatable',
          diagnosis:
            mode === 'enforcing'
              ? 'SELinux is enforcing'
              : `SELinux is ${mode} now, enforcing after a reboot`,
          treatment: 'the install makes it permissive, now and after a reboot',
          treatedBy: 'host.selinux',
        };
      return { verdict: 'ok', diagnosis: `SELinux is ${mode}` };
    },
  },
  {
    id: 'firewalld',
    title: 'firewalld',
    run: ({ facts, release }) => {
      const firewall = unitName(release.units.firewall);
      if (facts.units === undefined) return unknown(`whether ${firewall} runs`);
      if (facts.units[release.units.firewall]?.activeState === 'active')
        return {
          verdict: 'treatable',
          diagnosis: `${firewall} is running`,
          treatment: `the install stops and disables it, as Eucalyptus ${release.eucalyptusVersion} requires`,
          treatedBy: 'host.firewalld',
        };
      return { verdict: 'ok', diagnosis: `${firewall} is not running` };
    },
  },
  {
    id: 'time-sync',
    title: 'time synchronisation',
    run: ({ facts }) => {
      if (facts.units === undefined) return unknown('whether the clock is kept in step');
      const running = ['chronyd.service', 'ntpd.service'] as const;
      const active = running.find((u) => facts.units?.[u]?.activeState === 'active');
      if (active === undefined)
        return {
          verdict: 'treatable',
          diagnosis: 'neither chronyd nor ntpd is running',
          treatment: 'the install configures and starts chronyd with host.ntpServers',
          treatedBy: 'configuration.timesync',
        };
      return { verdict: 'ok', diagnosis: `${active.replace('.service', '')} keeps the clock in step` };
    },
  },
  {
    id: 'libvirt-network',
    title: "libvirt's default network",
    run: ({ facts }) => {
      if (facts.sockets === undefined) return unknown('what listens on ports 53 and 67');
      const dnsmasq = dnsmasqSockets(facts).libvirt.length > 0;
      const virbr = findInterface(facts, LIBVIRT_BRIDGE) !== undefined;
      if (dnsmasq || virbr)
        return {
          verdict: 'treatable',
          diagnosis: "libvirt's default network (virbr0, dnsmasq) holds ports 53 and 67 that eucanetd needs",
          treatment: 'the install destroys and undefines it',
          treatedBy: 'packages.libvirt',
        };
      return { verdict: 'ok', diagnosis: "libvirt's default network is not active" };
    },
  },
  {
    id: 'ports',
    title: 'ports Eucalyptus needs',
    run: ({ facts, release }) => {
      if (facts.sockets === undefined) return unknown('what listens on the Eucalyptus ports');
      // After an earlier install its own services hold these ports: a re-run resumes, it does not collide.
      if (facts.journal !== null && facts.journal !== undefined)
        return { verdict: 'ok', diagnosis: "the Eucalyptus ports belong to the earlier install's services" };
      const taken = releasePorts(release).flatMap(({ port, proto }) =>
        listenersOn(facts, port, proto)
          .filter((name) => name !== 'dnsmasq')
          .map((name) => `${proto} ${port} (${name === '?' ? 'unknown process' : name})`),
      );
      // dnsmasq that is not libvirt's (dnsmasq.service, or another network's): the install does not stop it.
      for (const s of dnsmasqSockets(facts).other)
        taken.push(`${s.protocol} ${s.port ?? '*'} (dnsmasq, not libvirt's default network)`);
      if (taken.length > 0)
        return {
          verdict: 'fatal',
          diagnosis: `already in use: ${[...new Set(taken)].join(', ')}`,
          treatment: 'stop those services; Eucalyptus needs these ports on this host',
        };
      return {
        verdict: 'ok',
        diagnosis: `ports ${portList(releasePorts(release).map((p) => p.port))} are free`,
      };
    },
  },
  {
    id: 'repositories',
    title: 'package repositories reachable',
    forceable: { why: 'yum may reach them through a proxy that this check does not use' },
    run: ({ probes }) => {
      if (probes.repositories === undefined) return unknown('whether the package repositories answer');
      const down = probes.repositories.filter((r) => !r.reachable);
      const first = down[0];
      if (first !== undefined)
        return {
          verdict: 'fatal',
          diagnosis: `unreachable: ${down.map((r) => `${r.id} ${r.url} (${r.error ?? 'no answer'})`).join('; ')}`,
          summary:
            down.length === 1
              ? `the repository ${first.id} (${first.url}) does not answer`
              : `${down.length} of ${probes.repositories.length} repositories do not answer, ${first.id} (${first.url}) among them`,
          treatment:
            'point repositories.<id> in the answers at a mirror that answers, or install from the ISO with an offline repository',
        };
      return { verdict: 'ok', diagnosis: `${probes.repositories.length} repositories answer` };
    },
  },
  {
    // Since CentOS 7's end of life, a stock or third-party .repo whose mirror list is gone fails every yum
    // command ("Cannot find a valid baseurl for repo"). The install's yum leaves them out
    // (--disablerepo='*'); the user's own yum commands do not.
    id: 'other-repositories',
    title: 'other enabled yum repositories reachable',
    run: ({ probes }) => {
      if (probes.otherRepositories === undefined) return unknown('whether the other yum repositories answer');
      const down = probes.otherRepositories.filter((r) => !r.reachable);
      const first = down[0];
      if (first !== undefined)
        return {
          verdict: 'warning',
          diagnosis: `enabled but unreachable: ${down.map((r) => `${r.id} in ${r.file ?? '?'} (${r.url}: ${r.error ?? 'no answer'})`).join('; ')}; the install's yum leaves them out, every other yum command fails`,
          summary: `${down.length === 1 ? `the repository ${first.id}` : `${down.length} repositories`} in ${first.file ?? '?'}${down.length === 1 ? '' : ' and others'} do not answer`,
          treatment: `disable them: set enabled=0 in ${[...new Set(down.map((r) => r.file ?? '?'))].join(', ')} (or yum-config-manager --disable ${down.map((r) => r.id).join(' ')})`,
        };
      return {
        verdict: 'ok',
        diagnosis:
          probes.otherRepositories.length === 0
            ? 'no other yum repository is enabled'
            : `${probes.otherRepositories.length} other repositories answer`,
      };
    },
  },
];

function diskFinding(facts: HostFacts, release: PreflightInput['release'], path: string): Finding {
  const disk = diskFor(facts, path);
  if (disk === undefined) return unknown(`the free space under ${path}`);
  const { minVarGiB, recommendedVarGiB, recommendedDiskGiB } = release.requirements;
  const text = `${gib(disk.freeBytes)} free under ${path}${disk.measuredAt === path ? '' : ` (on ${disk.measuredAt})`}`;
  if (disk.freeBytes < minVarGiB * GiB)
    return {
      verdict: 'fatal',
      diagnosis: `${text}; ${release.id} needs at least ${minVarGiB} GB`,
      treatment: 'free or add space there',
    };
  if (disk.freeBytes < recommendedVarGiB * GiB)
    return {
      verdict: 'warning',
      diagnosis: `${text}; ${recommendedVarGiB} GB or more is recommended for images, instances and volumes`,
      treatment: 'add space, or accept this warning',
    };
  if (disk.totalBytes < recommendedDiskGiB * GiB)
    return {
      verdict: 'warning',
      diagnosis: `${text}, of ${gib(disk.totalBytes)}; the install guide asks for ${recommendedDiskGiB} GB of storage per host`,
      treatment: 'add space, or accept this warning',
    };
  return { verdict: 'ok', diagnosis: text };
}
