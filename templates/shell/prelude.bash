# cloud-in-a-box task library: the one implementation of the task protocol (journal, backups, file
# installation, waits, the safe bridge), shared by `cloud-in-a-box install` (which runs each task
# through it) and the standalone install script (which embeds it). Sourced, never run on its own.
# shellcheck shell=bash

CIAB_STATE=${CIAB_STATE:-/var/lib/cloud-in-a-box}
CIAB_STAGING=${CIAB_STAGING:-$CIAB_STATE/staging}
CIAB_JOURNAL=$CIAB_STATE/journal
CIAB_BACKUP=$CIAB_STATE/backup
# The host's own random key for ciab_keyed_hash (src/core/engine/session.ts creates it, or the script's staging)
CIAB_SECRET_KEY=$CIAB_STATE/secret.key

ciab_say() { printf '%s\n' "$*"; }
ciab_fail() { printf 'cloud-in-a-box: %s\n' "$*" >&2; return 1; }

# --- journal: one file per task, written atomically (temp file + rename) ---------------------------

# ciab_journal_get ID KEY: prints KEY's value from the task's journal entry.
# Bash builtins only: the journal is read for every task, and forks are most of the engine's own cost.
ciab_journal_get() {
  local file=$CIAB_JOURNAL/$1 key value
  [ -f "$file" ] || return 1
  while IFS='=' read -r key value; do
    if [ "$key" = "$2" ]; then printf '%s\n' "$value"; fi
  done <"$file"
}

# ciab_journal_put ID HASH STATUS STARTED [FINISHED]
ciab_journal_put() {
  [ -d "$CIAB_JOURNAL" ] || mkdir -p "$CIAB_JOURNAL"
  # One writer per task at a time (the engine or the script, never both): the pid makes the name unique.
  local tmp=$CIAB_JOURNAL/.$1.$$
  printf 'id=%s\nhash=%s\nstatus=%s\nstarted=%s\nfinished=%s\n' "$1" "$2" "$3" "$4" "${5:-}" >"$tmp"
  mv -f "$tmp" "$CIAB_JOURNAL/$1"
}

# ciab_run_task ID HASH FORCE [DEPENDENT...]: the task protocol. The functions check_ID and apply_ID
# must exist (ID with dots turned into underscores). FORCE=1 applies even when the check holds (a task that must
# act again because one it depends on changed something). Call it as a plain command, never inside
# `if` or `&&`: bash ignores `set -e` in apply functions called from a condition.
# DEPENDENTs: the tasks that must apply again after this one applied (their rerunAfter names it). Their
# journal entries are marked stale before this task applies, and a stale task is forced: a run killed
# between the two still applies them next time.
# Exit: 0 applied now, 3 skipped (journal says done, same inputs), 4 skipped (check holds), 1 failed.
ciab_run_task() {
  local id=$1 hash=$2 force=$3 fn=${1//./_} started status prior dep
  shift 3
  prior=$(ciab_journal_get "$id" status)
  [ "$prior" = stale ] && force=1
  if [ "$force" != 1 ] && [ "$prior" = "done" ] && [ "$(ciab_journal_get "$id" hash)" = "$hash" ]; then
    return 3
  fi
  started=$(ciab_now)
  if [ "$force" != 1 ] && "check_$fn"; then
    ciab_journal_put "$id" "$hash" "done" "$started" "$(ciab_now)"
    return 4
  fi
  ciab_journal_put "$id" "$hash" running "$started"
  for dep in "$@"; do
    [ -f "$CIAB_JOURNAL/$dep" ] || continue
    ciab_journal_put "$dep" "$(ciab_journal_get "$dep" hash)" stale "$(ciab_journal_get "$dep" started)"
  done
  "apply_$fn"
  status=$?
  if [ "$status" -eq 0 ] && ! "check_$fn"; then
    ciab_say "cloud-in-a-box: the task ran but its check still does not hold" >&2
    status=1
  fi
  if [ "$status" -ne 0 ]; then
    ciab_journal_put "$id" "$hash" failed "$started" "$(ciab_now)"
    return 1
  fi
  ciab_journal_put "$id" "$hash" "done" "$started" "$(ciab_now)"
  return 0
}

# ciab_probe_task ID HASH: read-only; exit 3 done by the journal, 4 the check holds, 5 would run.
ciab_probe_task() {
  local id=$1 hash=$2 fn=${1//./_} prior
  prior=$(ciab_journal_get "$id" status)
  [ "$prior" = stale ] && return 5
  if [ "$prior" = "done" ] && [ "$(ciab_journal_get "$id" hash)" = "$hash" ]; then
    return 3
  fi
  if "check_$fn"; then return 4; fi
  return 5
}

# ciab_undo_task ID: runs undo_ID when the journal knows the task; exit 3 when it never ran.
ciab_undo_task() {
  local id=$1 fn=${1//./_} status
  [ -e "$CIAB_JOURNAL/$id" ] || return 3
  "undo_$fn"
  status=$?
  [ "$status" -eq 0 ] && rm -f "$CIAB_JOURNAL/$id"
  return "$status"
}

# printf's %(...)T is a builtin (bash 4.2, CentOS 7's): no fork of date for every journal entry.
ciab_now() { TZ=UTC0 printf '%(%Y-%m-%dT%H:%M:%SZ)T\n' -1; }

# --- backups: the original of every host file we change, saved once ------------------------------

# ciab_backup PATH: saves PATH's original the first time we touch it; remembers absent files too,
# so that uninstall can remove what we created.
ciab_backup() {
  local target=$1 saved=$CIAB_BACKUP$1
  [ -e "$saved" ] || [ -e "$saved.absent" ] && return 0
  mkdir -p "$(dirname "$saved")" "$CIAB_BACKUP/.state"
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
ciab_backed_up_files() {
  [ -d "$CIAB_BACKUP" ] || return 0
  (cd "$CIAB_BACKUP" && find . -path ./.state -prune -o -type f -print | sed -e 's/^\.//' -e 's/\.absent$//' | sort -u)
}

# ciab_remember KEY VALUE: keeps the first value seen for KEY (how the host was before we came).
ciab_remember() {
  local file=$CIAB_BACKUP/.state/$1
  [ -e "$file" ] && return 0
  mkdir -p "$(dirname "$file")"
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

# ciab_port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
ciab_port_open() {
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}

# ciab_dns_answers SERVER: a DNS server at SERVER answers a query (any answer, even a refusal).
# A root NS query built by hand, so that no dig/nslookup package is needed.
ciab_dns_answers() {
  # shellcheck disable=SC2016 # the inner script expands its own $1
  timeout 3 bash -c '
    exec 3<>"/dev/udp/$1/53" || exit 1
    printf "\x43\x49\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x02\x00\x01" >&3
    IFS= read -r -t 2 -n 1 _ <&3' _ "$1" 2>/dev/null
}

# ciab_pings ADDRESS: ADDRESS answers ICMP echo.
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
# new password in the answers) it sets the password instead. euca2ools calls both only by argv.
ciab_admin_login() {
  local out
  if out=$(euare-useraddloginprofile --region localhost --as-account eucalyptus -u admin -p "$(cat "$1")" 2>&1); then
    return 0
  fi
  case $out in
  *EntityAlreadyExists*) euare-usermodloginprofile --region localhost --as-account eucalyptus -u admin -p "$(cat "$1")" ;;
  *)
    printf '%s\n' "$out" >&2
    return 1
    ;;
  esac
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
