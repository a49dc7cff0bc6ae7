package io.gauntlet.system.net;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Splits the byte stream into frames: a 4-byte big-endian body length, then the body. The limit
 * applies to the body length, the same number the sender checks ({@link Transport} refuses to send a
 * body over {@link TransportConfig#maxFrameBytes}), so both sides count alike. The limit is small
 * until the connection has authenticated (a stranger cannot make us buffer 64 MiB) and is raised by
 * {@link #raiseLimit} after the handshake.
 */
final class FrameDecoder extends ByteToMessageDecoder {
  private int limit;

  FrameDecoder(int limit) {
    this.limit = limit;
  }

  void raiseLimit(int newLimit) {
    this.limit = newLimit;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.readableBytes() >= 4) {
      int length = in.getInt(in.readerIndex());
      if (length < 0 || length > limit) {
        in.skipBytes(in.readableBytes());
        throw new MalformedFrameException("frame length " + Integer.toUnsignedString(length)
            + " exceeds the limit of " + limit + " bytes"
            + (limit < TransportConfig.DEFAULT_MAX_FRAME_BYTES ? " (before authentication)" : ""));
      }
      if (in.readableBytes() < 4 + length) {
        return;
      }
      in.skipBytes(4);
      out.add(in.readRetainedSlice(length));
    }
  }
}
