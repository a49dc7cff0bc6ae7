#!/usr/bin/env bash
# Checks that the soaks catch deliberately broken variants of Raft, kvraft and sharded KV.
# For each mutant: a scratch worktree of HEAD, one bug patched in (scripts/mutants.py), a build,
# and its soak (`gauntlet sim raft|kvraft|shardkv --seeds N`). Prints which were caught and the first seed;
# exits non-zero if any mutant is not caught.
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
  case "$soak" in raft) def=2000 ;; kvraft) def=500 ;; *) def=200 ;; esac
  n="${seeds:-$def}"
  git -C "$scratch/wt" checkout -q -f HEAD && git -C "$scratch/wt" clean -fdq -e target
  python3 "$repo/scripts/mutants.py" apply "$m" "$scratch/wt" \
    || { echo "$m: the patch no longer applies (the code it mutates changed)"; status=1; continue; }
  (cd "$scratch/wt" && mvn -q -B -DskipTests package >/dev/null 2>&1) || { echo "$m: build failed"; status=1; continue; }
  extra=()
  [ "$soak" = raft ] || extra=(--out "$scratch/results")
  out="$(cd "$scratch/wt" && java -jar control/target/gauntlet.jar sim "$soak" --seeds "$n" "${extra[@]}" 2>&1 || true)"
  first="$(echo "$out" | grep '^FAIL seed' | awk '{print $3}' | tr -d ':' | sort -n | head -1 || true)"
  how="$(echo "$out" | grep '^FAIL seed' | cut -d: -f2 | sed 's/ (.*//' | sort | uniq -c | sort -rn | head -1 | xargs || true)"
  if [ -n "$first" ]; then
    echo "$m: CAUGHT by sim $soak -- $(echo "$out" | tail -1); first failing seed $first; most often: $how"
  else
    echo "$m: NOT CAUGHT by sim $soak -- $(echo "$out" | tail -1)"
    status=1
  fi
done
exit $status
