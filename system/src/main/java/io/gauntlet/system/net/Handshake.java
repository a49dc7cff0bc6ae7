package io.gauntlet.system.net;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The connection handshake: a mutual HMAC-SHA256 challenge over the cluster secret that also fixes
 * each side's node id for the life of the connection (frames claiming another sender are refused).
 *
 * <pre>
 *   acceptor  -> CHALLENGE  tag 1, magic "GNT1", nonceA (32 bytes), acceptor id
 *   connector -> RESPONSE   tag 2, nonceC (32 bytes), connector id, HMAC(secret, "C" nonceA nonceC cId aId)
 *   acceptor  -> ACCEPT     tag 3, HMAC(secret, "A" nonceC nonceA aId cId)
 * </pre>
 *
 * Both MACs bind both nonces and both ids, so a recorded handshake cannot be replayed and a
 * response cannot be reflected. The secret itself never travels and is never logged.
 */
final class Handshake {
  static final byte CHALLENGE = 1;
  static final byte RESPONSE = 2;
  static final byte ACCEPT = 3;
  static final int NONCE_BYTES = 32;
  static final int MAC_BYTES = 32;
  /** The largest handshake body accepted; also the frame limit before authentication. */
  static final int MAX_BYTES = 1024;
  private static final byte[] MAGIC = "GNT1".getBytes(StandardCharsets.US_ASCII);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final byte[] secret;

  Handshake(byte[] secret) {
    if (secret == null || secret.length == 0) {
      throw new IllegalArgumentException("the cluster secret must not be empty");
    }
    this.secret = secret.clone();
  }

  static byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    RANDOM.nextBytes(n);
    return n;
  }

  static byte[] challenge(byte[] nonceA, String acceptorId) {
    return body(out -> {
      out.writeByte(CHALLENGE);
      out.write(MAGIC);
      out.write(nonceA);
      out.writeUTF(acceptorId);
    });
  }

  byte[] response(byte[] nonceA, byte[] nonceC, String connectorId, String acceptorId) {
    byte[] mac = mac("C", nonceA, nonceC, connectorId, acceptorId);
    return body(out -> {
      out.writeByte(RESPONSE);
      out.write(nonceC);
      out.writeUTF(connectorId);
      out.write(mac);
    });
  }

  byte[] accept(byte[] nonceC, byte[] nonceA, String acceptorId, String connectorId) {
    byte[] mac = mac("A", nonceC, nonceA, acceptorId, connectorId);
    return body(out -> {
      out.writeByte(ACCEPT);
      out.write(mac);
    });
  }

  /** A parsed CHALLENGE. */
  record Challenge(byte[] nonceA, String acceptorId) {}

  /** A parsed RESPONSE. */
  record Response(byte[] nonceC, String connectorId, byte[] mac) {}

  static Challenge parseChallenge(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b);
    expectTag(in, CHALLENGE, "challenge");
    byte[] magic = take(in, MAGIC.length, "challenge magic");
    if (!MessageDigest.isEqual(magic, MAGIC)) {
      throw new MalformedFrameException("handshake: not a Gauntlet node (bad magic)");
    }
    return new Challenge(take(in, NONCE_BYTES, "challenge nonce"), utf(in, "challenge id"));
  }

  static Response parseResponse(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b);
    expectTag(in, RESPONSE, "response");
    byte[] nonce = take(in, NONCE_BYTES, "response nonce");
    String id = utf(in, "response id");
    return new Response(nonce, id, take(in, MAC_BYTES, "response MAC"));
  }

  static byte[] parseAccept(byte[] b) {
    ByteBuffer in = ByteBuffer.wrap(b);
    expectTag(in, ACCEPT, "accept");
    return take(in, MAC_BYTES, "accept MAC");
  }

  boolean responseValid(Response r, byte[] nonceA, String acceptorId) {
    return MessageDigest.isEqual(r.mac(), mac("C", nonceA, r.nonceC(), r.connectorId(), acceptorId));
  }

  boolean acceptValid(byte[] mac, byte[] nonceC, byte[] nonceA, String acceptorId, String connectorId) {
    return MessageDigest.isEqual(mac, mac("A", nonceC, nonceA, acceptorId, connectorId));
  }

  private byte[] mac(String role, byte[] n1, byte[] n2, String id1, String id2) {
    try {
      Mac m = Mac.getInstance("HmacSHA256");
      m.init(new SecretKeySpec(secret, "HmacSHA256"));
      m.update(body(out -> {
        out.writeUTF(role);
        out.write(n1);
        out.write(n2);
        out.writeUTF(id1);
        out.writeUTF(id2);
      }));
      return m.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  private interface Writer {
    void write(DataOutputStream out) throws IOException;
  }

  private static byte[] body(Writer w) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      w.write(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  private static void expectTag(ByteBuffer in, byte tag, String what) {
    if (!in.hasRemaining() || in.get() != tag) {
      throw new MalformedFrameException("handshake: expected a " + what + " message");
    }
  }

  private static byte[] take(ByteBuffer in, int n, String what) {
    if (in.remaining() < n) {
      throw new MalformedFrameException("handshake: " + what + " is cut short");
    }
    byte[] b = new byte[n];
    in.get(b);
    return b;
  }

  private static String utf(ByteBuffer in, String what) {
    if (in.remaining() < 2) {
      throw new MalformedFrameException("handshake: " + what + " is cut short");
    }
    int n = Short.toUnsignedInt(in.getShort());
    if (n == 0 || n > 255) {
      throw new MalformedFrameException("handshake: " + what + " has length " + n + " (1..255 allowed)");
    }
    return new String(take(in, n, what), StandardCharsets.UTF_8);
  }
}
