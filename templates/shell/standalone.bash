# cloud-in-a-box standalone install script: the driver around the task library (prelude.bash) that
# `cloud-in-a-box script` and the kickstart's first boot write out with the plan (src/core/bash/standalone.ts).
# shellcheck shell=bash
#
# Everything it knows of the plan and of the installer's paths is assigned before it, each value quoted,
# by src/core/bash/standalone.ts: CIAB_RELEASE, CIAB_RELEASE_TITLE, CIAB_OS_IDS, CIAB_OS_MAJOR,
# CIAB_OS_ARCH, CIAB_OS_LABEL (the release), CIAB_ROLE (the plan's) and CIAB_ROLE_FILE, CIAB_LOG_DIR,
# CIAB_RUN_LOCK, CIAB_RUN_LOCK_HELD_EXIT, CIAB_DETACHED_LOCK, CIAB_FIRSTBOOT_UNIT (src/core/locations.ts), CIAB_FIRSTBOOT_REMOVES, and the plan as parallel arrays, one entry a task in
# order: CIAB_TASK_IDS, CIAB_TASK_HASHES, CIAB_TASK_SECRETS (the staged names of its secret files, blank
# separated), CIAB_TASK_TITLES, CIAB_TASK_RERUN_AFTER, CIAB_TASK_DEPENDENTS (task ids, blank separated);
# and the files to stage, CIAB_FILE_NAMES with their contents in base64, CIAB_FILE_CONTENTS. The task
# functions and ciab_step follow it (src/core/bash/tasks.ts, taskFunctions), then `ciab_main "$@"`.

CIAB_MAX_BOOT_FAILURES=3
CIAB_TOTAL=${#CIAB_TASK_IDS[@]}
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

# ciab_stage_files: puts the plan's files where the task library installs them from, and makes the host's
# key for the journal's digest of secret files once.
ciab_stage_files() {
  local i
  install -d -m 0700 "$CIAB_STAGING"
  [ -s "$CIAB_SECRET_KEY" ] || (umask 077 && head -c 32 /dev/urandom | base64 >"$CIAB_SECRET_KEY")
  for ((i = 0; i < ${#CIAB_FILE_NAMES[@]}; i++)); do
    printf '%s\n' "${CIAB_FILE_CONTENTS[i]}" | base64 -d >"$CIAB_STAGING/${CIAB_FILE_NAMES[i]}"
  done
}

# ciab_tasks: every task of the plan in order; stops at the first that fails.
ciab_tasks() {
  local n
  for ((n = 1; n <= CIAB_TOTAL; n++)); do
    ciab_task "$n" || return 1
  done
}

# ciab_task N: runs the plan's Nth task through the protocol, forcing it when a task it depends on (its
# rerunAfter) applied in this run; the tasks that depend on it are marked stale before it applies. The
# hash of a task with secret files takes their staged contents in (ciab_keyed_hash): staged by now.
ciab_task() {
  local n=$1 i=$(($1 - 1)) id hash title force=0 dep status
  local -a secrets dependents
  id=${CIAB_TASK_IDS[i]}
  hash=${CIAB_TASK_HASHES[i]}
  title=${CIAB_TASK_TITLES[i]}
  read -ra secrets <<<"${CIAB_TASK_SECRETS[i]}"
  read -ra dependents <<<"${CIAB_TASK_DEPENDENTS[i]}"
  if [ -n "${CIAB_TASK_SECRETS[i]}" ]; then hash=$(ciab_keyed_hash "$hash" "${secrets[@]}"); fi
  for dep in ${CIAB_TASK_RERUN_AFTER[i]}; do [ -n "${CIAB_APPLIED[$dep]:-}" ] && force=1; done
  ciab_status "installing, task $n of $CIAB_TOTAL: $title"
  ciab_say "[$n/$CIAB_TOTAL] $title"
  # (bash 4.2, CentOS 7's, calls an empty array unbound under set -u: hence the +)
  ciab_run_task "$id" "$hash" "$force" ${dependents[@]+"${dependents[@]}"}
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
    value=${value#[\"\']}
    printf '%s\n' "${value%[\"\']}"
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
  *" $id "*) [ -n "$id" ] && [ "${version%%.*}" = "$CIAB_OS_MAJOR" ] && id=ok ;;
  esac
  if [ "$id" != ok ]; then
    ciab_fail "$CIAB_RELEASE needs $CIAB_OS_LABEL; this host runs ${name:-an unknown OS}: nothing was changed"
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

# ciab_require_role: refuses, before anything changes, a host installed as another role than this
# script's (src/core/role.ts): it would install a whole cloud on a node controller, or the other way round.
ciab_require_role() {
  local recorded
  [ -e "$CIAB_ROLE_FILE" ] || return 0
  recorded=$(tr -d ' \t\n' <"$CIAB_ROLE_FILE")
  if [ "$recorded" != "$CIAB_ROLE" ]; then
    ciab_fail "this host was installed as \"$recorded\" ($CIAB_ROLE_FILE says so); this script installs $CIAB_ROLE: nothing was changed"
    ciab_say "write the script for this host's role (cloud-in-a-box script --role $recorded), or uninstall first" >&2
    exit 2
  fi
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
  if [ -z "${CIAB_LOCKED:-}" ]; then
    [ -f "$0" ] || { ciab_fail "run it from its file: bash install.sh"; exit 1; }
    CIAB_LOCKED=1 flock --nonblock --close --conflict-exit-code "$CIAB_RUN_LOCK_HELD_EXIT" "$CIAB_STATE/$CIAB_RUN_LOCK" bash "$0" "$@"
    status=$?
    if [ "$status" -eq "$CIAB_RUN_LOCK_HELD_EXIT" ]; then
      ciab_fail "another cloud-in-a-box run is in progress on this host: it holds $CIAB_STATE/$CIAB_RUN_LOCK; wait for it to finish, then run this again"
      exit 1
    fi
    exit "$status"
  fi
  ciab_require_role
  # A bridge that `cloud-in-a-box install --target` started and lost its connection during may still be
  # rolling back (src/core/locations.ts DETACHED_LOCK): wait for it.
  [ ! -e "$CIAB_DETACHED_LOCK" ] || flock "$CIAB_DETACHED_LOCK" true
  log=$CIAB_LOG_DIR/install-$(date -u +%Y-%m-%dT%H-%M-%S-000Z).log
  (umask 077 && : >"$log")
  ln -sfn "$(basename "$log")" "$CIAB_LOG_DIR/latest"
  exec > >(tee -a "$log") 2>&1
  [ "$firstboot" = 1 ] && rm -f ${CIAB_FIRSTBOOT_REMOVES[@]+"${CIAB_FIRSTBOOT_REMOVES[@]}"}
  ciab_stage_files
  if ciab_tasks; then
    rm -rf "$CIAB_STAGING" "$CIAB_STATE/firstboot-failures"
    console_url=$(sed -n 's/^Console  *//p' "$CIAB_STATE/summary.txt" 2>/dev/null | head -n 1)
    ciab_status "ready, console ${console_url:-not installed}, credentials in /root/.euca (summary: $CIAB_STATE/summary.txt)"
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
      ciab_status "FAILED at ${CIAB_FAILED_TASK:-a task}; gave up after $failures boots; log $log; run cloud-in-a-box install to resume"
      exit 1
    fi
  fi
  ciab_status "FAILED at ${CIAB_FAILED_TASK:-a task}; log $log; run cloud-in-a-box install to resume"
  exit 1
}
