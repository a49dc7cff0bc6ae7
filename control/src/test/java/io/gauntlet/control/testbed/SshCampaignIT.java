package io.gauntlet.control.testbed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.control.remote.SshNetnsHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSH path end to end: an sshd in each network namespace, host keys checked, the packaged jar
 * uploaded, nodes started, killed, paused and partitioned over SSH, their logs fetched back; the
 * campaign must come out valid. Runs after `package` (it uploads the jar).
 */
class SshCampaignIT {
  /** 3 nodes in namespaces reached over SSH, kv for 12 s, faults every 3 s. */
  static TestOptions options(String name, List<String> nemesis, long seed, Path dir) {
    return new TestOptions(name, "kv", nemesis, "netns", 3, Duration.ofSeconds(12), 6, 0, seed, Duration.ofSeconds(3),
        Duration.ofSeconds(3), 6, 150, false, dir.resolve("results"), List.of(), true, null);
  }

  @Test
  void aCampaignOverSshIsValid(@TempDir Path dir) throws Exception {
    String missing = SshNetnsHosts.missing();
    if (CampaignTest.CI && missing != null) {
      throw new AssertionError("CI must run the SSH campaign, but: " + missing);
    }
    Assumptions.assumeTrue(missing == null, "needs root, iptables and sshd: " + missing);
    long seed = CampaignTest.seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-ssh", List.of("partition", "kill", "pause"), seed, dir), "SshCampaignIT", System.out);
    CampaignTest.assertValid(out, seed);
    String control = Files.readString(out.bundle().resolve("control.log"));
    assertTrue(control.contains("netns+ssh"), "the hosts were not SSH hosts:\n" + control);
    assertTrue(Files.readString(out.bundle().resolve("nodes/n2/node.log")).contains("listening on"),
        "the node log was not fetched back over SSH");
  }

  /**
   * Toxiproxy and netem over SSH, as on VMs: a toxiproxy-server started on each host through its
   * session, toxics set through its API; netem tried on each chosen node, which either applies it or
   * says in the history that it could not (a host kernel without sch_netem).
   */
  @Test
  void toxicsAndNetemOverSsh(@TempDir Path dir) throws Exception {
    String missing = SshNetnsHosts.missing();
    if (missing == null && io.gauntlet.control.remote.ToxiproxyLinks.find() == null) {
      missing = "toxiproxy-server is not installed";
    }
    if (CampaignTest.CI && missing != null) {
      throw new AssertionError("CI must run the SSH toxics campaign, but: " + missing);
    }
    Assumptions.assumeTrue(missing == null, "needs root, iptables, sshd and toxiproxy-server: " + missing);
    long seed = CampaignTest.seed();
    TestRunner.Outcome out = TestRunner.run(options("ci-ssh-toxics", List.of("latency", "netem"), seed, dir), "SshCampaignIT", System.out);
    CampaignTest.assertValid(out, seed);
    String control = Files.readString(out.bundle().resolve("control.log"));
    assertTrue(control.contains("peer and client links through Toxiproxy"), "no Toxiproxy links over SSH:\n" + control);
    assertTrue(control.contains("start-latency") || control.contains("start-netem"), "no fault was drawn:\n" + control);
    if (control.contains("start-netem")) {
      assertTrue(control.matches("(?s).*start-netem netem delay \\d+ms.*"), "netem said nothing useful:\n" + control);
    }
  }
}
