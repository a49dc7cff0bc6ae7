package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class SimRaftCommandTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringWriter err = new StringWriter();
    try {
      System.setOut(new PrintStream(bytes, true));
      CommandLine cl = GauntletCli.commandLine();
      cl.setErr(new PrintWriter(err, true));
      int code = cl.execute(args);
      return new Run(code, bytes.toString(), err.toString());
    } finally {
      System.setOut(old);
    }
  }

  @Test
  void soakPrintsTheContractLastLine() {
    Run r = run("sim", "raft", "--seeds", "20", "--nodes", "3");
    assertEquals(0, r.code(), r.out() + r.err());
    String[] lines = r.out().strip().split("\n");
    assertTrue(lines[lines.length - 1].matches("20 seeds passed in [0-9.]+ s \\([0-9.]+ seeds/s\\)"), lines[lines.length - 1]);
  }

  @Test
  void soakSummaryCountsEveryAimedSchedulePerThousandSeeds() {
    Run r = run("sim", "raft", "--seeds", "60");
    assertEquals(0, r.code(), r.out() + r.err());
    assertTrue(r.out().contains("aimed fault schedules (per 1000 seeds"), r.out());
    for (String schedule : new String[] {"raft quiet leader change", "raft stepdown + late reqs", "raft crash after snapshot",
        "raft deposed w/ proposals", "raft late vote grants"}) {
      assertTrue(r.out().lines().anyMatch(l -> l.contains(schedule) && l.matches(".*fired +[1-9][0-9]* times.*")),
          schedule + " never fired in 60 seeds:\n" + r.out());
    }
  }

  @Test
  void traceOfOneSeedIsPrintedAndRepeatable() {
    Run a = run("sim", "raft", "--seed", "42", "--trace");
    Run b = run("sim", "raft", "--seed", "42", "--trace");
    assertEquals(0, a.code(), a.err());
    String ta = a.out().substring(0, a.out().lastIndexOf("1 seeds passed"));
    String tb = b.out().substring(0, b.out().lastIndexOf("1 seeds passed"));
    assertTrue(ta.lines().count() > 100, "trace too short");
    assertEquals(ta, tb);
  }

  @Test
  void badArgumentsExit254WithAReason() {
    Run r = run("sim", "raft", "--nodes", "4");
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("--nodes must be 3, 5 or 7"), r.err());
    Run t = run("sim", "raft", "--trace");
    assertEquals(GauntletCli.EXIT_USAGE, t.code());
    assertTrue(t.err().contains("--trace needs --seed"), t.err());
    Run both = run("sim", "raft", "--seed", "3", "--seeds", "10");
    assertEquals(GauntletCli.EXIT_USAGE, both.code());
    assertTrue(both.err().contains("does not go with --seeds"), both.err());
    Run u = run("sim", "raft", "--seeds", "many");
    assertEquals(GauntletCli.EXIT_USAGE, u.code());
    assertTrue(u.err().contains("--seeds"), u.err());
  }
}
