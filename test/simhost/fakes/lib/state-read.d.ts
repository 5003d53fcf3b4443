// Types of state-read.js (plain JavaScript so that the fakes need no build step).
import type { ListenerProcess } from './listener-process.js';

export interface SimCall {
  tool: string;
  argv: string[];
  exitCode: number;
  ms: number;
  at: string;
  changes: boolean;
  fault?: boolean;
}
export interface SimUnit {
  enabled: boolean;
  active: boolean;
  listener?: ListenerProcess;
}
export interface SimService {
  name: string;
  type: string;
  zone?: string;
  host: string;
}
export interface SimServiceState {
  type: string;
  zone: string;
  name: string;
  host?: string;
  state: 'enabled' | 'disabled' | 'broken' | 'notready' | 'stopped';
}
export interface SimState {
  packages: string[] | undefined;
  packageVersions: Record<string, { version: string; release: string; arch: string }> | undefined;
  units: Record<string, SimUnit> | undefined;
  /** whether the cloud's DNS listener bound port 53 when eucalyptus-cloud last started (undefined: never started) */
  cloudDns: 'bound' | 'address-in-use' | undefined;
  initialized: boolean;
  services: SimService[];
  properties: Record<string, string>;
  images: { id: string; version: string; created: string }[];
  loginProfiles: string[];
  /** the console password of each login profile ("account:user"), as the cloud received it */
  consolePasswords: Record<string, string>;
  accessKeys: Record<string, number>;
  nodes: string[] | undefined;
  selinux:
    { mode: string; booleans: Record<string, boolean>; persistent: Record<string, boolean> } | undefined;
  libvirtNetworks: Record<string, { active: boolean; autostart: boolean; persistent: boolean }> | undefined;
  modules: string[];
  sysctl: Record<string, string>;
  gpgKeys: string[];
  bridgeUpMarker: boolean;
  faults: unknown[];
  calls: SimCall[];
}
export function readCalls(root: string): SimCall[];
export function changingCalls(root: string): SimCall[];
export function readNodes(root: string): string[] | undefined;
export function readState(root: string): SimState;
export function serviceStates(root: string): Promise<SimServiceState[]>;
export interface SimInterface {
  name: string;
  kind: string | undefined;
  master: string | undefined;
  mac: string | undefined;
  up: boolean;
  ipv4: string[];
}
export function readInterfaces(netns: string): SimInterface[];
export function readRoutes(netns: string): { dst: string; gateway: string | undefined; dev: string }[];
