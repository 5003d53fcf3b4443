#!/usr/bin/env bash
# Issue 15's benchmark: the engine's per-task overhead over SSH to the simulated host against local and
# against Ansible, and the round trips of `check --target`'s facts. See bench/ssh-overhead.ts.
# Needs root (the simulated host); installs Debian's ansible when it is missing.
# Usage: sudo bash bench/ssh-overhead.sh [ROUNDS]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$(id -u)" != 0 ]; then
  echo "bench/ssh-overhead.sh: run as root (the simulated host needs namespaces and mounts)" >&2
  exit 2
fi
if ! command -v ansible-playbook >/dev/null; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends ansible
fi
exec node --import tsx bench/ssh-overhead.ts "${1:-3}"
