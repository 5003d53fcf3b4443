# The installer's scripts on a target over SSH (src/host/ssh/connection.ts): this runs as root there,
# reads one script from standard input (a line with its length in bytes, then the script), runs it in a
# session of its own with its output on ours, and exits with its exit code. It then keeps watching
# standard input: its end before the script's (the CLI stopped, or the connection was lost) stops the
# script and everything it started, as stopping the installer does on its own host, so that nothing is
# left running that a next run would meet halfway. The script never appears in a command line: the
# target's process list shows only this text.
set -u
umask 077
dir=$(mktemp -d /tmp/ciab-task-XXXXXX) || exit 125
trap 'rm -rf "$dir"' EXIT
IFS= read -r size || exit 125
head -c "$size" >"$dir/task.bash" || exit 125
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
