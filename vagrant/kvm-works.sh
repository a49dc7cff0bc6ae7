#!/usr/bin/env bash
# Prints the libvirt domain type the VMs should use: "kvm" when KVM really runs a guest kernel here,
# "qemu" (software emulation, TCG) otherwise. /dev/kvm existing is not enough: on some hosts (nested
# virtualisation without the guest features, e.g. inside a microVM) it opens and creates a VM, yet an
# unmodified guest kernel never gets past its first instructions. So this boots the Debian kernel
# for real under KVM, with no disk, and looks for the kernel's first line on the serial console:
# a working KVM prints it in about a second (then panics for want of a root fs, and qemu exits).
# Usage: kvm-works.sh [KERNEL]   (default: the box's kernel, else the newest /boot/vmlinuz-*)
# Exit 0 in both cases; the reason goes to stderr.
set -uo pipefail
boot="${GAUNTLET_BOX_BOOT:-/var/lib/libvirt/boot}"
kernel="${1:-}"
[ -z "$kernel" ] && [ -r "$boot/gauntlet-vmlinuz" ] && kernel="$boot/gauntlet-vmlinuz"
[ -z "$kernel" ] && kernel="$(ls -1 /boot/vmlinuz-* 2>/dev/null | sort -V | tail -1)"

if [ ! -c /dev/kvm ] || [ ! -r /dev/kvm ] || [ ! -w /dev/kvm ]; then
  echo "kvm-works: /dev/kvm missing or not usable by $(id -un): qemu (TCG)" >&2
  echo qemu
  exit 0
fi
if ! command -v qemu-system-x86_64 >/dev/null || [ -z "$kernel" ] || [ ! -r "$kernel" ]; then
  echo "kvm-works: /dev/kvm is there but no qemu-system-x86_64 or kernel to try it with: kvm (untested)" >&2
  echo kvm
  exit 0
fi
out="$(mktemp)"
timeout 12 qemu-system-x86_64 -accel kvm -m 256 -nographic -no-reboot -kernel "$kernel" \
  -append "console=ttyS0 panic=-1" </dev/null >"$out" 2>&1
if grep -q "Linux version" "$out"; then
  echo "kvm-works: a guest kernel booted under KVM: kvm" >&2
  echo kvm
else
  echo "kvm-works: /dev/kvm is there but a guest kernel did not boot under KVM in 12 s: qemu (TCG)" >&2
  echo qemu
fi
rm -f "$out"
