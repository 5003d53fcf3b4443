/** Free space from statfs(2), measured at the nearest existing ancestor of a path that may not exist yet. */
import path from 'node:path';
import type { DiskSpace } from './types.js';

/** The fields of node's StatFs that matter here (numbers; bigint statfs is not used). */
export interface StatfsNumbers {
  bsize: number;
  blocks: number;
  bavail: number;
}

export function diskSpace(asked: string, measuredAt: string, stats: StatfsNumbers): DiskSpace {
  return {
    path: asked,
    measuredAt,
    totalBytes: stats.blocks * stats.bsize,
    // bavail, not bfree: what `df` shows as Avail, without the blocks reserved for root.
    freeBytes: stats.bavail * stats.bsize,
  };
}

/** `/var/lib/eucalyptus/instances` -> itself, `/var/lib/eucalyptus`, `/var/lib`, `/var`, `/`. */
export function selfAndAncestors(p: string): string[] {
  const out: string[] = [];
  let current = path.posix.resolve('/', p);
  for (;;) {
    out.push(current);
    const parent = path.posix.dirname(current);
    if (parent === current) return out;
    current = parent;
  }
}
