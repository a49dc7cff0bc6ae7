package io.gauntlet.system.net;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.Socket;

/** A hand-driven client on a plain socket, for feeding a transport bytes no real peer would send. */
final class RawPeer implements AutoCloseable {
  final Socket socket;
  final DataOutputStream out;
  final DataInputStream in;

  RawPeer(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(5000);
    out = new DataOutputStream(socket.getOutputStream());
    in = new DataInputStream(socket.getInputStream());
  }

  byte[] readFrame() throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return b;
  }

  void writeFrame(byte[] body) throws IOException {
    out.writeInt(body.length);
    out.write(body);
    out.flush();
  }

  /** Runs the client side of the handshake as {@code id} with {@code secret}; returns the server's ACCEPT. */
  RawPeer authenticate(String id, byte[] secret) throws IOException {
    Handshake.Challenge c = Handshake.parseChallenge(readFrame());
    writeFrame(new Handshake(secret).response(c.nonceA(), Handshake.nonce(), id, c.acceptorId()));
    Handshake.parseAccept(readFrame());
    return this;
  }

  /** True once the server has closed the connection (reads end of stream). */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        if (in.read() == -1) {
          return true;
        }
      }
    } catch (java.net.SocketException e) {
      return true; // reset
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
