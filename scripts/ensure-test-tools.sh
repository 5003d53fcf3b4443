#!/usr/bin/env bash
# Installs (as root, with apt-get) or checks the system tools the test suite needs.
# It never skips: a missing tool that cannot be installed stops the suite with a clear message.
set -euo pipefail

# command -> Debian package that provides it
declare -A tools=(
  [debootstrap]=debootstrap
  [xorriso]=xorriso
  [qemu-system-x86_64]=qemu-system-x86
  [shellcheck]=shellcheck
  [mcopy]=mtools
  [implantisomd5]=isomd5sum
  [createrepo_c]=createrepo-c
  [rpmbuild]=rpm
  [mkfs.vfat]=dosfstools
  [busybox]=busybox-static
  [cpio]=cpio
  [ping]=iputils-ping
  [tmux]=tmux
  [script]=bsdutils
  [ip]=iproute2
  [grub-script-check]=grub-common
  [systemd-analyze]=systemd
  [chronyd]=chrony
  [gpg]=gnupg
  # the workstation's side of the SSH tests (test/simhost/ssh.ts); the host's sshd is in its own root
  [ssh]=openssh-client
  [ssh-keygen]=openssh-client
  [ssh-keyscan]=openssh-client
  [nsenter]=util-linux
  [unshare]=util-linux
)
# files -> Debian package that provides them
declare -A files=(
  [/usr/share/OVMF/OVMF_CODE.fd]=ovmf
  [/usr/lib/ISOLINUX/isolinux.bin]=isolinux
  [/usr/lib/syslinux/modules/bios/ldlinux.c32]=syslinux-common
  [/usr/lib/grub/x86_64-efi/modinfo.sh]=grub-efi-amd64-bin
)

missing=()
for cmd in "${!tools[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${tools[$cmd]}")
done
for f in "${!files[@]}"; do
  [ -e "$f" ] || missing+=("${files[$f]}")
done
# The ISO fixture boots Debian's kernel; any installed version will do.
compgen -G '/boot/vmlinuz-*' >/dev/null || missing+=(linux-image-amd64)

if [ "${#missing[@]}" -eq 0 ]; then
  exit 0
fi
mapfile -t missing < <(printf '%s\n' "${missing[@]}" | sort -u)
echo "test tools: installing ${missing[*]}" >&2
if [ "$(id -u)" -ne 0 ]; then
  echo "error: the test suite needs these Debian packages: ${missing[*]}" >&2
  echo "hint: run as root, or install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >/tmp/cloud-in-a-box-apt.log 2>&1; then
  echo "error: could not install the test tools ${missing[*]} with apt-get" >&2
  echo "hint: see /tmp/cloud-in-a-box-apt.log" >&2
  exit 1
fi
