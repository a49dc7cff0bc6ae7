package io.gauntlet.checker.linear;

import io.gauntlet.checker.history.Call;
import io.gauntlet.checker.model.Model;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BooleanSupplier;

/**
 * The Wing-Gong linearizability search with Lowe's just-in-time linearization, over the calls of
 * one key, as Porcupine's {@code checkSingle} does it:
 *
 * <ul>
 *   <li>Call and return events sit in a doubly-linked list in history order (arrays of ints: no
 *       node objects). Walking from the head, a call may be linearized now if the model accepts it;
 *       reaching a return event means that call should have been linearized already: backtrack.
 *   <li>Linearizing a call lifts its call and return events out of the list and pushes it on a
 *       stack; backtracking pops and splices them back in.
 *   <li>A cache of configurations (set of linearized calls, model state) prunes any configuration
 *       seen before. The set is a primitive bitset with an incremental Zobrist hash (one random
 *       word per call, XORed in and out), so hashing is O(1) per step.
 *   <li>States are interned to ints, and each (state, call) transition is computed once and
 *       memoized (while that pays), so the model's code runs once per distinct step.
 *   <li>Two reductions Porcupine lacks: a read matching the current state is linearized at once
 *       (no orders that delay it are tried), and for models whose writes extend the state (kv
 *       appends) a step is refused when a pending read could no longer see its result.
 * </ul>
 *
 * <p>{@code info} calls (and invokes that never completed) have no return event: they may be
 * linearized any time after their invoke, and the search succeeds as soon as every {@code ok}
 * call is linearized, which covers "it never took effect". {@code fail} calls must already be
 * removed. Not thread-safe: one instance searches one key on one thread.
 */
final class PartitionSearch {
  /** How one key's search ended. */
  record Outcome(
      Verdict verdict,
      String cause,
      int[] longestPrefix,
      List<Object> prefixStates,
      int culprit,
      long configurations,
      int distinctStates) {}

  private static final int NIL = -1;
  private static final int MAX_REPORTED_STATES = 16;
  private static final int PRUNE_LOOKAHEAD = 64;

  private final List<Call> calls;
  private final Model.Transition[] transitions;
  private final boolean[] readOnly;
  private final Model model;
  /** Calls that only extend the state (kv appends), when the model prunes with them; else null. */
  private boolean[] onlyExtends;
  /** The state each resetting call sets (kv put), or null; only when pruning. */
  private Object[] resetState;
  private int[] resetCalls;
  private final boolean[] ok;
  private final Object initialState;
  private final MemoryMeter meter;
  private final BooleanSupplier stop;

  private final List<Object> states = new ArrayList<>();
  private final Map<Object, Integer> stateIds = new HashMap<>();
  private LongIntMap memo;
  private long memoHits;
  /** Prune from the first step (tests use it to exercise the pruning on small histories). */
  boolean alwaysPrune;
  private long statesReserved;
  private long memoReserved;

  /**
   * @param calls the ok and info calls of one key in invoke order, with their transitions (none
   *     null; the caller drops calls whose transition is null)
   * @param readOnly which calls never change the state ({@link Model#isReadOnly})
   * @param stop polled now and then; true ends the search as unknown (time limit or cancellation)
   */
  PartitionSearch(Model model, List<Call> calls, Model.Transition[] transitions, boolean[] readOnly,
      Object initialState, MemoryMeter meter, BooleanSupplier stop) {
    this.model = model;
    this.calls = calls;
    this.readOnly = readOnly;
    this.transitions = transitions;
    this.initialState = initialState;
    this.meter = meter;
    this.stop = stop;
    this.ok = new boolean[calls.size()];
    for (int i = 0; i < ok.length; i++) {
      ok[i] = calls.get(i).isOk();
    }
    this.memo = new LongIntMap(Math.min(calls.size() * 4, 1 << 12));
    for (int i = 0; i < calls.size(); i++) {
      if (model.onlyExtends(calls.get(i))) {
        if (onlyExtends == null) {
          onlyExtends = new boolean[calls.size()];
        }
        onlyExtends[i] = true;
      }
    }
    if (onlyExtends != null) {
      resetState = new Object[calls.size()];
      resetCalls = new int[PRUNE_LOOKAHEAD];
      for (int i = 0; i < calls.size(); i++) {
        resetState[i] = model.resetsTo(calls.get(i));
      }
    }
  }

  /**
   * Whether the configuration reached by linearizing call {@code c} (entry {@code entry}) into
   * state {@code to} is dead: some pending ok read can be preceded only by reads, extending calls
   * and resetting calls (all before its return event in the list), and the model says it can see
   * its result neither from {@code to} nor from the state any of those resets sets. Sound: every
   * call that can be linearized before that read has its call event before the read's return
   * event. Looks at most {@link #PRUNE_LOOKAHEAD} events ahead.
   *
   * @return that read (a call index), or {@link #NIL} if the configuration is not known dead
   */
  private int deadEnd(int entry, int c, int to, int[] next, int head, boolean[] entryIsReturn,
      int[] entryCall, int[] returnEntry) {
    int skip = returnEntry[c];
    int seen = 0;
    int resets = 0;
    for (int e = next[head]; e != NIL && seen < PRUNE_LOOKAHEAD; e = next[e], seen++) {
      if (e == entry || e == skip) {
        continue;
      }
      int d = entryCall[e];
      if (entryIsReturn[e]) {
        if (readOnly[d] && !readable(states.get(to), d, resets)) {
          return d;
        }
      } else if (resetState[d] != null) {
        resetCalls[resets++] = d;
      } else if (!readOnly[d] && !onlyExtends[d]) {
        return NIL; // a write of another kind may come first: anything is still possible
      }
    }
    return NIL;
  }

  /** Whether read {@code d} can see its result from {@code state} or after one of the resets. */
  private boolean readable(Object state, int d, int resets) {
    Call read = calls.get(d);
    if (model.stillReadable(state, read)) {
      return true;
    }
    for (int i = 0; i < resets; i++) {
      if (model.stillReadable(resetState[resetCalls[i]], read)) {
        return true;
      }
    }
    return false;
  }

  Outcome run() {
    int n = calls.size();
    int okCount = 0;
    for (boolean b : ok) {
      okCount += b ? 1 : 0;
    }
    if (okCount == 0) {
      return new Outcome(Verdict.VALID, null, new int[0], List.of(initialState), -1, 0, 1);
    }
    // Events in history order; entry positions 0..m-1, HEAD = m is the sentinel.
    long[] order = new long[n + okCount];
    int m = 0;
    for (int c = 0; c < n; c++) {
      Call call = calls.get(c);
      order[m++] = (call.invoke().index() << 22) | ((long) c << 1);
      if (ok[c]) {
        order[m++] = (call.completion().index() << 22) | ((long) c << 1) | 1;
      }
    }
    if (n >= (1 << 21)) {
      throw new IllegalArgumentException("a single key has " + n + " calls; at most 2097151 are supported");
    }
    Arrays.sort(order);
    final int head = m;
    int[] next = new int[m + 1];
    int[] prev = new int[m + 1];
    int[] entryCall = new int[m];
    boolean[] entryIsReturn = new boolean[m];
    int[] returnEntry = new int[n];
    Arrays.fill(returnEntry, NIL);
    for (int e = 0; e < m; e++) {
      int c = (int) ((order[e] & ((1L << 22) - 1)) >>> 1);
      entryCall[e] = c;
      entryIsReturn[e] = (order[e] & 1) == 1;
      if (entryIsReturn[e]) {
        returnEntry[c] = e;
      }
      next[e] = e + 1 < m ? e + 1 : NIL;
      prev[e] = e == 0 ? head : e - 1;
    }
    next[head] = 0;
    prev[head] = NIL;

    long[] zobrist = new long[n];
    SplittableRandom rnd = new SplittableRandom(0x6a09e667f3bcc909L ^ n);
    for (int c = 0; c < n; c++) {
      zobrist[c] = rnd.nextLong();
    }
    int words = (n + 63) >>> 6;
    long[] bits = new long[words];
    long setHash = 0;
    LinearizedCache cache = new LinearizedCache(words, meter);
    int[] stackEntry = new int[n];
    int[] stackState = new int[n];
    boolean[] forced = new boolean[n];
    boolean scan = true;
    int sp = 0;

    int state = intern(initialState);
    int okLeft = okCount;
    int entry = next[head];

    // Two records of the deepest dead end. Any dead end counts for the first. The second counts
    // only dead ends where the model refuses the stopping call in the state reached: a blind write
    // (an append, a put) is never refused, so its return stops a branch only because the branch
    // did not place it, and the branch that did place it failed somewhere else. Reporting that
    // write as the call that "cannot be linearized" misleads (a stale read concurrent with a slow
    // append was reported as the append); the refused call is the one the history contradicts.
    DeepestDeadEnd any = new DeepestDeadEnd(n, MAX_REPORTED_STATES);
    DeepestDeadEnd refused = new DeepestDeadEnd(n, MAX_REPORTED_STATES);
    long steps = 0;
    // Pruning costs a look ahead per step; it is switched on once the search has backtracked more
    // than it would on an easy history (it never changes a verdict, only the work to reach it).
    long pops = 0;
    long pruneAfterPops = alwaysPrune ? -1 : n;
    try {
      while (true) {
        if (okLeft == 0) {
          return new Outcome(Verdict.VALID, null, callsOf(stackEntry, sp, entryCall), List.of(states.get(state)),
              -1, cache.size(), states.size());
        }
        if ((++steps & 0xFFF) == 0 && stop.getAsBoolean()) {
          return unknown("stopped", any, refused, entryCall, cache);
        }
        boolean explored = false;
        if (scan) {
          // Partial-order reduction: a read that matches the current state is linearized now. If
          // some linearization from here places it later, moving it here changes no state and
          // breaks no real-time order (it is enabled), so this configuration succeeds iff the one
          // with the read does: no need to try orders that delay it.
          scan = false;
          for (int e = next[head]; e != NIL && !entryIsReturn[e]; e = next[e]) {
            int c = entryCall[e];
            if (readOnly[c] && step(state, c) == state) {
              bits[c >>> 6] |= 1L << c;
              long h = setHash ^ zobrist[c] ^ Hashing.mix(state + 0x9E3779B97F4A7C15L);
              if (cache.addIfAbsent(h, state, bits)) {
                setHash ^= zobrist[c];
                forced[sp] = true;
                stackEntry[sp] = e;
                stackState[sp] = state;
                sp++;
                if (ok[c]) {
                  okLeft--;
                }
                lift(e, c, next, prev, returnEntry);
                scan = true;
                entry = next[head];
              } else {
                bits[c >>> 6] &= ~(1L << c);
                explored = true; // seen before and failed: so does this configuration
              }
              break;
            }
          }
          if (scan) {
            continue;
          }
        }
        if (!explored && entry != NIL && !entryIsReturn[entry]) {
          int c = entryCall[entry];
          int to = step(state, c);
          if (to >= 0 && pops > pruneAfterPops && onlyExtends != null && to != state) {
            int blocked = deadEnd(entry, c, to, next, head, entryIsReturn, entryCall, returnEntry);
            if (blocked != NIL) {
              // Pruned: linearizing c here leaves read `blocked` unexplainable. The unpruned search
              // would have been refused at that read, one call deeper: record it so.
              if (refused.wants(sp + 1)) {
                refused.recordWith(stackEntry, sp, entry, to, blocked);
              }
              to = -1;
            }
          }
          if (to >= 0) {
            long z = zobrist[c];
            bits[c >>> 6] |= 1L << c;
            long h = setHash ^ z ^ Hashing.mix(to + 0x9E3779B97F4A7C15L);
            if (cache.addIfAbsent(h, to, bits)) {
              setHash ^= z;
              forced[sp] = false;
              stackEntry[sp] = entry;
              stackState[sp] = state;
              sp++;
              state = to;
              if (ok[c]) {
                okLeft--;
              }
              lift(entry, c, next, prev, returnEntry);
              scan = true;
              entry = next[head];
              continue;
            }
            bits[c >>> 6] &= ~(1L << c);
          }
          entry = next[entry];
          continue;
        }
        // A return event (or the end of the list): its call could not be linearized here.
        if (!explored) { // else not a dead end of its own: nothing to record
          int stopper = entry == NIL ? -1 : entryCall[entry];
          any.record(stackEntry, sp, state, stopper);
          if (refused.wants(sp) && (stopper < 0 || step(state, stopper) < 0)) {
            refused.record(stackEntry, sp, state, stopper);
          }
        }
        int e;
        int c;
        do {
          if (sp == 0) {
            return outcome(Verdict.INVALID, null, any, refused, entryCall, cache);
          }
          sp--;
          pops++;
          any.popped(sp);
          refused.popped(sp);
          e = stackEntry[sp];
          c = entryCall[e];
          state = stackState[sp];
          bits[c >>> 6] &= ~(1L << c);
          setHash ^= zobrist[c];
          if (ok[c]) {
            okLeft++;
          }
          unlift(e, c, next, prev, returnEntry);
        } while (forced[sp]); // a forced read has no alternative: its configuration failed too
        entry = next[e];
      }
    } catch (MemoryMeter.Exceeded e) {
      return unknown("memory", any, refused, entryCall, cache);
    } finally {
      cache.release();
      meter.release(memoReserved + statesReserved);
      memoReserved = 0;
      statesReserved = 0;
    }
  }

  /** Takes call entry {@code e} (of call {@code c}) and its return entry out of the list. */
  private static void lift(int e, int c, int[] next, int[] prev, int[] returnEntry) {
    next[prev[e]] = next[e];
    if (next[e] != NIL) {
      prev[next[e]] = prev[e];
    }
    int r = returnEntry[c];
    if (r != NIL) {
      next[prev[r]] = next[r];
      if (next[r] != NIL) {
        prev[next[r]] = prev[r];
      }
    }
  }

  /** Splices the return entry, then the call entry, of call {@code c} back in (undoes lift). */
  private static void unlift(int e, int c, int[] next, int[] prev, int[] returnEntry) {
    int r = returnEntry[c];
    if (r != NIL) {
      next[prev[r]] = r;
      if (next[r] != NIL) {
        prev[next[r]] = r;
      }
    }
    next[prev[e]] = e;
    if (next[e] != NIL) {
      prev[next[e]] = e;
    }
  }

  private Outcome unknown(String cause, DeepestDeadEnd any, DeepestDeadEnd refused, int[] entryCall,
      LinearizedCache cache) {
    return outcome(Verdict.UNKNOWN, cause, any, refused, entryCall, cache);
  }

  /** An invalid or unknown outcome, explained by the deepest refusal if there was one. */
  private Outcome outcome(Verdict verdict, String cause, DeepestDeadEnd any, DeepestDeadEnd refused,
      int[] entryCall, LinearizedCache cache) {
    DeepestDeadEnd best = refused.depth >= 0 ? refused : any;
    List<Object> possible = new ArrayList<>();
    for (int s : best.states) {
      possible.add(states.get(s));
    }
    return new Outcome(verdict, cause, callsOf(best.entries(), best.depth < 0 ? 0 : best.depth, entryCall), possible,
        best.culprit, cache.size(), states.size());
  }

  private static int[] callsOf(int[] stackEntry, int sp, int[] entryCall) {
    int[] out = new int[sp];
    for (int i = 0; i < sp; i++) {
      out[i] = entryCall[stackEntry[i]];
    }
    return out;
  }

  /**
   * The state after call {@code c} in state {@code s}, or -1 if the model refuses. Memoized while
   * the memo pays: with registers the same (state, call) pairs recur constantly; with kv appends
   * almost every pair is new, so after 4096 lookups with under a quarter hits the memo is dropped.
   */
  private int step(int s, int c) {
    if (memo == null) {
      Object next = transitions[c].apply(states.get(s));
      return next == null ? -1 : intern(next);
    }
    long key = ((long) s << 32) | c;
    int to = memo.get(key);
    if (to != LongIntMap.ABSENT) {
      memoHits++;
      return to;
    }
    Object next = transitions[c].apply(states.get(s));
    to = next == null ? -1 : intern(next);
    memo.put(key, to);
    if (memo.bytes() > memoReserved) {
      meter.reserve(memo.bytes() - memoReserved);
      memoReserved = memo.bytes();
    }
    if (memo.size() == 4096 && memoHits < 1024) {
      memo = null;
      meter.release(memoReserved);
      memoReserved = 0;
    }
    return to;
  }

  /**
   * A conservative size of an interned state with its map entry, for the memory budget: strings
   * (kv states grow with every append) by length, other states as a small object.
   */
  private static long approximateBytes(Object state) {
    if (state instanceof String s) {
      return 96 + 2L * s.length();
    }
    if (state instanceof io.gauntlet.checker.model.KvModel.Value v) {
      return 112 + 2L * v.length();
    }
    return 128;
  }

  private int intern(Object state) {
    Integer id = stateIds.get(state);
    if (id == null) {
      long bytes = approximateBytes(state);
      meter.reserve(bytes);
      statesReserved += bytes;
      id = states.size();
      states.add(state);
      stateIds.put(state, id);
    }
    return id;
  }
}
