/**
 * The precedence of answers, lowest first: schema defaults < host facts < answers file < flags < typed.
 * The facts layer is recomputed from the answers so far, so that proposals follow the user: a different
 * address gives address blocks in the new subnet, a different host name gives a matching DNS domain,
 * and instanceDns (derived, never asked) stays the host address.
 */
import { leafFields } from '../../core/answers/fields.js';
import type { HostDefaults } from '../../core/answers/propose.js';
import { proposeAnswers } from '../../core/answers/propose.js';
import type { Tree } from './tree.js';
import { getPath, layer } from './tree.js';

export interface Layers {
  facts: HostDefaults;
  file: Tree;
  flags: Tree;
  typed: Tree;
}

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** What the user (file, flags, typing) decided, without facts or defaults. */
export const given = (layers: Layers): Tree => layer(layers.file, layers.flags, layers.typed);

/** The host's proposals, made from the host facts with the name, address and gateway decided so far. */
export function proposals(layers: Layers): Tree {
  const first = layer(proposeAnswers(layers.facts), given(layers));
  const facts: HostDefaults = {
    ...layers.facts,
    fqdn: text(getPath(first, ['host', 'hostname'])),
    address: text(getPath(first, ['network', 'address'])),
    gateway: text(getPath(first, ['network', 'gateway'])),
  };
  return layer({ version: 1 }, proposeAnswers(facts));
}

/** Every answer known so far: the whole candidate that validateAnswers judges. */
export const candidate = (layers: Layers): Tree => layer(proposals(layers), given(layers));

const schemaDefaults = new Map(leafFields().map((f) => [f.path.join('.'), f.defaultValue]));

/** The current value of a field: the candidate's, else the schema default (undefined: none). */
export function currentValue(values: Tree, path: readonly string[]): unknown {
  const value = getPath(values, path);
  return value !== undefined ? value : schemaDefaults.get(path.join('.'));
}
