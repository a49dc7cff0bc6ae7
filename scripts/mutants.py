# Deliberate bugs ("mutants") patched into a source tree, to show that the soaks catch them.
# Usage: mutants.py list | mutants.py soak MUTANT | mutants.py apply MUTANT REPO_ROOT
# apply exits 1 if the code to patch is not found (the code it mutates changed).
import sys

RAFT = 'system/src/main/java/io/gauntlet/system/raft/'
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
    # kvraft (caught by `sim kvraft`)
    'dedup-not-in-snapshot': ('kvraft', 'system/src/main/java/io/gauntlet/system/rsm/Rsm.java', [
        ('      dedup.write(out);', '      new DedupTable().write(out);')]),
    'read-without-readindex': ('kvraft', 'system/src/main/java/io/gauntlet/system/kvraft/KvServer.java', [
        ('      rsm.read(() -> {', '      ((java.util.function.BiConsumer<Runnable, Runnable>) (a, b) -> a.run()).accept(() -> {')]),
}

def main():
    cmd = sys.argv[1]
    if cmd == 'list':
        print(' '.join(MUTANTS))
    elif cmd == 'soak':
        print(MUTANTS[sys.argv[2]][0])
    elif cmd == 'apply':
        soak, path, edits = MUTANTS[sys.argv[2]]
        p = sys.argv[3] + '/' + path
        s = open(p).read()
        for old, new in edits:
            if old not in s:
                sys.exit(1)
            s = s.replace(old, new, 1)
        open(p, 'w').write(s)
    else:
        sys.exit('usage: mutants.py list | soak MUTANT | apply MUTANT REPO_ROOT')

main()
