#!/usr/bin/env bash
# CI's check of the VM path, without booting anything (a few seconds): the scripts parse, the box
# build's dry run prints its five steps, and `vagrant validate` accepts the Vagrantfile (5 VMs on
# qemu, 3 on kvm) and refuses 12 VMs. Needs vagrant and vagrant-libvirt; under CI=true a missing
# tool fails the check, elsewhere it is reported and the Vagrant part skipped.
set -euo pipefail
cd "$(dirname "$0")"
fail=0
ok() { echo "vagrant/check: ok   $*"; }
bad() { echo "vagrant/check: FAIL $*"; fail=1; }

for s in build-box.sh kvm-works.sh libvirtd.sh check.sh; do
  if bash -n "$s"; then ok "bash -n $s"; else bad "bash -n $s"; fi
done

dry="$(GAUNTLET_BOX_CACHE="$(mktemp -d)" bash build-box.sh --dry-run 2>&1)" || { echo "$dry"; bad "build-box.sh --dry-run exited non-zero"; }
steps=$(grep -c '^== build-box: [1-5]/5 ' <<<"$dry" || true)
if [ "$steps" = 5 ] && grep -q 'debootstrap --variant=minbase' <<<"$dry" && grep -q 'vagrant box add' <<<"$dry"; then
  ok "build-box.sh --dry-run prints the 5 steps (debootstrap ... vagrant box add)"
else
  echo "$dry"
  bad "build-box.sh --dry-run: expected 5 steps, saw $steps"
fi

if ! command -v vagrant >/dev/null || ! vagrant plugin list 2>/dev/null | grep -q vagrant-libvirt; then
  if [ "${CI:-}" = true ]; then
    bad "vagrant or vagrant-libvirt is not installed (apt-get install vagrant vagrant-libvirt)"
  else
    echo "vagrant/check: skip vagrant validate: vagrant or vagrant-libvirt not installed (apt-get install vagrant vagrant-libvirt)"
  fi
else
  # A scratch copy: validate must not leave .vagrant/, a key or a nodes file in the checkout.
  tmp="$(mktemp -d)"
  cp Vagrantfile kvm-works.sh "$tmp/"
  for case in "5 qemu" "3 kvm"; do
    set -- $case
    if out="$(cd "$tmp" && GAUNTLET_VMS=$1 GAUNTLET_LIBVIRT_DRIVER=$2 vagrant validate 2>&1)"; then
      ok "vagrant validate (GAUNTLET_VMS=$1, driver $2)"
    else
      echo "$out"
      bad "vagrant validate (GAUNTLET_VMS=$1, driver $2)"
    fi
  done
  if (cd "$tmp" && GAUNTLET_VMS=12 vagrant validate >/dev/null 2>&1); then bad "GAUNTLET_VMS=12 accepted"; else ok "GAUNTLET_VMS=12 refused"; fi
  rm -rf "$tmp"
fi
[ $fail = 0 ] && echo "vagrant/check: all passed" || { echo "vagrant/check: failed"; exit 1; }
