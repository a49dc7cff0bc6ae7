#!/usr/bin/env python3
"""Patches one deliberate bug into the sharded KV sources (for scripts/shardkv-mutants.sh).

Usage: shardkv_mutants.py MUTANT SYSTEM_SRC_DIR   (SYSTEM_SRC_DIR = .../io/gauntlet/system)
Exits 1 if the code a mutant patches is no longer there.
"""
import sys

MUTANTS = {
    # A shard is served while its data is still at the previous owner.
    "serve-before-arrival": [("shardkv/ShardStatus.java",
        "return this == SERVING || this == GCING;",
        "return this == SERVING || this == GCING || this == PULLING;")],
    # The old owner drops a shard's data when it hands the shard off, before anyone pulled it.
    "gc-on-handoff": [("shardkv/GroupStateMachine.java",
        "          sh.status = ShardStatus.BEPULLING;",
        "          sh.clear();\n          sh.status = ShardStatus.BEPULLING;")],
    # The old owner deletes a shard as soon as it answers a pull, before the new owner has it.
    "gc-on-pull": [("shardkv/ShardKvServer.java",
        "      rt.send(from, state.pullReply(p.num(), p.shard()));\n",
        "      rt.send(from, state.pullReply(p.num(), p.shard()));\n"
        "      if (rsm.isLeader()) { rsm.submit(0, 0, GroupStateMachine.step(GroupStateMachine.GC, p.num(), p.shard()), o -> {}); }\n")],
    # The duplicate table stays behind when a shard moves.
    "dedup-not-moved": [("shardkv/GroupStateMachine.java",
        "            shards[s].lastSeq.putAll(incoming.lastSeq);\n", "")],
    # Writes are applied without checking, at apply time, that the group still serves the shard.
    "no-ownership-check-on-apply": [("shardkv/GroupStateMachine.java",
        "    if (!serves(key)) {\n      return Err.ERR_WRONG_GROUP;",
        "    if (config.owner(shardOf(key)) == -1) {\n      return Err.ERR_WRONG_GROUP;")],
    # The next configuration is taken while shards are still arriving or being deleted.
    "config-while-unsettled": [("shardkv/GroupStateMachine.java",
        "if (next.num() != config.num() + 1 || !settled()) {",
        "if (next.num() != config.num() + 1) {"),
        ("shardkv/ShardKvServer.java",
        "if (state.settled() && !ctrler.busy()) {",
        "if (!ctrler.busy()) {")],
    # Gets are answered from the local state without confirming leadership (ReadIndex skipped).
    "read-without-readindex": [("shardkv/ShardKvServer.java",
        "      rsm.read(() -> {\n        if (!state.serves(req.key())) {",
        "      ((java.util.function.BiConsumer<Runnable, Runnable>) (a, b) -> a.run()).accept(() -> {\n        if (!state.serves(req.key())) {")],
}


def main():
    if len(sys.argv) != 3 or sys.argv[1] not in MUTANTS:
        sys.exit("usage: shardkv_mutants.py {" + ",".join(MUTANTS) + "} SYSTEM_SRC_DIR")
    for rel, old, new in MUTANTS[sys.argv[1]]:
        path = sys.argv[2] + "/" + rel
        src = open(path).read()
        if src.count(old) != 1:
            print(f"{path}: the code mutant {sys.argv[1]} patches is not there exactly once", file=sys.stderr)
            sys.exit(1)
        open(path, "w").write(src.replace(old, new))


if __name__ == "__main__":
    main()
