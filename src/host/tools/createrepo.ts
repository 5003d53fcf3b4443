/**
 * createrepo_c: yum repository metadata for a directory of RPMs. The metadata goes to `outputDir`
 * (its repodata/), so the user's directory is only read.
 */
import type { ToolOptions } from './tool.js';
import { runTool } from './tool.js';

export async function createRepoMetadata(
  packagesDir: string,
  outputDir: string,
  options: ToolOptions = {},
): Promise<void> {
  await runTool('createrepo_c', ['--quiet', '--outputdir', outputDir, packagesDir], options);
}
