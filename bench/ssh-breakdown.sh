#!/usr/bin/env bash
# Where a task's time goes over SSH (bench/ssh-overhead.ts runs this on the simulated host's workstation):
# each step the engine's runTask takes (src/host/ssh/connection.ts), timed alone, COUNT times, one line
# per run: NAME MILLISECONDS. Client side: ssh's start and the multiplexer's answer, a session running
# `true`, a session running templates/shell/remote-task.bash with the script `exit 0` as the engine sends
# it; with a sudo login the same through `sudo -n`. Target side, timed there in one session (no network
# in it): bash's start, setsid, mktemp and rm, the wrapper around `exit 0`, sudo.
# Usage: bash bench/ssh-breakdown.sh ROOT@HOST SUDOUSER@HOST COUNT
set -euo pipefail
root=$1 sudoer=$2 count=$3
wrapper=$(<templates/shell/remote-task.bash)
# The wrapper's first argument (src/core/locations.ts DETACHED_DIR); only a detached script uses it.
detached_dir=/var/lib/cloud-in-a-box/detached
dir=$(mktemp -d /tmp/ciab-breakdown-XXXXXX)
masters=()
cleanup() {
  for login in "${masters[@]}"; do ssh -S "$dir/$login" -O exit "$login" 2>/dev/null || true; done
  rm -rf "$dir"
}
trap cleanup EXIT
for login in "$root" "$sudoer"; do
  ssh -o BatchMode=yes -o ControlMaster=yes -o ControlPersist=no -S "$dir/$login" -N -f "$login"
  masters+=("$login")
done

# NAME COMMAND...: run it COUNT times, printing each run's wall time.
timed() {
  local name=$1 i start us
  shift
  for ((i = 0; i < count; i++)); do
    start=$EPOCHREALTIME
    "$@" >/dev/null
    us=$((${EPOCHREALTIME/./} - ${start/./}))
    printf '%s %d.%d\n' "$name" $((us / 1000)) $((us % 1000 / 100))
  done
}
# The engine's framing (runTask): the script's length in bytes and its mode (attached), a newline, the
# script; standard input stays open until the session ends (its end would stop the script), so it is fed
# through a FIFO by a writer that then sleeps (its fork is the one cost here the engine, writing from
# Node.js, does not have).
# As connection.ts words it: shellWord (single quotes) around the wrapper, and for a sudo login
# `sudo -n -- sh -c WORD` around that (asRoot).
word() { printf "'%s'" "${1//\'/\'\\\'\'}"; }
task_session() {
  local login=$1 how=$2 body='exit 0' command feeder fifo
  command="bash -c $(word "$wrapper") ciab-task $(word "$detached_dir")"
  [ "$how" = sudo ] && command="sudo -n -- sh -c $(word "$command")"
  fifo=$dir/stdin-$((fed++))
  (printf '%s attached\n%s' "${#body}" "$body" && exec sleep 30) >"$fifo" &
  feeder=$!
  ssh -S "$dir/$login" "$login" "$command" <"$fifo"
  kill "$feeder"
}
# A FIFO for each run, made before the timing: the watcher (cat) of the last run may still hold its own.
fed=0
for ((i = 0; i < 2 * count; i++)); do mkfifo "$dir/stdin-$i"; done
ask_master() { ssh -S "$dir/$1" -O check "$1" 2>/dev/null; }

timed 'client: ssh -O check (ssh starts, asks the master)' ask_master "$root"
timed 'session as root: true' ssh -S "$dir/$root" "$root" true
timed 'session as root: remote-task.bash running exit 0' task_session "$root" root
timed 'session as sudo user: true' ssh -S "$dir/$sudoer" "$sudoer" true
timed 'session as sudo user: sudo -n -- sh -c true' ssh -S "$dir/$sudoer" "$sudoer" "sudo -n -- sh -c true"
timed 'session as sudo user: sudo, remote-task.bash running exit 0' task_session "$sudoer" sudo

# On the target, with the same timing (bash 5's EPOCHREALTIME, no fork to read the clock).
# shellcheck disable=SC2016
# The same `timed` as here, sent ahead of the rest (declare -f prints its definition).
on_target="set -u
$(declare -f timed)"'
count=$1 wrapper=$2 detached_dir=$3
# A FIFO for each run, made before the timing: the watcher (cat) of the last run may still hold its own.
fifos=$(mktemp -d /tmp/ciab-breakdown-XXXXXX) && trap '\''rm -rf "$fifos"'\'' EXIT
for ((i = 0; i < count; i++)); do mkfifo "$fifos/$i"; done
fed=0
wrapped() {
  local feeder fifo=$fifos/$((fed++))
  (printf "6 attached\nexit 0" && exec sleep 30) >"$fifo" &
  feeder=$!
  bash -c "$wrapper" ciab-task "$detached_dir" <"$fifo"
  kill "$feeder"
}
temporary() { local d; d=$(mktemp -d /tmp/ciab-task-XXXXXX) && rm -rf "$d"; }
'
timed_there() {
  local login=$1 what=$2
  printf '%s\n%s\n' "$on_target" "$what" | ssh -S "$dir/$login" "$login" bash -s -- "$count" "$(word "$wrapper")" "$(word "$detached_dir")"
}
timed_there "$root" '
timed "target: bash -c true" bash -c true
timed "target: setsid bash -c true" setsid bash -c true
timed "target: mktemp -d, rm -rf" temporary
timed "target: remote-task.bash running exit 0" wrapped
'
timed_there "$sudoer" '
timed "target: sudo -n true" sudo -n true
timed "target: sudo -n -- sh -c true" sudo -n -- sh -c true
'
