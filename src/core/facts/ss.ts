/**
 * Listening sockets from `ss -lntup` (with or without -H). Formats differ between iproute2 versions:
 * CentOS 7 prints `*:22`, `:::22` and `::1:25`; newer ones `0.0.0.0:22`, `[::]:22`, `[::1]:25`, and
 * `127.0.0.53%lo:53` for a socket bound to an interface.
 */
import type { ListeningSocket, SocketProcess } from './types.js';
import { withOptional } from './optional.js';

const PROCESS = /\("((?:[^"\\]|\\.)*)",pid=(\d+),fd=(\d+)\)/g;

export function parseSsListening(text: string): ListeningSocket[] {
  return text.split('\n').flatMap((line): ListeningSocket[] => {
    const words = line.trim().split(/\s+/);
    const protocol = words[0];
    // The header starts with Netid; anything else not tcp/udp is not ours.
    if (protocol !== 'tcp' && protocol !== 'udp') return [];
    const local = splitLocal(words[4] ?? '');
    if (local === undefined) return [];
    const processes: SocketProcess[] = [];
    for (const m of line.matchAll(PROCESS))
      processes.push({ name: (m[1] ?? '').replace(/\\(.)/g, '$1'), pid: Number(m[2]), fd: Number(m[3]) });
    return [
      withOptional(
        { protocol, address: local.address, port: local.port, processes },
        { interface: local.iface },
      ),
    ];
  });
}

function splitLocal(text: string): { address: string; port: number | undefined; iface?: string } | undefined {
  const colon = text.lastIndexOf(':');
  if (colon < 0) return undefined;
  const portText = text.slice(colon + 1);
  let address = text.slice(0, colon);
  let iface: string | undefined;
  const percent = address.lastIndexOf('%');
  if (percent >= 0) {
    iface = address.slice(percent + 1);
    address = address.slice(0, percent);
  }
  if (address.startsWith('[') && address.endsWith(']')) address = address.slice(1, -1);
  const port = /^\d+$/.test(portText) ? Number(portText) : undefined;
  return iface === undefined ? { address, port } : { address, port, iface };
}
