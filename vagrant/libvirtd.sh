#!/usr/bin/env bash
# Starts or stops libvirtd and virtlogd on a host without systemd (containers, CI sandboxes); on a
# host with systemd, `systemctl start libvirtd` does the same and this script just calls it.
# Usage: vagrant/libvirtd.sh start|stop|status [--netns NAME]
#   --netns NAME  run the daemons (and so the VMs' bridges, dnsmasq and NAT rules) inside the
#                 network namespace NAME, made if missing; then run vagrant and the test bed there
#                 too: `ip netns exec NAME vagrant up`, `ip netns exec NAME bin/gauntlet test ...`.
#                 Keeps every VM address off the host's own network (a sandbox whose rules allow
#                 traffic only to loopback and to test hosts in namespaces it made).
# The daemons' pids are kept in /run/gauntlet-libvirt/; stop ends exactly those pids and removes
# the namespace it made.
set -euo pipefail
cmd="${1:-}"
shift || true
ns=""
while [ $# -gt 0 ]; do
  case "$1" in
    --netns) ns="$2"; shift 2 ;;
    *) echo "libvirtd.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
state=/run/gauntlet-libvirt
in_ns() { if [ -n "$ns" ]; then ip netns exec "$ns" "$@"; else "$@"; fi; }

if [ -d /run/systemd/system ] && [ -z "$ns" ]; then
  case "$cmd" in
    start) exec systemctl start libvirtd virtlogd ;;
    stop) exit 0 ;; # a system service: leave it as the host had it
    status) exec systemctl status --no-pager libvirtd ;;
  esac
fi

case "$cmd" in
  start)
    mkdir -p "$state"
    if [ -n "$ns" ] && ! ip netns list | awk '{print $1}' | grep -qx "$ns"; then
      ip netns add "$ns"
      ip -n "$ns" link set lo up
      echo "$ns" > "$state/netns"
    fi
    for d in virtlogd libvirtd; do
      if [ -f "$state/$d.pid" ] && kill -0 "$(cat "$state/$d.pid")" 2>/dev/null; then
        echo "libvirtd.sh: $d already running (pid $(cat "$state/$d.pid"))"
        continue
      fi
      in_ns "$d" -d -p "$state/$d.pid"
      for _ in $(seq 50); do [ -s "$state/$d.pid" ] && break; sleep 0.1; done
      echo "libvirtd.sh: started $d (pid $(cat "$state/$d.pid"))${ns:+ in netns $ns}"
    done
    for _ in $(seq 100); do virsh -c qemu:///system version >/dev/null 2>&1 && break; sleep 0.1; done
    virsh -c qemu:///system version >/dev/null
    ;;
  stop)
    for d in libvirtd virtlogd; do
      if [ -f "$state/$d.pid" ]; then
        pid="$(cat "$state/$d.pid")"
        kill "$pid" 2>/dev/null || true
        for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
        kill -9 "$pid" 2>/dev/null || true
        rm -f "$state/$d.pid"
        echo "libvirtd.sh: stopped $d (pid $pid)"
      fi
    done
    # dnsmasq of libvirt's networks outlive libvirtd: end the ones it recorded.
    for f in /run/libvirt/network/*.pid /var/run/libvirt/network/*.pid; do
      [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null && echo "libvirtd.sh: stopped dnsmasq (pid $(cat "$f"))" && rm -f "$f"
    done
    if [ -f "$state/netns" ]; then
      ip netns delete "$(cat "$state/netns")" 2>/dev/null || true
      echo "libvirtd.sh: removed netns $(cat "$state/netns")"
      rm -f "$state/netns"
    fi
    ;;
  status)
    for d in virtlogd libvirtd; do
      if [ -f "$state/$d.pid" ] && kill -0 "$(cat "$state/$d.pid")" 2>/dev/null; then echo "$d: running (pid $(cat "$state/$d.pid"))"
      else echo "$d: not running"; fi
    done
    ;;
  *) echo "usage: libvirtd.sh start|stop|status [--netns NAME]" >&2; exit 2 ;;
esac
