/**
 * The install plan compiled into one standalone bash script: the same task ids, snippets, journal,
 * backups and log location as `cloud-in-a-box install` (both go through templates/shell/prelude.bash),
 * so either can resume what the other started. It needs only bash, coreutils and util-linux (flock) on
 * the host: no Node.js. The script's own loop is templates/shell/standalone.bash; what it knows of the
 * plan, the release and the installer's paths reaches it as quoted assignments put before it.
 */
import { preludeText, shellFile, taskFunctions, taskHash, taskSecrets } from './tasks.js';
import { releases } from '../release/index.js';
import type { ReleaseProfile } from '../release/index.js';
import {
  DETACHED_LOCK,
  FIRSTBOOT_UNIT,
  LOG_DIR,
  ROLE_FILE,
  RUN_LOCK_HELD_EXIT,
  RUN_LOCK_NAME,
} from '../locations.js';
import { shellWord } from '../quote.js';
import type { Plan } from '../plan/types.js';
import type { Role } from '../role.js';

export interface CompileOptions {
  /** written into the script's header, for people who open it (one line) */
  generatedBy: string;
  /** the role the plan was built for: the script refuses a host that ROLE_FILE says is another */
  role: Role;
  /** files a first boot removes before it starts (copies of the kickstart that carry its secrets) */
  firstbootRemoves?: readonly string[];
}

export function compileScript(plan: Plan, options: CompileOptions): string {
  if (/[\r\n]/.test(options.generatedBy)) throw new Error('generatedBy must be one line');
  const files = new Map(plan.tasks.flatMap((t) => t.files).map((f) => [f.staged, f.content]));
  const release = releaseOf(plan);
  return [
    '#!/bin/bash',
    `# cloud-in-a-box standalone installer for ${plan.release}, ${options.generatedBy}.`,
    '# Run as root on the target host: bash install.sh [--firstboot]. Run it again to resume: finished tasks',
    '# are skipped, a failed task runs again. `cloud-in-a-box install` with the same answers resumes it too.',
    '# It embeds files that may hold secrets: keep it mode 0600.',
    'set -u',
    preludeText(),
    assign('CIAB_RELEASE', release.id),
    assign('CIAB_RELEASE_TITLE', release.title),
    assign('CIAB_OS_IDS', release.os.ids.join(' ')),
    assign('CIAB_OS_MAJOR', release.os.majorVersion),
    assign('CIAB_OS_ARCH', release.os.arch.join(' ')),
    assign('CIAB_OS_LABEL', release.os.label),
    assign('CIAB_ROLE', options.role),
    assign('CIAB_ROLE_FILE', ROLE_FILE),
    assign('CIAB_LOG_DIR', LOG_DIR),
    assign('CIAB_RUN_LOCK', RUN_LOCK_NAME),
    assign('CIAB_RUN_LOCK_HELD_EXIT', RUN_LOCK_HELD_EXIT),
    assign('CIAB_DETACHED_LOCK', DETACHED_LOCK),
    assign('CIAB_FIRSTBOOT_UNIT', FIRSTBOOT_UNIT),
    assignArray('CIAB_FIRSTBOOT_REMOVES', options.firstbootRemoves ?? []),
    assignArray(
      'CIAB_TASK_IDS',
      plan.tasks.map((t) => t.id),
    ),
    assignArray('CIAB_TASK_HASHES', plan.tasks.map(taskHash)),
    assignArray(
      'CIAB_TASK_SECRETS',
      plan.tasks.map((t) => taskSecrets(t).join(' ')),
    ),
    assignArray(
      'CIAB_TASK_TITLES',
      plan.tasks.map((t) => t.title),
    ),
    assignArray(
      'CIAB_TASK_RERUN_AFTER',
      plan.tasks.map((t) => t.rerunAfter.join(' ')),
    ),
    assignArray(
      'CIAB_TASK_DEPENDENTS',
      plan.tasks.map((t) => dependents(plan, t.id).join(' ')),
    ),
    assignArray('CIAB_FILE_NAMES', [...files.keys()]),
    // base64 in lines of 76, as base64(1) writes it: the script stays readable in an editor
    assignArray(
      'CIAB_FILE_CONTENTS',
      [...files.values()].map((content) =>
        Buffer.from(content)
          .toString('base64')
          .replace(/.{76}(?=.)/g, '$&\n'),
      ),
    ),
    shellFile('standalone.bash'),
    taskFunctions(plan.tasks, { undo: false }),
    '',
    'ciab_main "$@"',
    '',
  ].join('\n');
}

const assign = (name: string, value: string | number): string => `${name}=${shellWord(value)}`;

/** A bash array, one element a line (an empty array on one line). */
const assignArray = (name: string, values: readonly string[]): string =>
  values.length === 0
    ? `${name}=()`
    : [`${name}=(`, ...values.map((v) => `  ${shellWord(v)}`), ')'].join('\n');

function releaseOf(plan: Plan): ReleaseProfile {
  const release = Object.values(releases).find((r) => r.id === plan.release);
  if (release === undefined) throw new Error(`a plan for an unknown release: ${plan.release}`);
  return release;
}

/** The tasks whose rerunAfter names ID (marked stale when ID applies). */
const dependents = (plan: Plan, id: string): string[] =>
  plan.tasks.filter((t) => t.rerunAfter.includes(id)).map((t) => t.id);
