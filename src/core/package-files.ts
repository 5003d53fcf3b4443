/**
 * Files that ship with the package (templates, the task library, the schema), found the same way from
 * the TypeScript sources (tests) and from the build in dist/.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | undefined;

/** The directory holding the package's package.json. */
export function packageRoot(): string {
  if (root !== undefined) return root;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cloud-in-a-box: cannot find the package root (package.json)');
    dir = parent;
  }
  root = dir;
  return root;
}

export const packageFile = (...segments: string[]): string => path.join(packageRoot(), ...segments);
