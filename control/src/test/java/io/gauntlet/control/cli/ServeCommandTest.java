package io.gauntlet.control.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServeCommandTest {
  @TempDir Path tmp;

  @Test
  void aMissingResultsFolderIsABadArgument() {
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("serve", "--results", tmp.resolve("nope").toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("is not a folder (it does not exist; `bin/gauntlet test` creates it)"), r.err());
  }

  @Test
  void aFileIsNotAResultsFolder() throws Exception {
    Path f = Files.writeString(tmp.resolve("f"), "x");
    SimRaftCommandTest.Run r = SimRaftCommandTest.run("serve", "--results", f.toString());
    assertEquals(GauntletCli.EXIT_USAGE, r.code());
    assertTrue(r.err().contains("is not a folder") && !r.err().contains("does not exist"), r.err());
  }

  @Test
  void badPortHostAndFlags() throws Exception {
    String dir = tmp.toString();
    assertTrue(SimRaftCommandTest.run("serve", "--results", dir, "--port", "70000").err().contains("--port must be 0..65535"));
    assertTrue(SimRaftCommandTest.run("serve", "--results", dir, "--host", "no-such-host.invalid").err().contains("is not a known address"));
    assertEquals(GauntletCli.EXIT_USAGE, SimRaftCommandTest.run("serve", "--results", dir, "--bogus").code());
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      SimRaftCommandTest.Run r = SimRaftCommandTest.run("serve", "--results", dir, "--port", String.valueOf(taken.getLocalPort()));
      assertEquals(GauntletCli.EXIT_USAGE, r.code());
      assertTrue(r.err().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()) && r.err().contains("try --port 0"), r.err());
    }
  }

  @Test
  void warnsForAnAddressOtherThanLoopback() throws Exception {
    assertNull(ServeCommand.exposure(InetAddress.getByName("127.0.0.1"), tmp));
    assertNull(ServeCommand.exposure(InetAddress.getByName("::1"), tmp));
    String w = ServeCommand.exposure(InetAddress.getByName("0.0.0.0"), tmp);
    assertTrue(w.startsWith("warning: listening on 0.0.0.0, not loopback"), w);
  }
}
