/**
 * Where `--target` points: `[user@]host[:port]` or `ssh://[user@]host[:port]`, as ssh(1) writes a
 * destination. Pure: it only parses. The host is an IPv4 address, an IPv6 address in brackets, or an
 * RFC 1123 name (or a Host alias of ~/.ssh/config, which takes the same characters), so no value can reach
 * ssh's argv as an option: none starts with "-".
 */
import ipaddr from 'ipaddr.js';
import { ipOrHostnameProblem } from './answers/rules.js';

export interface TargetAddress {
  /** undefined: ssh's own choice (~/.ssh/config's User, else the local user name) */
  user: string | undefined;
  host: string;
  /** undefined: ssh's own choice (~/.ssh/config's Port, else 22) */
  port: number | undefined;
}

/** POSIX portable user names (useradd(8): [a-z_][a-z0-9_-]*[$]?), upper case too as some directories allow. */
const USER = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;

/** The address, or the sentence that says what is wrong with it (for the `--target` error). */
export function parseTargetAddress(text: string): TargetAddress | string {
  const rest = text.startsWith('ssh://') ? text.slice('ssh://'.length).replace(/\/$/, '') : text;
  const at = rest.lastIndexOf('@');
  const user = at === -1 ? undefined : rest.slice(0, at);
  const hostPort = at === -1 ? rest : rest.slice(at + 1);
  if (user !== undefined && !USER.test(user))
    return `the user "${user}" is not a user name (letters, digits, "_", "." and "-")`;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  const plain = /^([^:[\]]+)(?::(\d+))?$/.exec(hostPort);
  const [, host, portText] = bracketed ?? plain ?? [];
  if (host === undefined || host === '') return 'give the host as [user@]host[:port], e.g. root@192.0.2.10';
  if (bracketed !== null && !ipaddr.IPv6.isValid(host)) return `[${host}] is not an IPv6 address`;
  if (bracketed === null && ipOrHostnameProblem(host) !== undefined)
    return `the host "${host}" ${ipOrHostnameProblem(host) ?? ''}`;
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (port < 1 || port > 65535)) return `the port ${portText ?? ''} is not 1 to 65535`;
  return { user, host, port };
}

/** How messages, progress lines and --json name the target: `root@host`, `[::1]:2222`. */
export function formatTargetAddress({ user, host, port }: TargetAddress): string {
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return `${user === undefined ? '' : `${user}@`}${shownHost}${port === undefined ? '' : `:${String(port)}`}`;
}
