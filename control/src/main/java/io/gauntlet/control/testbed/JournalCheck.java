package io.gauntlet.control.testbed;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the nodes' raft journals (see {@code io.gauntlet.system.node.RaftJournal}) against Raft's
 * safety properties, per Raft group: election safety (at most one leader per term), state machine
 * safety (every node that applied an index applied the same entry there, restarts included), and
 * apply order (within one run of a node's process, entries are applied one index after the other,
 * from its snapshot on: nothing skipped, nothing applied twice, no snapshot behind what was applied). A client history shows these bugs only when some client reads the damage; the journals
 * show them whoever reads it.
 *
 * <p>A journal that is missing or unreadable is reported, never counted as agreement: {@link
 * Result#checked} says how many indexes two or more nodes applied and could be compared.
 */
public final class JournalCheck {
  /** Violations listed in full; the rest are counted. */
  static final int SHOWN = 20;
  private static final Pattern HEADER = Pattern.compile("# raft journal node=(\\S+) group=(\\S+) pid=(\\d+)");
  private static final Pattern LEADER = Pattern.compile("leader (\\d+)");
  private static final Pattern APPLY = Pattern.compile("apply (\\d+) (\\d+) (noop|[0-9a-f]{8})");
  private static final Pattern SNAPSHOT = Pattern.compile("snapshot (\\d+) (\\d+)");

  /**
   * What the journals showed.
   *
   * @param leaders leader lines read (terms led, counting repeats)
   * @param applied apply lines read
   * @param checked indexes applied by at least two nodes (or twice by one), compared
   * @param violations the first {@link #SHOWN} violations, each a sentence naming nodes, files and lines
   * @param violationCount every violation found
   * @param problems journals missing, or lines that did not parse (file and line)
   */
  public record Result(long leaders, long applied, long checked, List<String> violations, long violationCount,
      List<String> problems) {
    public boolean safe() {
      return violationCount == 0;
    }
  }

  private record Seen(String node, long line, long term, String digest) {}

  private JournalCheck() {}

  /** Journals by node id; a null or missing path is reported as a problem. */
  public static Result check(Map<String, Path> journals) {
    Map<String, Map<Long, Seen>> leadersByGroup = new HashMap<>();
    Map<String, Map<Long, Seen>> appliedByGroup = new HashMap<>();
    Map<String, Set<Long>> compared = new HashMap<>();
    List<String> violations = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    long[] counts = new long[3]; // leaders, applied, violations
    for (Map.Entry<String, Path> j : journals.entrySet()) {
      String node = j.getKey();
      Path file = j.getValue();
      if (file == null || !Files.exists(file)) {
        problems.add(node + ": no raft journal");
        continue;
      }
      String group = "?";
      long lineNo = 0;
      long last = -1; // the index applied last in this run of the process (-1: no header seen)
      try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        for (String line = r.readLine(); line != null; line = r.readLine()) {
          lineNo++;
          Matcher m;
          if ((m = HEADER.matcher(line)).matches()) {
            group = m.group(2);
            last = 0; // a new run of the process: it starts from its snapshot, or from index 1
          } else if ((m = SNAPSHOT.matcher(line)).matches()) {
            long index = Long.parseLong(m.group(1));
            if (index < last) {
              add(violations, counts, "apply order: " + node + " took a snapshot through index " + index + " after applying through "
                  + last + " (nodes/" + node + "/raft-journal.log line " + lineNo + ")");
            }
            last = last < 0 ? -1 : index;
          } else if ((m = LEADER.matcher(line)).matches()) {
            counts[0]++;
            long term = Long.parseLong(m.group(1));
            Seen me = new Seen(node, lineNo, term, "");
            Seen first = leadersByGroup.computeIfAbsent(group, g -> new HashMap<>()).putIfAbsent(term, me);
            if (first != null && !first.node.equals(node)) {
              add(violations, counts, "election safety: group " + group + " term " + term + " has two leaders, "
                  + first.node + " (" + where(first) + ") and " + node + " (" + where(me) + ")");
            }
          } else if ((m = APPLY.matcher(line)).matches()) {
            counts[1]++;
            long index = Long.parseLong(m.group(1));
            Seen me = new Seen(node, lineNo, Long.parseLong(m.group(2)), m.group(3));
            if (last >= 0 && index != last + 1) {
              add(violations, counts, "apply order: " + node + " applied index " + index + " after " + last
                  + (index <= last ? " (applied twice in one run)" : " (skipped " + (last + 1) + ".." + (index - 1) + ")")
                  + " (" + where(me) + ")");
            }
            last = last < 0 ? -1 : index;
            Seen first = appliedByGroup.computeIfAbsent(group, g -> new HashMap<>()).putIfAbsent(index, me);
            if (first != null) {
              compared.computeIfAbsent(group, g -> new HashSet<>()).add(index);
              if (first.term != me.term || !first.digest.equals(me.digest)) {
                add(violations, counts, "state machine safety: group " + group + " index " + index + " applied as term "
                    + first.term + " entry " + first.digest + " by " + first.node + " (" + where(first) + ") but as term "
                    + me.term + " entry " + me.digest + " by " + node + " (" + where(me) + ")");
              }
            }
          } else if (!line.isBlank()) {
            problems.add(node + ": raft-journal.log line " + lineNo + " does not parse: " + abbreviate(line));
          }
        }
      } catch (IOException e) {
        problems.add(node + ": cannot read " + file + ": " + e.getMessage());
      }
    }
    long checked = compared.values().stream().mapToLong(Set::size).sum();
    return new Result(counts[0], counts[1], checked, violations, counts[2], problems);
  }

  private static void add(List<String> violations, long[] counts, String v) {
    counts[2]++;
    if (violations.size() < SHOWN) {
      violations.add(v);
    }
  }

  private static String where(Seen s) {
    return "nodes/" + s.node + "/raft-journal.log line " + s.line;
  }

  private static String abbreviate(String line) {
    return line.length() <= 80 ? line : line.substring(0, 80) + "...";
  }
}
