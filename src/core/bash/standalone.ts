/**
 * The install plan compiled into one standalone bash script: the same task ids, snippets, journal,
 * backups and log location as `cloud-in-a-box install` (both go through templates/shell/prelude.bash),
 * so either can resume what the other started. It needs only bash, coreutils and util-linux (flock) on
 * the host: no Node.js.
 */
import { preludeText, taskFunctions, taskHashWord } from './tasks.js';
import { releases } from '../release/index.js';
import type { ReleaseProfile } from '../release/index.js';
import { RUN_LOCK_NAME } from '../locations.js';
import { shellWord } from '../quote.js';
import type { Plan } from '../plan/types.js';

export interface CompileOptions {
  /** written into the script's header, for people who open it */
  generatedBy: string;
  /** files a first boot removes before it starts (copies of the kickstart that carry its secrets) */
  firstbootRemoves?: readonly string[];
}

export function compileScript(plan: Plan, options: CompileOptions): string {
  const files = new Map(plan.tasks.flatMap((t) => t.files).map((f) => [f.staged, f.content]));
  const tasks = plan.tasks.map(
    (task, i) =>
      `ciab_task ${i + 1} ${shellWord(task.id)} ${taskHashWord(task)} ${shellWord(task.title)} ${shellWord(task.rerunAfter.join(' '))} ${shellWord(dependents(plan, task.id).join(' '))}`,
  );
  const release = releaseOf(plan);
  return [
    '#!/bin/bash',
    `# cloud-in-a-box standalone installer for ${plan.release}, ${options.generatedBy}.`,
    '# Run as root on the target host: bash install.sh [--firstboot]. Run it again to resume: finished tasks',
    '# are skipped, a failed task runs again. `cloud-in-a-box install` with the same answers resumes it too.',
    '# It embeds files that may hold secrets: keep it mode 0600.',
    'set -u',
    preludeText(),
    `CIAB_RELEASE=${shellWord(release.id)}`,
    `CIAB_RELEASE_TITLE=${shellWord(release.title)}`,
    `CIAB_OS_IDS=${shellWord(release.os.ids.join(' '))}`,
    `CIAB_OS_MAJOR=${release.os.majorVersion}`,
    `CIAB_OS_ARCH=${shellWord(release.os.arch.join(' '))}`,
    `CIAB_OS_LABEL=${shellWord(release.os.label)}`,
    driver,
    taskFunctions(plan.tasks, { undo: false }),
    '',
    'ciab_stage_files() {',
    '  install -d -m 0700 "$CIAB_STAGING"',
    '  [ -s "$CIAB_SECRET_KEY" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$CIAB_SECRET_KEY")',
    ...[...files].map(
      ([staged, content]) =>
        `  base64 -d > "$CIAB_STAGING/${staged}" <<'CIAB_FILE'\n${Buffer.from(content).toString('base64').replace(/.{76}/g, '$&\n')}\nCIAB_FILE`,
    ),
    '}',
    '',
    'ciab_tasks() {',
    ...tasks.map((line) => `  ${line} || return 1`),
    '}',
    '',
    `CIAB_TOTAL=${plan.tasks.length}`,
    `CIAB_FIRSTBOOT_REMOVES=(${(options.firstbootRemoves ?? []).map(shellWord).join(' ')})`,
    'ciab_main "$@"',
    '',
  ].join('\n');
}

function releaseOf(plan: Plan): ReleaseProfile {
  const release = Object.values(releases).find((r) => r.id === plan.release);
  if (release === undefined) throw new Error(`a plan for an unknown release: ${plan.release}`);
  return release;
}

/** The tasks whose rerunAfter names ID (marked stale when ID applies). */
const dependents = (plan: Plan, id: string): string[] =>
  plan.tasks.filter((t) => t.rerunAfter.includes(id)).map((t) => t.id);

/** The script's own loop: logging, status lines where a person looks, first-boot retries. */
const driver = String.raw`
CIAB_LOG_DIR=/var/log/cloud-in-a-box
CIAB_FIRSTBOOT_UNIT=cloud-in-a-box-firstboot.service
CIAB_MAX_BOOT_FAILURES=3
declare -A CIAB_APPLIED=()

# ciab_status TEXT: one line in /etc/issue (the console before login) and /etc/motd (after login).
ciab_status() {
  local file line="cloud-in-a-box: $1"
  for file in /etc/issue /etc/motd; do
    [ -f "$file" ] || : >"$file"
    ciab_backup "$file"
    { grep -v '^cloud-in-a-box: ' "$file" || true; printf '%s\n' "$line"; } >"$file.ciab" && mv -f "$file.ciab" "$file"
  done
}

# ciab_task N ID HASH TITLE RERUN_AFTER DEPENDENTS: runs one task through the protocol, forcing it when a
# task it depends on applied in this run; DEPENDENTS are marked stale before it applies.
ciab_task() {
  local n=$1 id=$2 hash=$3 title=$4 after=$5 force=0 dep status
  local -a dependents
  read -ra dependents <<<"$6"
  for dep in $after; do [ -n "${'$'}{CIAB_APPLIED[$dep]:-}" ] && force=1; done
  ciab_status "installing, task $n of $CIAB_TOTAL: $title"
  ciab_say "[$n/$CIAB_TOTAL] $title"
  # (bash 4.2, CentOS 7's, calls an empty array unbound under set -u: hence the +)
  ciab_run_task "$id" "$hash" "$force" ${'$'}{dependents[@]+"${'$'}{dependents[@]}"}
  status=$?
  case $status in
    0) CIAB_APPLIED[$id]=1 ;;
    "$CIAB_EXIT_DONE_BEFORE") ciab_say "  skipped: done in an earlier run" ;;
    "$CIAB_EXIT_IN_PLACE") ciab_say "  skipped: already in place" ;;
    *)
      CIAB_FAILED_TASK="task $n of $CIAB_TOTAL ($title)"
      return 1
      ;;
  esac
}

ciab_usage() {
  cat <<EOF
usage: bash install.sh [--firstboot]

Installs $CIAB_RELEASE_TITLE: this host becomes the cloud that the answers it was written
from describe ($CIAB_TOTAL tasks, each skipped when already done). Run it as root on
$CIAB_OS_LABEL: on any other host it changes nothing. Run it again to resume after a
failure. Its log: $CIAB_LOG_DIR/latest.

  --firstboot  what the first-boot unit runs: once the install is done, or after
               $CIAB_MAX_BOOT_FAILURES failed boots, it disables $CIAB_FIRSTBOOT_UNIT
  -h, --help   print this help; change nothing
EOF
}

# ciab_os_release KEY: KEY's value in /etc/os-release (os-release(5): shell-style assignments, the value
# perhaps quoted), empty when the file or the key is missing.
ciab_os_release() {
  local key value
  [ -r /etc/os-release ] || return 0
  while IFS='=' read -r key value; do
    [ "$key" = "$1" ] || continue
    value=${'$'}{value#[\"\']}
    printf '%s\n' "${'$'}{value%[\"\']}"
    return 0
  done </etc/os-release
}

# ciab_require_os: refuses, before anything changes, a host that is not the release's OS: its
# /etc/os-release ID, the major number of its VERSION_ID, and the machine's architecture.
ciab_require_os() {
  local id version name arch
  id=$(ciab_os_release ID)
  version=$(ciab_os_release VERSION_ID)
  name=$(ciab_os_release PRETTY_NAME)
  arch=$(uname -m)
  case " $CIAB_OS_IDS " in
  *" $id "*) [ -n "$id" ] && [ "${'$'}{version%%.*}" = "$CIAB_OS_MAJOR" ] && id=ok ;;
  esac
  if [ "$id" != ok ]; then
    ciab_fail "$CIAB_RELEASE needs $CIAB_OS_LABEL; this host runs ${'$'}{name:-an unknown OS}: nothing was changed"
    exit 1
  fi
  case " $CIAB_OS_ARCH " in
  *" $arch "*) ;;
  *)
    ciab_fail "$CIAB_RELEASE needs $CIAB_OS_LABEL; this host is $arch: nothing was changed"
    exit 1
    ;;
  esac
}

ciab_main() {
  local firstboot=0 log failures console_url status arg
  for arg in "$@"; do
    case $arg in
    --firstboot) firstboot=1 ;;
    -h | --help)
      ciab_usage
      exit 0
      ;;
    *)
      ciab_fail "unknown argument: $arg; nothing was changed"
      ciab_say "usage: bash install.sh [--firstboot] (--help says more)" >&2
      exit 2
      ;;
    esac
  done
  ciab_require_os
  [ "$(id -u)" -eq 0 ] || { ciab_fail "run it as root"; exit 1; }
  install -d -m 0700 "$CIAB_LOG_DIR" "$CIAB_STATE"
  # One run at a time on a host: the script runs again under flock, on the lock that cloud-in-a-box
  # install and uninstall take too (src/host/run-lock.ts); --close keeps it from the services tasks start.
  if [ -z "${'$'}{CIAB_LOCKED:-}" ]; then
    [ -f "$0" ] || { ciab_fail "run it from its file: bash install.sh"; exit 1; }
    CIAB_LOCKED=1 flock --nonblock --close --conflict-exit-code 75 "$CIAB_STATE/${RUN_LOCK_NAME}" bash "$0" "$@"
    status=$?
    if [ "$status" -eq 75 ]; then
      ciab_fail "another cloud-in-a-box run is in progress on this host: it holds $CIAB_STATE/${RUN_LOCK_NAME}; wait for it to finish, then run this again"
      exit 1
    fi
    exit "$status"
  fi
  log=$CIAB_LOG_DIR/install-$(date -u +%Y-%m-%dT%H-%M-%S-000Z).log
  (umask 077 && : >"$log")
  ln -sfn "$(basename "$log")" "$CIAB_LOG_DIR/latest"
  exec > >(tee -a "$log") 2>&1
  [ "$firstboot" = 1 ] && rm -f ${'$'}{CIAB_FIRSTBOOT_REMOVES[@]+"${'$'}{CIAB_FIRSTBOOT_REMOVES[@]}"}
  ciab_stage_files
  if ciab_tasks; then
    rm -rf "$CIAB_STAGING" "$CIAB_STATE/firstboot-failures"
    console_url=$(sed -n 's/^Console  *//p' "$CIAB_STATE/summary.txt" 2>/dev/null | head -n 1)
    ciab_status "ready, console ${'$'}{console_url:-not installed}, credentials in /root/.euca (summary: $CIAB_STATE/summary.txt)"
    [ -f "$CIAB_STATE/summary.txt" ] && cat "$CIAB_STATE/summary.txt"
    if [ "$firstboot" = 1 ]; then
      systemctl disable "$CIAB_FIRSTBOOT_UNIT" >/dev/null 2>&1
      # Done: the script, with the secrets it embeds, goes (the host keeps them where they are needed:
      # the answers file and /root/.euca, both 0600); the unit's ConditionPathExists keeps it from starting.
      rm -f "$0"
    fi
    exit 0
  fi
  rm -rf "$CIAB_STAGING"
  if [ "$firstboot" = 1 ]; then
    failures=$(($(cat "$CIAB_STATE/firstboot-failures" 2>/dev/null || echo 0) + 1))
    echo "$failures" >"$CIAB_STATE/firstboot-failures"
    if [ "$failures" -ge "$CIAB_MAX_BOOT_FAILURES" ]; then
      systemctl disable "$CIAB_FIRSTBOOT_UNIT" >/dev/null 2>&1
      ciab_status "FAILED at ${'$'}{CIAB_FAILED_TASK:-a task}; gave up after $failures boots; log $log; run cloud-in-a-box install to resume"
      exit 1
    fi
  fi
  ciab_status "FAILED at ${'$'}{CIAB_FAILED_TASK:-a task}; log $log; run cloud-in-a-box install to resume"
  exit 1
}
`;
