/** /proc/meminfo, every value in bytes. */
import type { MemoryInfo } from './types.js';
import { withOptional } from './optional.js';

const LINE = /^([A-Za-z0-9_()]+):\s+(\d+)(?:\s+(kB))?\s*$/;

/** undefined when the text has no MemTotal (not a meminfo file). */
export function parseMeminfo(text: string): MemoryInfo | undefined {
  const values: Record<string, number> = {};
  for (const line of text.split('\n')) {
    const m = LINE.exec(line);
    if (m?.[1] === undefined || m[2] === undefined) continue;
    // The kernel's "kB" is KiB.
    values[m[1]] = Number(m[2]) * (m[3] === undefined ? 1 : 1024);
  }
  const totalBytes = values.MemTotal;
  if (totalBytes === undefined) return undefined;
  return withOptional(
    { totalBytes, values },
    { availableBytes: values.MemAvailable, swapTotalBytes: values.SwapTotal },
  );
}
