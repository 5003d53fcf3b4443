# The installer's scripts on a target over SSH (src/host/ssh/connection.ts): this runs as root there,
# with the directory for detached scripts as $1 (src/core/locations.ts DETACHED_DIR). It reads one script
# from standard input (a line "SIZE MODE", then SIZE bytes of script) and exits with its exit code.
# The script never appears in a command line: the target's process list shows only this text.
#
# MODE attached (every task but one): the script runs in a session of its own with its output on ours,
# and its end of standard input before the script's (the CLI stopped, or the connection was lost) stops
# the script and everything it started, as stopping the installer does on its own host, so that nothing
# is left running that a next run would meet halfway.
#
# MODE detached (the bridge, which can cut the very connection it runs over): the script runs apart from
# this session, holding DIR/lock, its output into DIR/output and its exit code into DIR/status; this
# session only follows the output. Losing the session cannot stop the script halfway: it finishes, or
# rolls back, on its own, and the CLI reconnects to read DIR/status.
set -u
umask 077
detached_dir=$1
dir=$(mktemp -d /tmp/ciab-task-XXXXXX) || exit 125
trap 'rm -rf "$dir"' EXIT
IFS=' ' read -r size mode || exit 125
head -c "$size" >"$dir/task.bash" || exit 125

if [ "$mode" = detached ]; then
  mkdir -p "$detached_dir" && chmod 700 "$detached_dir" || exit 125
  # One detached script at a time: an earlier one, whose session was lost, finishes first.
  flock "$detached_dir/lock" true
  mv "$dir/task.bash" "$detached_dir/task.bash" || exit 125
  rm -f "$detached_dir/status"
  : >"$detached_dir/output"
  # setsid: out of this session's process group; flock: DIR/lock held until the script has ended.
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  setsid flock "$detached_dir/lock" bash -c \
    'bash "$1/task.bash" </dev/null >>"$1/output" 2>&1; echo "$?" >"$1/status.new"; mv "$1/status.new" "$1/status"' \
    ciab-detached "$detached_dir" </dev/null >/dev/null 2>&1 &
  runner=$!
  tail -n +1 -s 0.2 --pid="$runner" -f "$detached_dir/output"
  wait "$runner"
  [ -s "$detached_dir/status" ] || exit 125
  exit "$(cat "$detached_dir/status")"
fi

# Without job control a background command's standard input would be /dev/null: keep ours on fd 3.
exec 3<&0
# setsid: a session and process group of its own (its pid), which the watcher stops as a whole.
setsid bash "$dir/task.bash" </dev/null 2>&1 3<&- &
task=$!
(
  cat <&3 >/dev/null
  kill -TERM -- "-$task" 2>/dev/null
  sleep 3
  kill -KILL -- "-$task" 2>/dev/null
) >/dev/null 2>&1 &
watcher=$!
exec 3<&-
wait "$task"
status=$?
kill "$watcher" 2>/dev/null
exit "$status"
