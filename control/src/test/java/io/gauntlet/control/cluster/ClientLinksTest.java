package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.control.db.GauntletDb;
import io.gauntlet.control.remote.LocalHosts;
import io.gauntlet.control.remote.ToxiproxyLinks;
import io.gauntlet.control.testbed.CampaignTest;
import io.gauntlet.nemesis.LinkToxics;
import io.gauntlet.system.client.KvClient;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Client traffic goes through a proxy per node, so a toxic can hit one node's clients while the
 * node and its peer links stay healthy: a black hole on a follower's client link leaves a client
 * homed on that follower to fail over to the leader, black holes on every client link leave its calls unanswered (unknown) while the
 * control plane still reaches every node, and clearing them lets the calls through again.
 */
class ClientLinksTest {
  @Test
  void aToxicOnClientLinksHitsTheClientsOnly(@TempDir Path dir) throws Exception {
    CampaignTest.requireToxiproxy();
    int base = FreePorts.consecutive(3);
    LocalHosts hosts = new LocalHosts(3, base);
    ClusterSpec spec = ClusterFile.generate("client-links", Role.KVRAFT, 3, 0, "127.0.0.1", base, "cluster.secret");
    LinkToxics.Toxic blackHole = new LinkToxics.Toxic(LinkToxics.Toxic.Kind.TIMEOUT, 0, 0);
    try (ToxiproxyLinks links = new ToxiproxyLinks(hosts, spec, dir, FreePorts.consecutive(3), FreePorts.consecutive(300));
        ProcessCluster c = new ProcessCluster(dir, spec, ProcessCluster.NODE_JVM);
        GauntletDb db = new GauntletDb(c)) {
      assertTrue(links.clientLinks());
      for (String n : hosts.nodes()) {
        c.view(n, links.viewOf(n, spec));
      }
      c.clientView(links.clientView(spec));
      c.startAll();
      String leader = ClusterWait.leader(c, c.ids());
      String follower = c.ids().stream().filter(n -> !n.equals(leader)).findFirst().orElseThrow();
      try (KvClient kv = db.client(follower, true)) {
        assertEquals(Err.OK, kv.put("k", "1").err());
        links.add(LinkToxics.CLIENTS, follower, blackHole);
        assertEquals(Err.OK, kv.append("k", "2").err(), "a client homed on " + follower + " fails over to the leader " + leader);
        for (String n : c.ids()) {
          if (!n.equals(follower)) {
            links.add(LinkToxics.CLIENTS, n, blackHole);
          }
        }
        assertEquals(Err.ERR_MAYBE, kv.append("k", "3").err(), "with every client link cut, the call's outcome is unknown");
        assertTrue(db.leader().isPresent(), "the control plane reaches the nodes directly");
        links.clearAll();
        assertEquals(Err.OK, kv.append("k", "4").err());
        String v = kv.get("k").value();
        assertTrue(v.equals("124") || v.equals("1234"), "the value after the heal: " + v);
      }
    }
  }
}
