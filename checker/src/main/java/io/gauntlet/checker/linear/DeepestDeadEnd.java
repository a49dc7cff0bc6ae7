package io.gauntlet.checker.linear;

import java.util.LinkedHashSet;

/**
 * The deepest dead end of a {@link PartitionSearch} of one kind: the stack of linearized calls
 * there, the model states reached at that depth (at most a few), and the call whose return event
 * stopped the search. The stack is copied incrementally: only the part that changed since the
 * last snapshot (from {@code dirtyFrom} up) is copied, so snapshots cost O(pushes) in total.
 */
final class DeepestDeadEnd {
  private final int[] stack;
  private final int maxStates;
  private int dirtyFrom;
  int depth = -1;
  int culprit = -1;
  final LinkedHashSet<Integer> states = new LinkedHashSet<>();

  DeepestDeadEnd(int calls, int maxStates) {
    this.stack = new int[calls];
    this.maxStates = maxStates;
  }

  /** Whether a dead end at depth {@code sp} would be recorded (deeper, or as deep with room). */
  boolean wants(int sp) {
    return sp > depth || (sp == depth && states.size() < maxStates);
  }

  /** Records a dead end at depth {@code sp} in {@code state}, stopped by {@code call}'s return. */
  void record(int[] stackEntry, int sp, int state, int call) {
    if (sp > depth) {
      System.arraycopy(stackEntry, dirtyFrom, stack, dirtyFrom, sp - dirtyFrom);
      dirtyFrom = sp;
      depth = sp;
      states.clear();
      states.add(state);
      culprit = call;
    } else if (sp == depth && states.size() < maxStates) {
      states.add(state);
    }
  }

  /**
   * Records a dead end one call deeper than the stack: {@code stackEntry[0..sp)} then
   * {@code extra}, a call the search declined to push (its pruning saw this dead end ahead).
   */
  void recordWith(int[] stackEntry, int sp, int extra, int state, int call) {
    if (sp + 1 > depth) {
      System.arraycopy(stackEntry, dirtyFrom, stack, dirtyFrom, sp - dirtyFrom);
      stack[sp] = extra;
      dirtyFrom = sp; // stack[sp] is not the search's: copy it again at the next snapshot
      depth = sp + 1;
      states.clear();
      states.add(state);
      culprit = call;
    } else if (sp + 1 == depth && states.size() < maxStates) {
      states.add(state);
    }
  }

  /** The search popped its stack down to {@code sp}: the snapshot is stale from there up. */
  void popped(int sp) {
    if (sp < dirtyFrom) {
      dirtyFrom = sp;
    }
  }

  /** The entries of the recorded stack (empty if nothing was recorded). */
  int[] entries() {
    int[] out = new int[Math.max(depth, 0)];
    System.arraycopy(stack, 0, out, 0, out.length);
    return out;
  }
}
