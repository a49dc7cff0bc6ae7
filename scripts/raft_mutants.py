# Patches one deliberate Raft bug into a source tree (used by scripts/raft-mutants.sh).
# Usage: raft_mutants.py MUTANT RAFT_SOURCE_DIR; exits 1 if the code to patch is not found.
import sys
m, d = sys.argv[1], sys.argv[2]
def rep(f, old, new):
    p = d + '/' + f
    s = open(p).read()
    if old not in s:
        sys.exit(1)
    open(p, 'w').write(s.replace(old, new, 1))
if m == 'vote-not-persisted':
    rep('RaftCore.java', 'this.votedFor = hardState.term() == term ? hardState.votedFor() : null;', 'this.votedFor = null;')
elif m == 'old-term-votes':
    rep('RaftCore.java', ': role == Role.CANDIDATE && v.term() == term;', ': role == Role.CANDIDATE;')
    rep('RaftCore.java', '''      } else if (m instanceof VoteRequest v && v.preVote()) {
        send(from, new VoteResponse(term, false, true));
      }
      return;''', '''      } else if (m instanceof VoteRequest v && v.preVote()) {
        send(from, new VoteResponse(term, false, true));
      }
      if (m instanceof VoteResponse vr) { handleVoteResponse(from, vr); }
      return;''')
elif m == 'commit-old-term':
    rep('RaftCore.java', 'if (candidate > commit && log.term(candidate) == term) {', 'if (candidate > commit) {')
elif m == 'no-truncate':
    rep('RaftCore.java', '''        log.truncateFrom(e.index());
        stableIndex = Math.min(stableIndex, e.index() - 1);''', '''        // MUTATION: overwrite in place, keep the stale suffix
        java.util.List<Entry> tail = log.slice(e.index() + 1, log.lastIndex() + 1);
        log.truncateFrom(e.index());
        log.append(e);
        for (Entry t : tail) { if (t.index() > e.index()) log.append(t); }
        stableIndex = Math.min(stableIndex, e.index() - 1);
        continue;''')
elif m == 'snapshot-out-of-order':
    rep('RaftCore.java', '''    if (idx <= commit) {
      send(from, new AppendResponse(term, true, commit, idx, 0, 0));
      return;
    }''', '''    if (idx <= log.snapshotIndex()) {
      send(from, new AppendResponse(term, true, commit, idx, 0, 0));
      return;
    }''')
