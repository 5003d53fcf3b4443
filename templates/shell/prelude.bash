# cloud-in-a-box task library: the one implementation of the task protocol (journal, backups, file
# installation, waits, the safe bridge), shared by `cloud-in-a-box install` (which runs each task
# through it) and the standalone install script (which embeds it). Sourced, never run on its own.
# shellcheck shell=bash
# What it takes from TypeScript is assigned before it by src/core/bash/tasks.ts (preludeText), from
# their one definitions: the protocol's exit codes (CIAB_EXIT_*, CIAB_CANNOT_TELL: src/core/bash/protocol.ts),
# the state directory and the key file's name (CIAB_STATE_DIR, CIAB_SECRET_KEY_NAME: src/core/locations.ts).

# Whatever umask the caller had (under 000, every directory `mkdir -p` makes would be world-writable):
# what we create on the host is writable by root alone, and the state directory's own are private.
umask 022

CIAB_STATE=${CIAB_STATE:-$CIAB_STATE_DIR}
CIAB_STAGING=${CIAB_STAGING:-$CIAB_STATE/staging}
CIAB_JOURNAL=$CIAB_STATE/journal
CIAB_BACKUP=$CIAB_STATE/backup
# The host's own random key for ciab_keyed_hash (src/host/runner/session.ts creates it, or the script's staging)
CIAB_SECRET_KEY=$CIAB_STATE/$CIAB_SECRET_KEY_NAME

ciab_say() { printf '%s\n' "$*"; }
ciab_fail() { printf 'cloud-in-a-box: %s\n' "$*" >&2; return 1; }

# ciab_cannot_tell WHY: ends a check that cannot find out whether its task is done (a tool missing, or not
# answering). Call it at a check's top level or in a function the check calls: it exits the check's
# subshell with CIAB_CANNOT_TELL. The install applies the task then (as for any check that does not hold);
# a dry run says it could not tell, never that the task is in place.
ciab_cannot_tell() {
  printf 'cloud-in-a-box: could not tell: %s\n' "$*" >&2
  exit "$CIAB_CANNOT_TELL"
}
# ciab_private_dir DIR...: creates DIRs (and their parents) 0700, for the journal and the backups.
ciab_private_dir() { (umask 077 && mkdir -p "$@"); }

# --- journal: one file per task, written atomically (temp file + rename) ---------------------------

# ciab_journal_read ID: the task's journal entry into ciab_journal_status, ciab_journal_hash,
# ciab_journal_started and ciab_journal_forced (empty when it has none); exit 1 when there is no entry.
# Bash builtins only, and no command substitution: the journal is read for every task, and forks are
# most of the engine's own cost.
ciab_journal_read() {
  local file=$CIAB_JOURNAL/$1 key value
  ciab_journal_status='' ciab_journal_hash='' ciab_journal_started='' ciab_journal_forced=''
  [ -f "$file" ] || return 1
  while IFS='=' read -r key value; do
    case $key in
      status) ciab_journal_status=$value ;;
      hash) ciab_journal_hash=$value ;;
      started) ciab_journal_started=$value ;;
      forced) ciab_journal_forced=$value ;;
    esac
  done <"$file"
}

# ciab_journal_put ID HASH STATUS STARTED [FINISHED] [FORCED]: FORCED=1 adds `forced=1`, the mark of a
# task that must apply, not merely check, when it runs again (see ciab_run_task).
ciab_journal_put() {
  [ -d "$CIAB_JOURNAL" ] || ciab_private_dir "$CIAB_JOURNAL"
  # One writer per task at a time (the engine or the script, never both): the pid makes the name unique.
  local tmp=$CIAB_JOURNAL/.$1.$$
  {
    printf 'id=%s\nhash=%s\nstatus=%s\nstarted=%s\nfinished=%s\n' "$1" "$2" "$3" "$4" "${5:-}"
    if [ "${6:-}" = 1 ]; then printf 'forced=1\n'; fi
  } >"$tmp"
  mv -f "$tmp" "$CIAB_JOURNAL/$1"
}

# ciab_run_task ID HASH FORCE [DEPENDENT...]: the task protocol. `ciab_step check|apply ID` must run the
# task's check and apply (src/core/engine/script.ts writes it with the task functions). FORCE=1 applies even when the check holds (a task that must
# act again because one it depends on changed something). Call it as a plain command, never inside
# `if` or `&&`: bash ignores `set -e` in apply functions called from a condition.
# DEPENDENTs: the tasks that must apply again after this one applied (their rerunAfter names it). Their
# journal entries are marked stale (made, if they have none) before this task applies. A stale task is
# forced, and its entry says so (`forced=1`) until it is done: a run killed between the two, or during
# the dependent's apply, or a failed apply, still applies it next time.
# Exit: 0 applied now, CIAB_EXIT_DONE_BEFORE skipped (journal says done, same inputs),
# CIAB_EXIT_IN_PLACE skipped (check holds), 1 failed.
ciab_run_task() {
  local id=$1 hash=$2 force=$3 started finished status dep
  shift 3
  ciab_journal_read "$id"
  { [ "$ciab_journal_status" = stale ] || [ "$ciab_journal_forced" = 1 ]; } && force=1
  if [ "$force" != 1 ] && [ "$ciab_journal_status" = "done" ] && [ "$ciab_journal_hash" = "$hash" ]; then
    return "$CIAB_EXIT_DONE_BEFORE"
  fi
  ciab_now started
  if [ "$force" != 1 ] && ciab_step check "$id"; then
    ciab_now finished
    ciab_journal_put "$id" "$hash" "done" "$started" "$finished"
    return "$CIAB_EXIT_IN_PLACE"
  fi
  # A forced task's entry keeps the mark until it is done: killed halfway, it is forced again next time,
  # where a plain `running` entry would leave it to its check, which may hold already (a service that
  # runs, on the old configuration).
  ciab_journal_put "$id" "$hash" running "$started" '' "$force"
  # Every dependent, also one that never ran (no entry yet): after a kill it still applies, not merely
  # checks, even when this task is done by then.
  for dep in "$@"; do
    ciab_journal_read "$dep"
    ciab_journal_put "$dep" "$ciab_journal_hash" stale "$ciab_journal_started"
  done
  ciab_step apply "$id"
  status=$?
  if [ "$status" -eq 0 ] && ! ciab_step check "$id"; then
    ciab_say "cloud-in-a-box: the task ran but its check still does not hold" >&2
    status=1
  fi
  ciab_now finished
  if [ "$status" -ne 0 ]; then
    ciab_journal_put "$id" "$hash" failed "$started" "$finished" "$force"
    return 1
  fi
  ciab_journal_put "$id" "$hash" "done" "$started" "$finished"
  return 0
}

# ciab_probe_task ID HASH: read-only; exit CIAB_EXIT_DONE_BEFORE done by the journal, CIAB_EXIT_IN_PLACE
# the check holds, CIAB_EXIT_WOULD_RUN would run, CIAB_EXIT_CANNOT_TELL the check could not tell
# (ciab_cannot_tell).
# (The engine's dry run calls it; the standalone script, which embeds this library, does not.)
# shellcheck disable=SC2317
ciab_probe_task() {
  local id=$1 hash=$2
  ciab_journal_read "$id"
  { [ "$ciab_journal_status" = stale ] || [ "$ciab_journal_forced" = 1 ]; } && return "$CIAB_EXIT_WOULD_RUN"
  if [ "$ciab_journal_status" = "done" ] && [ "$ciab_journal_hash" = "$hash" ]; then
    return "$CIAB_EXIT_DONE_BEFORE"
  fi
  # (called as a condition, like ciab_run_task does: the check behaves the same in both)
  if ciab_step check "$id"; then
    return "$CIAB_EXIT_IN_PLACE"
  else
    [ $? -eq "$CIAB_CANNOT_TELL" ] && return "$CIAB_EXIT_CANNOT_TELL"
  fi
  return "$CIAB_EXIT_WOULD_RUN"
}

# ciab_undo_task ID: runs the task's undo when the journal knows the task ran (or began to); exit
# CIAB_EXIT_DONE_BEFORE when it never ran.
# (`cloud-in-a-box uninstall` calls it; the standalone script, which embeds this library, does not.)
# shellcheck disable=SC2317
ciab_undo_task() {
  local id=$1 status
  # No entry, or only the stale mark of a dependent that never ran (no hash): nothing to undo.
  { ciab_journal_read "$id" && [ -n "$ciab_journal_hash" ]; } || return "$CIAB_EXIT_DONE_BEFORE"
  ciab_step undo "$id"
  status=$?
  [ "$status" -eq 0 ] && rm -f "$CIAB_JOURNAL/$id"
  return "$status"
}

# ciab_now VAR: the time (UTC, ISO 8601) into VAR. printf's %(...)T and -v are builtins (bash 4.2,
# CentOS 7's): no fork of date, nor of a command substitution, for every journal entry.
ciab_now() { TZ=UTC0 printf -v "$1" '%(%Y-%m-%dT%H:%M:%SZ)T' -1; }

# --- backups: the original of every host file we change, saved once ------------------------------

# ciab_backup PATH: saves PATH's original the first time we touch it; remembers absent files too,
# so that uninstall can remove what we created.
ciab_backup() {
  local target=$1 saved=$CIAB_BACKUP$1
  [ -e "$saved" ] || [ -e "$saved.absent" ] && return 0
  ciab_private_dir "$(dirname "$saved")" "$CIAB_BACKUP/.state"
  if [ -e "$target" ]; then
    # Copied aside, then renamed: a copy cut short by a kill must not pass for the original later.
    # (Under .state, which is not a list of backed-up paths.)
    cp -a "$target" "$CIAB_BACKUP/.state/.copy.$$" && mv -f "$CIAB_BACKUP/.state/.copy.$$" "$saved"
  else
    : >"$saved.absent"
  fi
}

# ciab_restore PATH: puts PATH back as it was before the first change.
ciab_restore() {
  local target=$1 saved=$CIAB_BACKUP$1
  if [ -e "$saved.absent" ]; then
    rm -f "$target"
  elif [ -e "$saved" ]; then
    cp -a "$saved" "$target"
  fi
}

# ciab_backed_up_files: every path with a saved original (or absence), one per line.
# (`cloud-in-a-box uninstall` calls it; the standalone script, which embeds this library, does not.)
# shellcheck disable=SC2317
ciab_backed_up_files() {
  [ -d "$CIAB_BACKUP" ] || return 0
  (cd "$CIAB_BACKUP" && find . -path ./.state -prune -o -type f -print | sed -e 's/^\.//' -e 's/\.absent$//' | sort -u)
}

# ciab_remember KEY VALUE: keeps the first value seen for KEY (how the host was before we came).
ciab_remember() {
  local file=$CIAB_BACKUP/.state/$1
  [ -e "$file" ] && return 0
  ciab_private_dir "$(dirname "$file")"
  printf '%s\n' "$2" >"$file.$$.tmp" && mv -f "$file.$$.tmp" "$file"
}

# ciab_is_remembered KEY: ciab_remember kept something for KEY (perhaps an empty value).
ciab_is_remembered() {
  [ -e "$CIAB_BACKUP/.state/$1" ]
}

# ciab_remembered KEY: prints what ciab_remember kept for KEY (nothing if never).
ciab_remembered() {
  cat "$CIAB_BACKUP/.state/$1" 2>/dev/null || true
}

# ciab_package_version NAME: the installed package's VERSION (e.g. 4.4.6); nothing when it is not installed.
ciab_package_version() {
  rpm -q --qf '%{VERSION}\n' "$1" 2>/dev/null | grep -E '^[0-9]' | head -n 1 || true
}

# ciab_version_at_least NAME MINIMUM: the installed NAME is MINIMUM or later. sort -V orders dotted
# numbers as rpm's version comparison does (rpmvercmp: numeric segments compared as numbers).
ciab_version_at_least() {
  local have
  have=$(ciab_package_version "$1")
  [ -n "$have" ] && [ "$(printf '%s\n' "$2" "$have" | sort -V | head -n 1)" = "$2" ]
}

# --- rendered files: installed from the staging area by content hash -----------------------------

# ciab_file_is PATH MODE OWNER SHA256: true when PATH has exactly that content, mode and owner.
ciab_file_is() {
  [ -f "$1" ] || return 1
  [ "$(stat -c '%a %U:%G' "$1")" = "$2 $3" ] || return 1
  [ "$(sha256sum <"$1" | cut -d' ' -f1)" = "$4" ]
}

# ciab_secret_is PATH MODE OWNER STAGED: ciab_file_is for a secret file, compared with its staged content:
# a plan, a log or a process list must not carry a secret's hash (a dictionary recovers a weak password
# from it). The two hashes stay in this shell; `[` is a builtin, so no argv ever holds them.
ciab_secret_is() {
  [ -f "$1" ] && [ -f "$CIAB_STAGING/$4" ] || return 1
  [ "$(stat -c '%a %U:%G' "$1")" = "$2 $3" ] || return 1
  [ "$(sha256sum <"$1")" = "$(sha256sum <"$CIAB_STAGING/$4")" ]
}

# ciab_keyed_hash HASH STAGED...: the hash the journal keeps for a task that installs secret files: HASH
# (which leaves their contents out) and a digest of their staged contents keyed with the host's own key
# (0600 in the 0700 state directory), so that a changed secret runs the task again while the journal,
# the plan and the process list hold nothing a guess can be tested against. Without the key (a dry run
# before any install) it names a hash no journal holds.
ciab_keyed_hash() {
  local hash=$1 staged digests=''
  shift
  if [ ! -r "$CIAB_SECRET_KEY" ]; then
    printf '%s-unkeyed\n' "$hash"
    return 0
  fi
  for staged in "$@"; do
    digests+=$({ cat "$CIAB_SECRET_KEY" "$CIAB_STAGING/$staged" 2>/dev/null || true; } | sha256sum)
  done
  digests=$(printf '%s' "$digests" | sha256sum)
  printf '%s-%s\n' "$hash" "${digests:0:32}"
}

# ciab_put_file PATH MODE OWNER STAGED: installs the staged content atomically, after a backup.
ciab_put_file() {
  local target=$1 mode=$2 owner=$3 sha=$4 tmp
  [ -f "$CIAB_STAGING/$sha" ] || ciab_fail "staged content for $target is missing ($sha)" || return 1
  ciab_backup "$target"
  mkdir -p "$(dirname "$target")"
  # The temporary file is named after its target: one left by a write that a kill cut short is removed
  # by the next write of the same file (the task runs again, since its check does not hold).
  rm -f "$(dirname "$target")/.ciab.${target##*/}".*
  tmp=$(mktemp "$(dirname "$target")/.ciab.${target##*/}.XXXXXX")
  cat "$CIAB_STAGING/$sha" >"$tmp"
  chmod "$mode" "$tmp"
  chown "$owner" "$tmp"
  mv -f "$tmp" "$target"
}

# ciab_unit_off UNIT: UNIT neither runs nor starts at boot (or is not installed at all). systemctl show
# answers for units that do not exist too (LoadState=not-found); it fails only when systemd does not
# answer (not PID 1, no D-Bus), and then nobody can tell.
ciab_unit_off() {
  local state
  state=$(systemctl show --property=ActiveState,UnitFileState -- "$1" 2>/dev/null) ||
    ciab_cannot_tell "systemd does not answer whether $1 runs"
  case $state in *ActiveState=active* | *ActiveState=activating* | *ActiveState=reloading*) return 1 ;; esac
  case $state in *UnitFileState=enabled*) return 1 ;; esac
  return 0
}

# --- services: the tasks reach systemd only through these ----------------------------------------

# ciab_units_up UNIT...: every UNIT starts at boot and runs now.
ciab_units_up() {
  local unit
  for unit in "$@"; do
    systemctl is-enabled --quiet "$unit" && systemctl is-active --quiet "$unit" || return 1
  done
}

# ciab_units_start UNIT...: enabled, then restarted, so that they run with their current configuration.
ciab_units_start() { systemctl enable "$@" && systemctl restart "$@"; }

# ciab_units_stop UNIT...: stopped and disabled; both are tried, and either failing fails it.
ciab_units_stop() {
  local status=0
  systemctl stop "$@" || status=1
  systemctl disable "$@" || status=1
  return "$status"
}

# ciab_units_enable UNIT...: started at boot (not now).
ciab_units_enable() { systemctl enable "$@"; }

# ciab_units_restart UNIT...: restarted now.
# (Called by undo snippets only, which the standalone script leaves out.)
# shellcheck disable=SC2317
ciab_units_restart() { systemctl restart "$@"; }

# ciab_units_try_restart UNIT...: restarted if they run, so that they read a restored configuration.
# (Called by undo snippets only, which the standalone script leaves out.)
# shellcheck disable=SC2317
ciab_units_try_restart() { systemctl try-restart "$@"; }

# ciab_unit_file_state UNIT: whether UNIT starts at boot, as `systemctl is-enabled` says it (enabled,
# disabled, ...); nothing for a unit that is not installed.
ciab_unit_file_state() { systemctl is-enabled "$1" 2>/dev/null || true; }

# ciab_copy_service_files OWNER FROM TO NAME...: copies the files NAME from FROM, a directory the service
# user OWNER writes, into TO, owned by OWNER, mode 0700. OWNER can replace them at any time and `install`
# follows symlinks, so a compromised service could have root copy any file of root's into its reach: each
# is opened once, checked (a regular file of OWNER's, reached by its own path: no symlink on the way) and
# copied from that descriptor; when one fails the check, none is copied.
ciab_copy_service_files() {
  local owner=$1 from=$2 to=$3 name fd i
  shift 3
  local -a fds=()
  for name in "$@"; do
    exec {fd}<"$from/$name" || return 1
    fds+=("$fd")
    if [ "$(readlink "/proc/self/fd/$fd")" != "$from/$name" ] || [ ! -f "/proc/self/fd/$fd" ] ||
      [ "$(stat -L -c %U "/proc/self/fd/$fd")" != "$owner" ]; then
      ciab_fail "refusing to copy $from/$name: it is not a regular file of $owner's (a symlink, or another owner's)"
      for fd in "${fds[@]}"; do exec {fd}<&-; done
      return 1
    fi
  done
  for i in "${!fds[@]}"; do
    install -o "$owner" -g "$owner" -m 0700 /proc/self/fd/0 "$to/${*:i+1:1}" <&"${fds[i]}"
  done
  for fd in "${fds[@]}"; do exec {fd}<&-; done
}

# ciab_service_registered NAME: a service instance called NAME is registered with the cloud.
ciab_service_registered() {
  euserv-describe-services 2>/dev/null | awk -v name="$1" '$1 == "SERVICE" && $4 == name { found = 1 } END { exit !found }'
}

# --- waits: bounded polls that say what they wait for ----------------------------------------------

# ciab_wait WHAT TIMEOUT INTERVAL COMMAND...: polls COMMAND until it succeeds or TIMEOUT seconds pass.
ciab_wait() {
  local what=$1 timeout=$2 interval=$3 start now
  shift 3
  start=$SECONDS
  while ! "$@" >/dev/null 2>&1; do
    now=$((SECONDS - start))
    if [ "$now" -ge "$timeout" ]; then
      ciab_fail "gave up waiting for $what after $timeout s"
      return 1
    fi
    ciab_say "waiting for $what, $now s of $timeout s"
    sleep "$interval"
  done
}

# ciab_retry WHAT TRIES INTERVAL COMMAND...: runs COMMAND until it succeeds, at most TRIES times and INTERVAL
# seconds apart; each failure is shown with its output and the wait, the last one ends in a failure.
ciab_retry() {
  local what=$1 tries=$2 interval=$3 try=1 out
  shift 3
  until out=$("$@" 2>&1); do
    if [ "$try" -ge "$tries" ]; then
      ciab_fail "gave up on $what after $tries attempts, $interval s apart; the last one said: $out"
      return 1
    fi
    ciab_say "$what failed (attempt $try of $tries): $out"
    ciab_say "trying $what again in $interval s"
    sleep "$interval"
    try=$((try + 1))
  done
  if [ -n "$out" ]; then ciab_say "$out"; fi
}

# ciab_port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
ciab_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# ciab_dns_answers SERVER: a DNS server at SERVER answers a query (any answer, even a refusal).
# A root NS query built by hand, so that no dig/nslookup package is needed.
# (Called by ciab_network_ok only: see there.)
# shellcheck disable=SC2317
ciab_dns_answers() {
  # shellcheck disable=SC2016 # the inner script expands its own $1
  timeout 3 bash -c '
    exec 3<>"/dev/udp/$1/53" || exit 1
    printf "\x43\x49\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01" >&3
    IFS= read -r -t 2 -n 1 _ <&3' _ "$1" 2>/dev/null
}

# ciab_pings ADDRESS: ADDRESS answers ICMP echo.
# (Called by ciab_network_ok only: see there.)
# shellcheck disable=SC2317
ciab_pings() {
  ping -c 1 -W 2 "$1" >/dev/null 2>&1
}

# --- Eucalyptus helpers ------------------------------------------------------------------------------

# ciab_system_credentials: exports the cloud's system credentials (root on the CLC only).
ciab_system_credentials() {
  local env
  env=$(clcadmin-assume-system-credentials 2>/dev/null) || return 1
  case $env in *AWS_ACCESS_KEY_ID*) ;; *) return 1 ;; esac
  eval "$env"
}

# ciab_admin_login PASSWORD_FILE: gives the eucalyptus account's admin the console password in the file;
# when the admin has a login profile already (a run stopped between creating it and recording that, or a
# new password in the answers) it sets the password instead.
ciab_admin_login() {
  local out
  if out=$(ciab_feed_password "$1" euare-useraddloginprofile --region localhost --as-account eucalyptus -u admin 2>&1); then
    return 0
  fi
  case $out in
  *EntityAlreadyExists*) ciab_feed_password "$1" euare-usermodloginprofile --region localhost --as-account eucalyptus -u admin ;;
  *)
    printf '%s\n' "$out" >&2
    return 1
    ;;
  esac
}

# ciab_register_service NAME ARGS...: euserv-register-service ARGS... NAME, unless NAME is registered already
# (an earlier attempt that the cloud carried out without answering).
# (Called through ciab_retry only, which shellcheck cannot follow.)
# shellcheck disable=SC2317
ciab_register_service() {
  local name=$1
  shift
  ciab_service_registered "$name" || euserv-register-service "$@" "$name"
}

# ciab_clock_sync TRIES MAX_CORRECTION: waits for chronyd to synchronise the clock: `chronyc waitsync`
# checks TRIES times, 10 s apart, until the remaining correction is under MAX_CORRECTION seconds. A cloud
# whose clock is far off refuses signed requests ("AccessDenied: Unable to parse date" from
# esi-install-image, Corymbia/eucalyptus#284). A clock that cannot synchronise (no NTP server answers) is
# worth a warning, not a failed install.
ciab_clock_sync() {
  ciab_say "waiting for chronyd to synchronise the clock (at most $1 checks, 10 s apart)"
  chronyc waitsync "$1" "$2" && return 0
  ciab_say "cloud-in-a-box: warning: the clock is not synchronised after $(($1 * 10)) s; the install goes on, but a clock that is off makes the cloud refuse requests. Check 'chronyc sources' and the NTP servers in the answers (host.ntpServers)" >&2
}

# ciab_imaging_worker_running: an imaging worker instance runs. The imaging stack's auto scaling group tags
# its instances Name=euca-internal-imaging-workers (eucalyptus maint-4.4 imaging-backend
# worker-cf-template.json; the 4.4 guide lists them with this filter, configure_imaging_service.dita). They
# belong to the imaging system account: the cloud administrator sees other accounts' instances with
# "verbose" (eucalyptus maint-4.4 ComputeService.describeInstances). grep reads the whole listing: with
# -q it would stop at the first match and leave the tool writing into a closed pipe, which under the
# tasks' pipefail fails the check with SIGPIPE (exit 141) although the worker runs.
ciab_imaging_worker_running() {
  euca-describe-instances --region localhost verbose --filter tag-value=euca-internal-imaging-workers \
    --filter instance-state-name=running 2>/dev/null | grep '^INSTANCE' >/dev/null
}

# ciab_feed_password PASSWORD_FILE COMMAND...: runs a euca2ools command that asks for a new password, with
# the password on its stdin and never in its argv (where every local user could read it in
# /proc/PID/cmdline). Without -p the tools prompt twice, "New password:" and "Retype new password:"
# (euca2ools maint-3.4 euca2ools/util.py prompt_for_password, getpass.getpass). Python 2.7's getpass reads
# /dev/tty while the process has a controlling terminal, and stdin, one line a prompt, only when it has
# none: setsid gives the command a session of its own, without a terminal. (setsid runs the command in
# place, keeping its exit status, since a command of a script is no process group leader; CentOS 7's
# util-linux 2.23 has no --wait.)
ciab_feed_password() {
  local password=
  IFS= read -r password <"$1" || [ -n "$password" ] || return 1
  shift
  # printf is a builtin: the password reaches no process's argv on its way to the pipe either.
  printf '%s\n%s\n' "$password" "$password" | setsid "$@"
}

# ciab_admin_ini KEY_FILE DOMAIN: prints the admin's euca2ools file: the [user ...] section of KEY_FILE (what
# `euare-useraddkey -w` printed, or an earlier such file) as the default user of the DOMAIN region and of
# euca2ools' stock localhost region (which the esi-* tools use unless told otherwise). No URLs: the
# regions' endpoints are in /etc/euca2ools/conf.d/, and a [region ...] section here would override them,
# since euca2ools reads ~/.euca/*.ini last.
ciab_admin_ini() {
  local user
  user=$(sed -n 's/^\[user \(.*\)\]$/\1/p' "$1" | head -n 1)
  [ -n "$user" ] || ciab_fail "$1 holds no [user ...] section" || return 1
  printf '; The eucalyptus account admin'"'"'s access key, written by cloud-in-a-box.\n\n'
  printf '[region %s]\nuser = %s\n\n' "$2" "$user"
  printf '[region localhost]\nuser = %s\n\n' "$user"
  # Its lines only: ConfigParser ends each section with an empty line, and other sections may follow.
  awk -v header="[user $user]" '/^\[/ { keep = ($0 == header) } keep && NF' "$1"
}

# ciab_service_state TYPE [ZONE]: prints the states of the registered services of TYPE.
ciab_service_state() {
  local args=(--filter "service-type=$1")
  [ -n "${2:-}" ] && args+=(--filter "availability-zone=$2")
  euserv-describe-services "${args[@]}" 2>/dev/null | awk '$1 == "SERVICE" { print $NF }'
}

# ciab_service_in_state TYPE ZONE STATE...: some service of TYPE (in ZONE, or any if empty) is in one of STATEs.
ciab_service_in_state() {
  local type=$1 zone=$2 state wanted
  shift 2
  ciab_system_credentials || return 1
  for state in $(ciab_service_state "$type" "$zone"); do
    for wanted in "$@"; do [ "${state,,}" = "${wanted,,}" ] && return 0; done
  done
  return 1
}

# ciab_property_is NAME VALUE: the cloud property NAME has VALUE.
ciab_property_is() {
  ciab_system_credentials || return 1
  [ "$(euctl -n "$1" 2>/dev/null)" = "$2" ]
}

# --- the bridge: the one step that can cut the host off, so it verifies and rolls back ------------

# ciab_network_ok ADDRESS DEVICE GATEWAY DNS...: ADDRESS is on DEVICE, the gateway answers, and a DNS server answers.
# (Run only as ciab_wait's COMMAND, which shellcheck cannot follow: it would call this unreachable.)
# shellcheck disable=SC2317
ciab_network_ok() {
  local address=$1 device=$2 gateway=$3 dns
  shift 3
  ip -4 -o addr show dev "$device" 2>/dev/null | grep -q " ${address}/" || return 1
  ciab_pings "$gateway" || return 1
  for dns in "$@"; do ciab_dns_answers "$dns" && return 0; done
  return 1
}

# ciab_bridge_up TIMEOUT ADDRESS BRIDGE NIC GATEWAY DNS... (after the ifcfg files are in place):
# restarts the network, then within TIMEOUT seconds the address must be on the bridge, the gateway
# and a DNS server must answer; otherwise the saved ifcfg files come back and the original network
# is verified before failing.
ciab_bridge_up() {
  local timeout=$1 address=$2 bridge=$3 nic=$4 gateway=$5
  shift 5
  systemctl restart network || true
  if ciab_wait "the bridge $bridge to carry $address and reach the gateway and DNS" "$timeout" 2 \
    ciab_network_ok "$address" "$bridge" "$gateway" "$@"; then
    return 0
  fi
  ciab_say "the network did not come back on $bridge: restoring the original configuration"
  ciab_restore "/etc/sysconfig/network-scripts/ifcfg-$bridge"
  ciab_restore "/etc/sysconfig/network-scripts/ifcfg-$nic"
  ip link set "$bridge" down 2>/dev/null || true
  ip link delete "$bridge" type bridge 2>/dev/null || true
  systemctl restart network || true
  if ciab_wait "the original network on $nic" "$timeout" 2 ciab_network_ok "$address" "$nic" "$gateway" "$@"; then
    ciab_fail "bridging $nic into $bridge cut the host off (no gateway or DNS answer within $timeout s); the original network is restored and answers again. Check that $gateway and the DNS servers are reachable through $nic, then run the install again"
  else
    ciab_fail "bridging $nic into $bridge cut the host off, and the restored network does not answer either; check the cabling and $gateway from the console"
  fi
  return 1
}
