package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class HelpCommandTest {
  @Test
  void helpReachesNestedCommands() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("help", "sim", "raft");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("Usage: gauntlet sim raft"), r.out());
    assertTrue(r.out().contains("--nodes"), r.out());
    SimRaftCommandTest.Run check = SimRaftCommandTest.run("help", "check");
    assertTrue(check.out().startsWith("Usage: gauntlet check"), check.out());
    SimRaftCommandTest.Run top = SimRaftCommandTest.run("help");
    assertTrue(top.out().startsWith("Usage: gauntlet"), top.out());
  }

  @Test
  void helpOfAnUnknownCommandNamesTheChoices() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("help", "sim", "paxos");
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("'gauntlet sim' has no command 'paxos' (commands: raft, kvraft, shardkv, mr)"), r.err());
  }

  /** The command list shows each subcommand's first sentence whole, not cut at a source line. */
  @Test
  void simHelpListsWholeSentences() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("sim", "--help");
    String list = r.out().substring(r.out().indexOf("Commands:")).replaceAll("\\s+", " ");
    assertTrue(list.contains("bounded idle RPCs and converged commit indexes are required."), list);
    assertTrue(list.contains("is checked for linearizability (kv model)."), list);
    assertTrue(list.contains("links turn unreliable, with snapshots."), list);
    assertTrue(list.contains("and every live worker is told."), list);
  }
}
