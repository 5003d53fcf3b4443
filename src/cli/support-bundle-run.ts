/** What `support-bundle` does once its options are parsed; loaded only when the command runs. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { InputError } from '../core/errors.js';
import { messages } from '../core/messages.js';
import { statusJson } from '../core/status/report.js';
import { cloudSide } from '../core/steps/step.js';
import { bundleFiles } from '../core/support/bundle.js';
import { collectSupportFiles } from '../host/support.js';
import { writeSupportArchive } from '../host/support-archive.js';
import type { TargetHost } from '../host/target-host.js';
import { gatherFrom } from '../host/target-host.js';
import type { Io } from './io.js';
import type { KeptInstall } from './status-run.js';
import { keptInstall, statusOf } from './status-run.js';
import { readHostRole } from '../host/role.js';
import type { TargetFlags } from './target-option.js';
import { onTarget } from './target-option.js';

export interface SupportBundleOptions extends TargetFlags {
  output?: string;
}

export async function supportBundle(options: SupportBundleOptions, io: Io): Promise<void> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const top = `cloud-in-a-box-support-${stamp}`;
  const out = path.resolve(io.cwd, options.output ?? `${top}.tar.gz`);
  if (existsSync(out)) throw new InputError(messages.bundleExists(out), messages.bundleExistsHint);
  const files = await onTarget(options, io, (target) => filesOf(target));
  await writeSupportArchive(files, top, out);
  io.out(messages.bundleWritten(out, files.length));
}

async function filesOf(target: TargetHost) {
  const problems: string[] = [];
  // A bundle is most wanted where something is broken: kept answers that no longer validate are reported
  // in it, not a reason to write none.
  const install = await keptInstall(target).catch(async (error: unknown): Promise<KeptInstall> => {
    if (!(error instanceof InputError)) throw error;
    problems.push(error.message, ...error.details);
    return { role: await readHostRole(target).catch(() => undefined), kept: undefined, plan: undefined };
  });
  const status = await statusOf(target, install);
  const facts = await gatherFrom(target);
  const asksCloud = install.role !== undefined && cloudSide.includes(install.role);
  const collected = await collectSupportFiles(target, asksCloud);
  return bundleFiles({
    answers: install.kept?.answers,
    plan: install.plan,
    facts,
    statusJson: statusJson(status, target.name),
    files: collected.files,
    hostSecrets: collected.secrets,
    problems,
  });
}
