# The installer's runner on a target over SSH (src/host/ssh/runner.ts): one per connection, started once
# as root (through sudo once for another login), so that a script costs a round trip on an open channel
# and the script's own bash, not a new ssh client, session, sudo and wrapper each. $1 is the directory for
# detached scripts (src/core/locations.ts DETACHED_DIR).
#
# It reads requests from standard input, one at a time: a line "SIZE MODE TOKEN", then SIZE bytes of
# script. It runs the script with its output (stdout and stderr together) on our standard output, then
# writes the line "TOKEN STATUS" (STATUS: the script's exit code). TOKEN is the CLI's, new for each request,
# so no script's output can pass for the end of another. Scripts never appear in a command line: the
# target's process list shows only this text. Any other line is ignored (a "stop" that came too late).
#
# MODE attached (every task but one): the script runs in a session of its own. A line on our standard
# input while it runs ("stop"), or the input's end (the CLI stopped, or the connection was lost), stops the
# script and everything it started, as stopping the installer does on its own host, so that nothing is
# left running that a next run would meet halfway.
#
# MODE detached (the bridge, which can cut the very connection it runs over): the script runs apart from
# this session, holding DIR/lock, its output into DIR/output and its exit code into DIR/status; we only
# follow the output. Losing the session cannot stop the script halfway: it finishes, or rolls back, on its
# own, and the CLI reconnects to read DIR/status.
set -u
umask 077
detached_dir=$1
dir=$(mktemp -d /tmp/ciab-runner-XXXXXX) || exit 125
trap 'rm -rf "$dir"' EXIT
# Without job control a background command's standard input would be /dev/null: keep ours on fd 3 too.
exec 3<&0

run_detached() {
  mkdir -p "$detached_dir" && chmod 700 "$detached_dir" || return 125
  # One detached script at a time: an earlier one, whose session was lost, finishes first.
  flock "$detached_dir/lock" true
  mv "$dir/task.bash" "$detached_dir/task.bash" || return 125
  rm -f "$detached_dir/status"
  : >"$detached_dir/output"
  # setsid: out of this session's process group; flock: DIR/lock held until the script has ended.
  # shellcheck disable=SC2016 # $1 is expanded by the inner bash
  setsid flock "$detached_dir/lock" bash -c \
    'bash "$1/task.bash" </dev/null >>"$1/output" 2>&1; echo "$?" >"$1/status.new"; mv "$1/status.new" "$1/status"' \
    ciab-detached "$detached_dir" </dev/null >/dev/null 2>&1 &
  local runner=$!
  tail -n +1 -s 0.2 --pid="$runner" -f "$detached_dir/output"
  wait "$runner"
  [ -s "$detached_dir/status" ] || return 125
  return "$(cat "$detached_dir/status")"
}

run_attached() {
  # setsid: a session and process group of its own (its pid: we are no group leader, so setsid does not
  # fork), which the watcher stops as a whole.
  setsid bash "$dir/task.bash" </dev/null 2>&1 3<&- &
  local task=$! status watcher
  # The watcher: `read` is a builtin, so killing the subshell leaves no reader behind to take the next
  # request's bytes.
  (
    IFS= read -r _ <&3
    kill -TERM -- "-$task"
    sleep 3
    kill -KILL -- "-$task"
  ) >/dev/null 2>&1 &
  watcher=$!
  wait "$task"
  status=$?
  kill "$watcher" 2>/dev/null
  wait "$watcher" 2>/dev/null
  return "$status"
}

while IFS=' ' read -r size mode token; do
  case $mode in
    attached | detached) ;;
    *) continue ;;
  esac
  # head -c reads no more than SIZE bytes from a pipe (coreutils src/head.c, head_bytes), leaving the
  # next request where the loop reads it.
  head -c "$size" >"$dir/task.bash" || exit 125
  if [ "$mode" = detached ]; then
    run_detached
  else
    run_attached
  fi
  printf '%s %s\n' "$token" "$?"
done
