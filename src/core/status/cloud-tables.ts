/**
 * The cloud's own account of its services and node controllers, as the euca2ools 3.4 admin tools print
 * them on a pipe (requestbuilder's table output: words separated by spaces, no header):
 * `euserv-describe-services`: `SERVICE  TYPE  ZONE  NAME  STATE` per service (grouped by type, the default);
 * `euserv-describe-node-controllers`: `NODE  ZONE  ADDRESS  STATE`, each followed by an `INSTANCE  ID` line
 * per instance it runs (euca2ools reference, euserv-describe-node-controllers, "Output").
 */

export interface CloudService {
  type: string;
  zone: string;
  name: string;
  /** as the cloud says it: ENABLED, NOTREADY, DISABLED, BROKEN, STOPPED, ... */
  state: string;
}

export interface NodeController {
  zone: string;
  address: string;
  /** as the cloud says it: enabled, notready, ... */
  state: string;
  instances: string[];
}

export function parseServices(text: string): CloudService[] {
  return text.split('\n').flatMap((line) => {
    const [kind, type, zone, name, state] = line.trim().split(/\s+/);
    if (kind !== 'SERVICE' || type === undefined || zone === undefined || name === undefined) return [];
    return state === undefined ? [] : [{ type, zone, name, state }];
  });
}

export function parseNodeControllers(text: string): NodeController[] {
  const nodes: NodeController[] = [];
  for (const line of text.split('\n')) {
    const words = line.trim().split(/\s+/);
    if (words[0] === 'NODE' && words.length >= 4)
      nodes.push({ zone: words[1] ?? '', address: words[2] ?? '', state: words[3] ?? '', instances: [] });
    else if (words[0] === 'INSTANCE' && words[1] !== undefined) nodes.at(-1)?.instances.push(words[1]);
  }
  return nodes;
}

/** The one state the install leaves every service and node controller in. */
export const isEnabled = (state: string): boolean => state.toLowerCase() === 'enabled';
