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
  @Test
  void aCampaignOverSshIsValid(@TempDir Path dir) throws Exception {
    String missing = SshNetnsHosts.missing();
    if (CampaignTest.CI && missing != null) {
      throw new AssertionError("CI must run the SSH campaign, but: " + missing);
    }
    Assumptions.assumeTrue(missing == null, "needs root, iptables and sshd: " + missing);
    long seed = CampaignTest.seed();
    TestOptions o = new TestOptions("ci-ssh", "kv", List.of("partition", "kill", "pause"), "netns", 3,
        Duration.ofSeconds(12), 6, 0, seed, Duration.ofSeconds(3), Duration.ofSeconds(3), 6, 150, false,
        dir.resolve("results"), List.of(), true, null);
    TestRunner.Outcome out = TestRunner.run(o, "SshCampaignIT", System.out);
    CampaignTest.assertValid(out, seed);
    String control = Files.readString(out.bundle().resolve("control.log"));
    assertTrue(control.contains("netns+ssh"), "the hosts were not SSH hosts:\n" + control);
    assertTrue(Files.readString(out.bundle().resolve("nodes/n2/node.log")).contains("listening on"),
        "the node log was not fetched back over SSH");
  }
}
