#!/usr/bin/env bash
# Runs real-process campaigns (`gauntlet test`) against deliberately broken builds (scripts/mutants.py),
# to show the test bed, not only the simulator, catches them. Needs root (netns). For each mutant: a
# scratch worktree of HEAD with the bug patched in, a build, and up to TRIES campaigns with seeds 1..TRIES;
# prints the first seed that came out invalid (or unknown: the cluster did not recover after the heal). Exits non-zero if any mutant is never caught.
# Usage: scripts/campaign-mutants.sh [--tries N] [--time-limit S] [--nemesis LIST] [--workload W] [--nodes N]
#          [--cluster netns|local] [MUTANT...]
#   (default: 3 tries of 30 s of kv with partition,kill,pause on 5 netns nodes; the Raft and kvraft
#   mutants; --workload shardkv --nodes 9 --nemesis shard,kill for the shardkv ones)
set -euo pipefail
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tries=3; limit=30; nemesis="partition,kill,pause"; workload=kv; nodes=5; cluster=netns
while [ $# -gt 0 ]; do
  case "$1" in
    --tries) tries="$2"; shift 2 ;;
    --time-limit) limit="$2"; shift 2 ;;
    --nemesis) nemesis="$2"; shift 2 ;;
    --workload) workload="$2"; shift 2 ;;
    --nodes) nodes="$2"; shift 2 ;;
    --cluster) cluster="$2"; shift 2 ;;
    *) break ;;
  esac
done
mutants=("$@")
if [ ${#mutants[@]} -eq 0 ]; then
  for m in $(python3 "$repo/scripts/mutants.py" list); do
    case "$(python3 "$repo/scripts/mutants.py" soak "$m")" in raft|kvraft) mutants+=("$m") ;; esac
  done
fi
scratch="$(mktemp -d)"
trap 'git -C "$repo" worktree remove --force "$scratch/wt" >/dev/null 2>&1 || true; rm -rf "$scratch"' EXIT
git -C "$repo" worktree add -q --detach "$scratch/wt" HEAD
status=0
for m in "${mutants[@]}"; do
  git -C "$scratch/wt" checkout -q -f HEAD && git -C "$scratch/wt" clean -fdq -e target
  python3 "$repo/scripts/mutants.py" apply "$m" "$scratch/wt" || { echo "$m: the patch no longer applies"; status=1; continue; }
  (cd "$scratch/wt" && mvn -q -B -o -DskipTests package >/dev/null 2>&1) || { echo "$m: build failed"; status=1; continue; }
  caught=""
  for seed in $(seq 1 "$tries"); do
    set +e
    (cd "$scratch" && java -jar "$scratch/wt/control/target/gauntlet.jar" test --nodes "$nodes" --time-limit "$limit" \
      --workload "$workload" --cluster "$cluster" --nemesis "$nemesis" --nemesis-interval 5 --seed "$seed" --name "mutant-$m" >"$scratch/out" 2>&1)
    code=$?
    set -e
    if [ "$code" = 1 ]; then caught="$seed"; break; fi
    if [ "$code" = 2 ]; then caught="$seed (unknown, not invalid)"; break; fi
    if [ "$code" != 0 ]; then echo "$m: seed $seed exited $code:"; grep -v '^\[ *[0-9]*s/' "$scratch/out" | tail -5; fi
  done
  if [ -n "$caught" ]; then
    echo "$m: caught (invalid) with seed $caught of $tries: $(tail -1 "$scratch/out" | cut -c1-200)"
  else
    echo "$m: NOT caught in $tries campaigns of ${limit} s (last exit $code)"; status=1
  fi
done
exit $status
