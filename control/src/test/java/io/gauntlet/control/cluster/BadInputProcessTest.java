package io.gauntlet.control.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gauntlet.system.client.GauntletKv;
import io.gauntlet.system.kvraft.Err;
import io.gauntlet.system.node.ClusterFile;
import io.gauntlet.system.node.ClusterSpec;
import io.gauntlet.system.node.Role;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real kvsrv node process fed bytes no client should send: each bad connection is closed with a
 * reason in the node's log, and the node keeps serving a good client throughout.
 */
class BadInputProcessTest {
  @Test
  void badConnectionsAreClosedWithALoggedReasonAndTheNodeKeepsServing(@TempDir Path dir) throws Exception {
    long seed = KvRaftProcessTest.seed();
    int port = FreePorts.consecutive(1);
    ClusterSpec spec = ClusterFile.generate("bad-input", Role.KVSRV, 1, 0, "127.0.0.1", port, "cluster.secret");
    try (ProcessCluster c = new ProcessCluster(dir, spec, ProcessCluster.NODE_JVM);
        GauntletKv good = GauntletKv.connect(c.loaded(), new GauntletKv.Options(Duration.ofMillis(200), Duration.ofSeconds(5)))) {
      c.startAll();
      assertEquals(Err.OK, good.put("k", "v1", 0).err());

      // 1. Random bytes instead of a handshake.
      byte[] junk = new byte[512];
      new SplittableRandom(seed).nextBytes(junk);
      junk[0] = 0;
      junk[1] = 0;
      junk[2] = 0;
      junk[3] = 40;
      assertClosed(port, junk);
      awaitLog(c, "closing connection", "handshake");

      // 2. A 2 GiB length prefix.
      assertClosed(port, new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 1, 2, 3});
      awaitLog(c, "frame length 2147483647 exceeds the limit", "");

      // 3. A well-formed response with the wrong secret.
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        byte[] challenge = new byte[in.readInt()];
        in.readFully(challenge);
        byte[] nonce = new byte[32];
        System.arraycopy(challenge, 5, nonce, 0, 32);
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        DataOutputStream b = new DataOutputStream(body);
        b.writeByte(2);
        b.write(new byte[32]);
        b.writeUTF("intruder");
        b.write(new byte[32]); // not the HMAC of anything
        out.writeInt(body.size());
        out.write(body.toByteArray());
        out.flush();
        assertTrue(closed(in), "a wrong-secret client must be disconnected");
      }
      awaitLog(c, "authentication failed: connection claiming to be 'intruder' does not hold the cluster secret", "");

      // 4. A client that authenticates with the real secret, then sends a malformed frame.
      byte[] secret = Files.readString(ClusterFile.secretPath(c.clusterFile(), c.spec())).strip().getBytes(StandardCharsets.UTF_8);
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(5000);
        DataInputStream in = new DataInputStream(s.getInputStream());
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        authenticate(in, out, secret, "raw-client", "n1");
        byte[] garbage = "this is not a Smile frame".getBytes(StandardCharsets.UTF_8);
        out.writeInt(garbage.length);
        out.write(garbage);
        out.flush();
        assertTrue(closed(in), "a malformed frame must close the connection");
      }
      awaitLog(c, "undecodable frame", "");
      assertEquals(Err.OK, good.put("k", "v2", 1).err());

      // The node served the good client throughout, and still does.
      assertEquals("v2", good.get("k").value());
      assertTrue(c.isRunning("n1"));
      String log = c.logText("n1");
      assertTrue(!log.contains(new String(secret, StandardCharsets.UTF_8)), "the secret appears in the log");
    }
  }

  /** The connector's side of the handshake, written from its documented form (see Handshake). */
  static void authenticate(DataInputStream in, DataOutputStream out, byte[] secret, String me, String expected) throws Exception {
    byte[] challenge = new byte[in.readInt()];
    in.readFully(challenge);
    byte[] nonceA = java.util.Arrays.copyOfRange(challenge, 5, 37);
    byte[] nonceC = new byte[32];
    new java.security.SecureRandom().nextBytes(nonceC);
    java.io.ByteArrayOutputStream macInput = new java.io.ByteArrayOutputStream();
    DataOutputStream m = new DataOutputStream(macInput);
    m.writeUTF("C");
    m.write(nonceA);
    m.write(nonceC);
    m.writeUTF(me);
    m.writeUTF(expected);
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
    byte[] tag = mac.doFinal(macInput.toByteArray());
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    DataOutputStream b = new DataOutputStream(body);
    b.writeByte(2);
    b.write(nonceC);
    b.writeUTF(me);
    b.write(tag);
    out.writeInt(body.size());
    out.write(body.toByteArray());
    out.flush();
    byte[] accept = new byte[in.readInt()];
    in.readFully(accept);
    assertEquals(3, accept[0], "the node must accept a client holding the secret");
  }

  private static void assertClosed(int port, byte[] bytes) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(5000);
      DataOutputStream out = new DataOutputStream(s.getOutputStream());
      out.write(bytes);
      out.flush();
      assertTrue(closed(new DataInputStream(s.getInputStream())), "the node must close the connection");
    }
  }

  private static boolean closed(DataInputStream in) throws IOException {
    try {
      while (in.read() != -1) {
        // the challenge, then nothing
      }
      return true;
    } catch (SocketException e) {
      return true;
    }
  }

  private static void awaitLog(ProcessCluster c, String text, String also) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String log = c.logText("n1");
      if (log.contains(text) && log.contains(also)) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("no '" + text + "' in the node's log:\n" + c.logText("n1"));
  }
}
