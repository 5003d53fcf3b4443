/**
 * A recorded host for the gatherer: files by absolute path and command results. It fails loudly:
 * a command nobody recorded throws, and reading an unknown file is ENOENT, as on a real host.
 */
import type { StatfsNumbers } from '../../src/core/facts/disk.js';
import type { HostCommands } from '../../src/host/commands.js';
import type { GatherDeps } from '../../src/host/gather.js';

export interface FakeHost {
  files: Record<string, string>;
  commands: Partial<HostCommands>;
  statfs?: StatfsNumbers;
  uid?: number;
}

export function enoent(file: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOENT: no such file or directory, open '${file}'`), { code: 'ENOENT' });
}

export function fakeDeps(host: FakeHost): GatherDeps & { statfsCalls: string[] } {
  const paths = Object.keys(host.files);
  const statfsCalls: string[] = [];
  const isDir = (dir: string): boolean => paths.some((p) => p.startsWith(dir === '/' ? '/' : `${dir}/`));
  const notRecorded = (name: string) => (): Promise<never> =>
    Promise.reject(new Error(`${name}: not recorded`));
  const run: HostCommands = {
    showAddresses: notRecorded('ip addr'),
    showRoutes: notRecorded('ip route'),
    showNeighbours: notRecorded('ip neigh'),
    listListeningSockets: notRecorded('ss'),
    listInstalledPackages: notRecorded('rpm'),
    showUnitStates: notRecorded('systemctl'),
    getEnforce: notRecorded('getenforce'),
    showFqdn: notRecorded('hostname -f'),
    ...host.commands,
  };
  return {
    statfsCalls,
    readFile: (file) => {
      const text = host.files[file];
      return text === undefined ? Promise.reject(enoent(file)) : Promise.resolve(text);
    },
    exists: (file) => Promise.resolve(file in host.files || isDir(file)),
    readDir: (dir) => {
      const prefix = `${dir}/`;
      const names = [
        ...new Set(
          paths.filter((p) => p.startsWith(prefix)).map((p) => p.slice(prefix.length).split('/')[0]!),
        ),
      ];
      return names.length === 0 ? Promise.reject(enoent(dir)) : Promise.resolve(names);
    },
    statfs: (file) => {
      statfsCalls.push(file);
      return host.statfs === undefined
        ? Promise.reject(new Error('statfs: not recorded'))
        : Promise.resolve(host.statfs);
    },
    run,
    identity: () => ({ uid: host.uid ?? 0, arch: 'x86_64' }),
  };
}
