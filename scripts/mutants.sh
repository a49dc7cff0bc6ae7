#!/usr/bin/env bash
# Checks that the soaks catch deliberately broken variants of Raft, kvraft and sharded KV.
# For each mutant: a scratch worktree of HEAD, one bug patched in (scripts/mutants.py), a build,
# and its soak (`gauntlet sim raft|kvraft|shardkv|mr --seeds N`). Prints which were caught, in how many
# seeds (the failing-seed rate), the first seed and the most common failure; exits non-zero if any
# mutant is not caught or hangs.
# Usage: scripts/mutants.sh [--seeds N] [MUTANT...]
#   (default: every mutant; 2000 seeds for raft, 500 for kvraft, 200 for shardkv)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=""
if [ "${1:-}" = "--seeds" ]; then seeds="$2"; shift 2; fi
mutants=("$@")
[ ${#mutants[@]} -gt 0 ] || read -r -a mutants <<<"$(python3 "$repo/scripts/mutants.py" list)"
scratch="$(mktemp -d)"
trap 'git -C "$repo" worktree remove --force "$scratch/wt" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git -C "$repo" worktree add -q --detach "$scratch/wt" HEAD
status=0
for m in "${mutants[@]}"; do
  soak="$(python3 "$repo/scripts/mutants.py" soak "$m")"
  case "$soak" in raft|mr) def=2000 ;; kvraft) def=500 ;; *) def=200 ;; esac
  n="${seeds:-$def}"
  git -C "$scratch/wt" checkout -q -f HEAD && git -C "$scratch/wt" clean -fdq -e target
  python3 "$repo/scripts/mutants.py" apply "$m" "$scratch/wt" \
    || { echo "$m: the patch no longer applies (the code it mutates changed)"; status=1; continue; }
  (cd "$scratch/wt" && mvn -q -B -DskipTests package >/dev/null 2>&1) || { echo "$m: build failed"; status=1; continue; }
  extra=()
  case "$soak" in kvraft|shardkv) extra=(--out "$scratch/results") ;; esac
  # A mutant that hangs a seed must fail it as "no progress" (the per-seed budget); the timeout
  # only keeps this script from hanging if that ever breaks, and is reported as such.
  start=$(date +%s)
  out="$(cd "$scratch/wt" && timeout 1800 java -jar control/target/gauntlet.jar sim "$soak" --seeds "$n" "${extra[@]+"${extra[@]}"}" 2>&1)" && rc=0 || rc=$?
  secs=$(( $(date +%s) - start ))
  if [ "$rc" = 124 ]; then echo "$m: HUNG (sim $soak ran over 30 min)"; status=1; continue; fi
  nfail="$(echo "$out" | grep -c '^FAIL seed' || true)"
  rate="$(awk -v f="$nfail" -v n="$n" 'BEGIN { printf "%.1f", 100 * f / n }')"
  first="$(echo "$out" | grep '^FAIL seed' | awk '{print $3}' | tr -d ':' | sort -n | head -1 || true)"
  how="$(echo "$out" | grep '^FAIL seed' | cut -d: -f2 | sed 's/ (.*//' | sort | uniq -c | sort -rn | head -1 | xargs || true)"
  if [ -n "$first" ]; then
    echo "$m: CAUGHT by sim $soak in $nfail of $n seeds ($rate%, ${secs}s); first failing seed $first; most often: $how"
  else
    echo "$m: NOT CAUGHT by sim $soak -- $(echo "$out" | tail -1)"
    status=1
  fi
done
exit $status
