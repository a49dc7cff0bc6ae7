#!/usr/bin/env bash
# Checks that the Raft soak catches deliberately broken variants of sharded KV.
# For each mutant: a scratch worktree of HEAD, one bug patched in (scripts/shardkv_mutants.py),
# a build, and `gauntlet sim shardkv --seeds N`. Prints which mutants were caught and the first seed.
# Usage: scripts/shardkv-mutants.sh [--seeds N] [MUTANT...]   (default: all mutants, 200 seeds)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seeds=200
if [ "${1:-}" = "--seeds" ]; then seeds="$2"; shift 2; fi
mutants=("$@")
[ ${#mutants[@]} -gt 0 ] || mutants=(serve-before-arrival gc-on-handoff gc-on-pull dedup-not-moved no-ownership-check-on-apply config-while-unsettled read-without-readindex)
scratch="$(mktemp -d)"
trap 'git -C "$repo" worktree remove --force "$scratch/wt" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git -C "$repo" worktree add -q --detach "$scratch/wt" HEAD
status=0
for m in "${mutants[@]}"; do
  git -C "$scratch/wt" checkout -q -f HEAD && git -C "$scratch/wt" clean -fdq -e target
  python3 "$repo/scripts/shardkv_mutants.py" "$m" "$scratch/wt/system/src/main/java/io/gauntlet/system" \
    || { echo "$m: the patch no longer applies (the code it mutates changed)"; status=1; continue; }
  (cd "$scratch/wt" && mvn -q -B -DskipTests package >/dev/null 2>&1) || { echo "$m: build failed"; status=1; continue; }
  out="$(cd "$scratch/wt" && java -jar control/target/gauntlet.jar sim shardkv --seeds "$seeds" 2>&1 || true)"
  first="$(echo "$out" | grep '^FAIL seed' | awk '{print $3}' | tr -d ':' | sort -n | head -1 || true)"
  inv="$(echo "$out" | grep '^FAIL seed' | cut -d: -f2 | sed 's/ (.*//' | sort | uniq -c | sort -rn | head -1 | xargs || true)"
  if [ -n "$first" ]; then
    echo "$m: CAUGHT -- $(echo "$out" | tail -1); first failing seed $first; most often: $inv"
  else
    echo "$m: NOT CAUGHT -- $(echo "$out" | tail -1)"
    status=1
  fi
done
exit $status
