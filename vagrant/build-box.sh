#!/usr/bin/env bash
# Builds the Vagrant box the Gauntlet VM cluster boots, from Debian packages only (no box download):
#   debootstrap --variant=minbase bookworm + openjdk-17-jre-headless, openssh-server, iptables,
#   iproute2 (tc), kmod, systemd; the host's Debian kernel modules (linux-image-amd64) copied in;
#   Toxiproxy copied in when the host has it; root login by key (the box has no sudo);
#   an ext4 image (mke2fs -d, no loop mount), converted to qcow2, metadata.json (provider libvirt),
#   then `vagrant box add`. The host kernel and initrd are copied beside it: the Vagrantfile boots
#   them through libvirt's kernel/initrd/cmdline options (the image has no boot loader).
#
# Cached and idempotent: each stage leaves a stamp in the cache folder and is skipped when its
# inputs did not change; a box already added with the same fingerprint is not added again.
#
# Usage: vagrant/build-box.sh [--dry-run] [--force]
#   --dry-run  print the steps (with the resolved mirror, kernel and paths) without doing them
#   --force    rebuild every stage
# Environment: GAUNTLET_BOX_CACHE (default ~/.cache/gauntlet-box), GAUNTLET_BOX_NAME
#   (default gauntlet/bookworm), GAUNTLET_BOX_MIRROR (default: the Debian mirror apt uses here),
#   GAUNTLET_BOX_SIZE (image size, default 4G), GAUNTLET_BOX_KERNEL (default: newest /boot/vmlinuz-*-amd64),
#   GAUNTLET_BOX_BOOT (where the guests' kernel and initrd go, default /var/lib/libvirt/boot: qemu runs
#   as libvirt-qemu and cannot read them under /root).
# Needs root (debootstrap) and the Debian packages: debootstrap qemu-utils e2fsprogs vagrant linux-image-amd64.
set -euo pipefail

DRY=0
FORCE=0
for a in "$@"; do
  case "$a" in
    --dry-run) DRY=1 ;;
    --force) FORCE=1 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) echo "build-box.sh: unknown option $a (see --help)" >&2; exit 2 ;;
  esac
done

HERE="$(cd "$(dirname "$0")" && pwd)"
CACHE="${GAUNTLET_BOX_CACHE:-$HOME/.cache/gauntlet-box}"
NAME="${GAUNTLET_BOX_NAME:-gauntlet/bookworm}"
SIZE="${GAUNTLET_BOX_SIZE:-4G}"
SUITE=bookworm
PACKAGES=openjdk-17-jre-headless,openssh-server,iptables,iproute2,kmod,systemd,systemd-sysv,udev,dbus,procps,netbase,iputils-ping,ca-certificates

# The Debian mirror this machine's apt uses (deb822 or one-line sources), else the public one.
mirror() {
  local m=""
  if [ -n "${GAUNTLET_BOX_MIRROR:-}" ]; then echo "$GAUNTLET_BOX_MIRROR"; return; fi
  for f in /etc/apt/sources.list.d/*.sources /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [ -r "$f" ] || continue
    m=$(grep -hoE '(URIs:|deb)[[:space:]]+[a-z]+://[^[:space:]]+/debian/?([[:space:]]|$)' "$f" 2>/dev/null \
      | grep -v security | head -1 | awk '{print $2}') || true
    [ -n "$m" ] && { echo "${m%/}"; return; }
  done
  echo "http://deb.debian.org/debian"
}
MIRROR="$(mirror)"

# The host's Debian kernel (linux-image-amd64): the guests boot it, its modules go into the image.
KERNEL="${GAUNTLET_BOX_KERNEL:-$(ls -1 /boot/vmlinuz-*-amd64 2>/dev/null | sort -V | tail -1 || true)}"
KVER="${KERNEL#/boot/vmlinuz-}"
INITRD="/boot/initrd.img-$KVER"
TOXIPROXY="$(command -v toxiproxy-server || true)"
[ -z "$TOXIPROXY" ] && [ -x "$HOME/go/bin/server" ] && TOXIPROXY="$HOME/go/bin/server"

BOOT="${GAUNTLET_BOX_BOOT:-/var/lib/libvirt/boot}"
ROOTFS="$CACHE/rootfs"
IMG="$CACHE/box.img"
BOXDIR="$CACHE/box"
BOX="$CACHE/gauntlet-bookworm.box"
# What the box is made of; a change rebuilds the image and re-adds the box.
FINGERPRINT=$( { cat "$0"; echo "$SUITE $PACKAGES $MIRROR $KVER $SIZE"; [ -n "$TOXIPROXY" ] && sha256sum "$TOXIPROXY" | cut -c1-64; } \
  | sha256sum | cut -c1-16)

step() { echo "== build-box: $*"; }
run() {
  if [ $DRY = 1 ]; then printf '   %s\n' "$*"; else "$@"; fi
}
done_stage() { [ $FORCE = 0 ] && [ -f "$CACHE/$1.stamp" ] && [ "$(cat "$CACHE/$1.stamp")" = "$2" ]; }
mark() { [ $DRY = 1 ] || echo "$2" > "$CACHE/$1.stamp"; }

step "box $NAME, fingerprint $FINGERPRINT, cache $CACHE"
step "mirror $MIRROR, kernel ${KERNEL:-none} (modules /lib/modules/$KVER), toxiproxy ${TOXIPROXY:-none, provisioning installs it}"
missing=()
for t in debootstrap qemu-img mke2fs vagrant; do command -v "$t" >/dev/null || missing+=("$t"); done
[ -n "$KERNEL" ] && [ -r "$KERNEL" ] && [ -r "$INITRD" ] && [ -d "/lib/modules/$KVER" ] || missing+=("kernel (linux-image-amd64)")
if [ ${#missing[@]} -gt 0 ]; then
  msg="missing: ${missing[*]}; as root: apt-get install debootstrap qemu-utils e2fsprogs vagrant linux-image-amd64"
  if [ $DRY = 1 ]; then echo "== build-box: (a real run would stop here) $msg"; else echo "build-box.sh: $msg" >&2; exit 1; fi
fi
if [ $DRY = 0 ] && [ "$(id -u)" != 0 ]; then
  echo "build-box.sh: debootstrap needs root" >&2
  exit 1
fi
run mkdir -p "$CACHE"

# 1. The root file system (the slow part: a minute or two from a nearby mirror).
ROOTFS_KEY="$SUITE $PACKAGES $MIRROR"
if done_stage rootfs "$ROOTFS_KEY"; then
  step "1/5 rootfs: cached ($ROOTFS)"
else
  step "1/5 rootfs: debootstrap --variant=minbase $SUITE"
  run rm -rf "$ROOTFS"
  run debootstrap --variant=minbase --include="$PACKAGES" "$SUITE" "$ROOTFS" "$MIRROR"
  run rm -rf "$ROOTFS/var/cache/apt/archives"/*.deb "$ROOTFS/var/lib/apt/lists"/*_Packages
  mark rootfs "$ROOTFS_KEY"
fi

# 2. Configure: kernel modules, root by key, sshd, DHCP on every NIC by systemd-networkd, Toxiproxy.
if done_stage configure "$FINGERPRINT"; then
  step "2/5 configure: cached"
else
  step "2/5 configure: modules $KVER, root login by the Vagrant key, networkd DHCP, sshd, toxiproxy"
  run rm -rf "$ROOTFS/lib/modules"
  run mkdir -p "$ROOTFS/lib/modules"
  run cp -a "/lib/modules/$KVER" "$ROOTFS/lib/modules/"
  run chroot "$ROOTFS" depmod "$KVER"
  VAGRANT_PUB="$(ls /usr/share/rubygems-integration/all/gems/vagrant-*/keys/vagrant.pub /opt/vagrant/embedded/gems/gems/vagrant-*/keys/vagrant.pub 2>/dev/null | head -1 || true)"
  run install -d -m 700 "$ROOTFS/root/.ssh"
  if [ $DRY = 1 ]; then
    echo "   install vagrant's insecure public key ${VAGRANT_PUB:-(from the vagrant package)} as $ROOTFS/root/.ssh/authorized_keys (vagrant replaces it on first up)"
    echo "   write /etc/fstab, /etc/hostname, /etc/hosts, networkd 99-dhcp.network, sshd drop-in, enable ssh systemd-networkd; passwd -d root"
  else
    install -m 600 "$VAGRANT_PUB" "$ROOTFS/root/.ssh/authorized_keys"
    echo "/dev/vda / ext4 defaults,noatime 0 1" > "$ROOTFS/etc/fstab"
    echo gauntlet > "$ROOTFS/etc/hostname"
    printf '127.0.0.1 localhost\n127.0.1.1 gauntlet\n' > "$ROOTFS/etc/hosts"
    mkdir -p "$ROOTFS/etc/systemd/network"
    # 99-: Vagrant's own 50-vagrant-IF.network (the private network's static address) wins on its NIC.
    # ClientIdentifier=mac: every VM of the box gets its own lease even before its machine-id differs.
    printf '[Match]\nName=en* eth*\n[Network]\nDHCP=yes\n[DHCPv4]\nClientIdentifier=mac\n' > "$ROOTFS/etc/systemd/network/99-dhcp.network"
    mkdir -p "$ROOTFS/etc/ssh/sshd_config.d"
    printf 'PermitRootLogin prohibit-password\nUseDNS no\nMaxSessions 64\nMaxStartups 64\n' > "$ROOTFS/etc/ssh/sshd_config.d/gauntlet.conf"
    # Host keys made at build time would be shared by every VM of the box: make them at first boot.
    rm -f "$ROOTFS"/etc/ssh/ssh_host_*
    mkdir -p "$ROOTFS/etc/systemd/system/ssh.service.d"
    # Reset ExecStartPre: the unit's own `sshd -t` would fail before the keys exist.
    printf '[Service]\nExecStartPre=\nExecStartPre=/usr/bin/ssh-keygen -A\nExecStartPre=/usr/sbin/sshd -t\n' \
      > "$ROOTFS/etc/systemd/system/ssh.service.d/hostkeys.conf"
    chroot "$ROOTFS" systemctl enable ssh systemd-networkd >/dev/null 2>&1
    chroot "$ROOTFS" passwd -d root >/dev/null
    echo "ttyS0" >> "$ROOTFS/etc/securetty" 2>/dev/null || true
    # An empty machine-id is made anew at each VM's first boot; dbus's copy would be reused by all.
    : > "$ROOTFS/etc/machine-id"
    rm -f "$ROOTFS/var/lib/dbus/machine-id"
  fi
  if [ -n "$TOXIPROXY" ]; then
    run install -m 755 "$TOXIPROXY" "$ROOTFS/usr/local/bin/toxiproxy-server"
  fi
  mark configure "$FINGERPRINT"
fi

# 3. The ext4 image (from the folder, no loop device or mount needed), then qcow2.
if done_stage image "$FINGERPRINT" && [ -f "$BOXDIR/box.img" ]; then
  step "3/5 image: cached ($BOXDIR/box.img)"
else
  step "3/5 image: ext4 $SIZE from $ROOTFS, qcow2"
  run rm -f "$IMG"
  run mke2fs -q -t ext4 -L gauntlet -d "$ROOTFS" "$IMG" "$SIZE"
  run mkdir -p "$BOXDIR"
  run qemu-img convert -O qcow2 "$IMG" "$BOXDIR/box.img"
  run rm -f "$IMG"
  mark image "$FINGERPRINT"
fi

# 4. Box metadata, kernel and initrd beside it, the .box archive (plain tar: qcow2 barely compresses).
if done_stage box "$FINGERPRINT" && [ -f "$BOX" ]; then
  step "4/5 box: cached ($BOX)"
else
  step "4/5 box: metadata.json (provider libvirt), kernel $KVER, $BOX"
  GB=$(echo "$SIZE" | tr -dc 0-9)
  if [ $DRY = 1 ]; then
    echo "   write $BOXDIR/metadata.json {\"provider\":\"libvirt\",\"format\":\"qcow2\",\"virtual_size\":$GB}"
  else
    printf '{"provider":"libvirt","format":"qcow2","virtual_size":%s}\n' "$GB" > "$BOXDIR/metadata.json"
  fi
  run tar -C "$BOXDIR" -cf "$BOX" metadata.json box.img
  mark box "$FINGERPRINT"
fi

# 5. vagrant box add (skipped when this fingerprint is already added).
if [ $FORCE = 0 ] && [ -f "$CACHE/added.stamp" ] && [ "$(cat "$CACHE/added.stamp")" = "$FINGERPRINT" ] \
    && vagrant box list 2>/dev/null | grep -q "^$NAME "; then
  step "5/5 vagrant box add: $NAME already added"
else
  step "5/5 vagrant box add $NAME"
  run vagrant box add --force --name "$NAME" "$BOX"
  mark added "$FINGERPRINT"
fi
# The kernel and initrd the Vagrantfile boots (libvirt's kernel/initrd options), readable by qemu.
if cmp -s "$KERNEL" "$BOOT/gauntlet-vmlinuz" && cmp -s "$INITRD" "$BOOT/gauntlet-initrd.img"; then
  step "kernel: $BOOT/gauntlet-vmlinuz is $KVER already"
else
  step "kernel: $KVER to $BOOT/gauntlet-vmlinuz and gauntlet-initrd.img"
  run install -d -m 755 "$BOOT"
  run install -m 644 "$KERNEL" "$BOOT/gauntlet-vmlinuz"
  run install -m 644 "$INITRD" "$BOOT/gauntlet-initrd.img"
fi
step "done: box $NAME; the Vagrantfile boots $BOOT/gauntlet-vmlinuz and $BOOT/gauntlet-initrd.img"
