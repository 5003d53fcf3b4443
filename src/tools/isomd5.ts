/**
 * implantisomd5 (isomd5sum): writes the image's MD5 into its primary volume descriptor, which anaconda's
 * "Test this media" (rd.live.check, checkisomd5) verifies. --force replaces the base's own sum.
 */
import type { ToolOptions } from './tool.js';
import { runTool } from './tool.js';

export async function implantIsoMd5(iso: string, options: ToolOptions = {}): Promise<void> {
  await runTool('implantisomd5', ['--force', iso], options);
}
