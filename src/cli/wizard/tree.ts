/**
 * Plain answer trees (what YAML, flags and typed answers produce) and the few operations the wizard's
 * precedence needs: read a path, write a path, and lay one tree over another.
 */
export type Tree = Record<string, unknown>;

const isTree = (value: unknown): value is Tree =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export function getPath(tree: unknown, path: readonly string[]): unknown {
  let current = tree;
  for (const key of path) {
    if (!isTree(current)) return undefined;
    current = current[key];
  }
  return current;
}

/** A copy of the tree with one value set (sections created as needed). */
export function setPath(tree: Tree, path: readonly string[], value: unknown): Tree {
  const [key, ...rest] = path;
  if (key === undefined) return tree;
  const child = tree[key];
  return { ...tree, [key]: rest.length === 0 ? value : setPath(isTree(child) ? child : {}, rest, value) };
}

/** `top` over `bottom`: sections merge key by key; lists and values from `top` replace; undefined is "not given". */
export function overlay(bottom: unknown, top: unknown): unknown {
  if (top === undefined) return bottom;
  if (!isTree(top) || !isTree(bottom)) return top;
  const out: Tree = { ...bottom };
  for (const [key, value] of Object.entries(top)) out[key] = overlay(bottom[key], value);
  return out;
}

export const layer = (...trees: unknown[]): Tree => {
  const merged = trees.reduce<unknown>((bottom, top) => overlay(bottom, top), {});
  return isTree(merged) ? merged : {};
};

export { isTree };
