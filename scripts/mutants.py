# Deliberate bugs ("mutants") patched into a source tree, to show that the soaks catch them.
# Usage: mutants.py list | mutants.py soak MUTANT | mutants.py apply MUTANT REPO_ROOT
# apply exits 1 if the code to patch is not found (the code it mutates changed).
import sys

RAFT = 'system/src/main/java/io/gauntlet/system/raft/'
SYS = 'system/src/main/java/io/gauntlet/system/'
MUTANTS = {
    # Raft (caught by `sim raft`)
    'vote-not-persisted': ('raft', RAFT + 'RaftCore.java', [
        ('this.votedFor = hardState.term() == term ? hardState.votedFor() : null;', 'this.votedFor = null;')]),
    'old-term-votes': ('raft', RAFT + 'RaftCore.java', [
        (': role == Role.CANDIDATE && v.term() == term;', ': role == Role.CANDIDATE;'),
        ('''      } else if (m instanceof VoteRequest v && v.preVote()) {
        send(from, new VoteResponse(term, false, true));
      }
      return;''', '''      } else if (m instanceof VoteRequest v && v.preVote()) {
        send(from, new VoteResponse(term, false, true));
      }
      if (m instanceof VoteResponse vr) { handleVoteResponse(from, vr); }
      return;''')]),
    'commit-old-term': ('raft', RAFT + 'RaftCore.java', [
        ('if (candidate > commit && log.term(candidate) == term) {', 'if (candidate > commit) {')]),
    'no-truncate': ('raft', RAFT + 'RaftCore.java', [
        ('''        log.truncateFrom(e.index());
        stableIndex = Math.min(stableIndex, e.index() - 1);''', '''        java.util.List<Entry> tail = log.slice(e.index() + 1, log.lastIndex() + 1);
        log.truncateFrom(e.index());
        log.append(e);
        for (Entry t : tail) { if (t.index() > e.index()) log.append(t); }
        stableIndex = Math.min(stableIndex, e.index() - 1);
        continue;''')]),
    'snapshot-out-of-order': ('raft', RAFT + 'RaftCore.java', [
        ('''    if (idx <= commit) {
      send(from, new AppendResponse(term, true, commit, idx, 0, 0));
      return;
    }''', '''    if (idx <= log.snapshotIndex()) {
      send(from, new AppendResponse(term, true, commit, idx, 0, 0));
      return;
    }''')]),
    'commit-beyond-new-entries': ('raft', RAFT + 'RaftCore.java', [
        ('commit = Math.max(commit, Math.min(a.leaderCommit(), lastNew));',
         'commit = Math.max(commit, Math.min(a.leaderCommit(), log.lastIndex()));')]),
    # Livelock: a rejected append is retried at the same index, never backing up, and stale
    # rejections are not filtered, so every retry and heartbeat adds a chain that never ends.
    # Must fail fast as "no progress" (the per-seed event budget), not hang the soak.
    'livelock-retry-same-append': ('raft', RAFT + 'RaftCore.java', [
        ('''    if (pr.state == Progress.State.REPLICATE ? r.rejectedIndex() <= pr.match : r.rejectedIndex() != pr.next - 1) {
      return; // a stale rejection
    }''', ''),
        ('pr.becomeProbe(Math.min(Math.max(next, 1), r.rejectedIndex()), ticks);', 'pr.becomeProbe(pr.next, ticks);')]),
    # Followers forget to reset their election timer on heartbeats: while the client is busy the
    # appends keep them quiet, but an idle cluster holds a needless election every timeout.
    'needless-elections': ('raft', RAFT + 'RaftCore.java', [
        ('''  private void handleHeartbeat(String from, Heartbeat h) {
    role = Role.FOLLOWER;
    leader = from;
    electionElapsed = 0;''', '''  private void handleHeartbeat(String from, Heartbeat h) {
    role = Role.FOLLOWER;
    leader = from;''')]),
    # A node that steps down within a term (CheckQuorum, or a lost election) forgets whom it voted
    # for in that term, and may vote again in it.
    'vote-forgotten-on-stepdown': ('raft', RAFT + 'RaftCore.java', [
        ('''    if (newTerm != term) {
      term = newTerm;
      votedFor = null;
    }''', '''    term = newTerm;
    votedFor = null;''')]),
    # MapReduce coordinator (caught by `sim mr`)
    # A second report of a finished map task (the stalled copy, late) counts again.
    'mr-map-report-counts-twice': ('mr', SYS + 'mapreduce/Coordinator.java', [
        ('if (!valid(maps, d.task()) || maps[d.task()].state == State.DONE || finished) {',
         'if (!valid(maps, d.task()) || finished) {')]),
    # A second report of a finished reduce task counts again: the job ends before every reduce did.
    'mr-reduce-report-counts-twice': ('mr', SYS + 'mapreduce/Coordinator.java', [
        ('if (!valid(reduces, d.task()) || reduces[d.task()].state == State.DONE || finished) {',
         'if (!valid(reduces, d.task()) || finished) {')]),
    # kvraft (caught by `sim kvraft`)
    'dedup-not-in-snapshot': ('kvraft', 'system/src/main/java/io/gauntlet/system/rsm/Rsm.java', [
        ('      dedup.write(out);', '      new DedupTable().write(out);')]),
    # A deposed leader answers a pending call with whatever entry was applied at its index.
    'rsm-answer-any-entry': ('kvraft', 'system/src/main/java/io/gauntlet/system/rsm/Rsm.java', [
        ('p.done.accept(p.term == term ? Outcome.ok(reply) : Outcome.WRONG_LEADER);', 'p.done.accept(Outcome.ok(reply));')]),
    'read-without-readindex': ('kvraft', 'system/src/main/java/io/gauntlet/system/kvraft/KvServer.java', [
        ('      rsm.read(() -> {', '      ((java.util.function.BiConsumer<Runnable, Runnable>) (a, b) -> a.run()).accept(() -> {')]),
    # sharded KV (caught by `sim shardkv`); each edit names its own file

    # A shard is served while its data is still at the previous owner.
    "serve-before-arrival": ("shardkv", None, [(SYS + "shardkv/ShardStatus.java",
        "return this == SERVING || this == GCING;",
        "return this == SERVING || this == GCING || this == PULLING;")]),
    # The old owner drops a shard's data when it hands the shard off, before anyone pulled it.
    "gc-on-handoff": ("shardkv", None, [(SYS + "shardkv/GroupStateMachine.java",
        "          sh.status = ShardStatus.BEPULLING;",
        "          sh.clear();\n          sh.status = ShardStatus.BEPULLING;")]),
    # The old owner deletes a shard as soon as it answers a pull, before the new owner has it.
    "gc-on-pull": ("shardkv", None, [(SYS + "shardkv/ShardKvServer.java",
        "      rt.send(from, state.pullReply(p.num(), p.shard()));\n",
        "      rt.send(from, state.pullReply(p.num(), p.shard()));\n"
        "      if (rsm.isLeader()) { rsm.submit(0, 0, GroupStateMachine.step(GroupStateMachine.GC, p.num(), p.shard()), o -> {}); }\n")]),
    # The duplicate table stays behind when a shard moves.
    "dedup-not-moved": ("shardkv", None, [(SYS + "shardkv/GroupStateMachine.java",
        "            shards[s].lastSeq.putAll(incoming.lastSeq);\n", "")]),
    # Writes are applied without checking, at apply time, that the group still serves the shard.
    "no-ownership-check-on-apply": ("shardkv", None, [(SYS + "shardkv/GroupStateMachine.java",
        "    if (!serves(key)) {\n      return Err.ERR_WRONG_GROUP;",
        "    if (config.owner(shardOf(key)) == -1) {\n      return Err.ERR_WRONG_GROUP;")]),
    # The next configuration is taken while shards are still arriving or being deleted.
    "config-while-unsettled": ("shardkv", None, [(SYS + "shardkv/GroupStateMachine.java",
        "if (next.num() != config.num() + 1 || !settled()) {",
        "if (next.num() != config.num() + 1) {"),
        (SYS + "shardkv/ShardKvServer.java",
        "if (state.settled() && !ctrler.busy()) {",
        "if (!ctrler.busy()) {")]),
    # Gets are answered from the local state without confirming leadership (ReadIndex skipped).
    "shardkv-read-without-readindex": ("shardkv", None, [(SYS + "shardkv/ShardKvServer.java",
        "      rsm.read(() -> {\n        if (!state.serves(req.key())) {",
        "      ((java.util.function.BiConsumer<Runnable, Runnable>) (a, b) -> a.run()).accept(() -> {\n        if (!state.serves(req.key())) {")]),
}

def main():
    cmd = sys.argv[1]
    if cmd == 'list':
        print(' '.join(MUTANTS))
    elif cmd == 'soak':
        print(MUTANTS[sys.argv[2]][0])
    elif cmd == 'apply':
        soak, path, edits = MUTANTS[sys.argv[2]]
        for edit in edits:
            file, old, new = (path,) + edit if len(edit) == 2 else edit
            p = sys.argv[3] + '/' + file
            s = open(p).read()
            if s.count(old) != 1:
                print(f'{p}: the code mutant {sys.argv[2]} patches is not there exactly once', file=sys.stderr)
                sys.exit(1)
            open(p, 'w').write(s.replace(old, new, 1))
    else:
        sys.exit('usage: mutants.py list | soak MUTANT | apply MUTANT REPO_ROOT')

main()
