package io.gauntlet.system.node;

import io.gauntlet.system.raft.Entry;
import io.gauntlet.system.raft.RaftCore;
import io.gauntlet.system.raft.RaftObserver;
import io.gauntlet.system.raft.Snapshot;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's own account of what its Raft did, for the test bed to compare across nodes: every
 * term it led and every entry it applied, one line each, appended to the file
 * {@code gauntlet node --raft-journal} names (kept across restarts of the process):
 *
 * <pre>
 *   # raft journal node=n4 group=100 pid=4242
 *   leader 7
 *   snapshot 100 6            (a snapshot through index 100, term 6, handed to the service)
 *   apply 118 7 1c2f09aa      (index, term, CRC32C of the command; "noop" for a leader's no-op)
 * </pre>
 *
 * <p>Why: a client history shows a safety bug only if a client happens to read the damage, but two
 * leaders of one term, or two nodes applying different entries at one index, is a violation of
 * Raft's election safety or state machine safety whoever reads it, as etcd's functional tester
 * compares its members' hashes. The lines are buffered and written by {@link #flush()} (the daemon
 * calls it every monitor tick, and it runs when the buffer grows large) as whole lines in one write,
 * so a kill -9 loses at most the last few lines and never leaves half of one (a cut line could read
 * as a different, valid one). A journal that cannot be written (disk full) stops with one WARN; the node
 * goes on, since the journal is evidence for the test bed, not state.
 */
public final class RaftJournal implements RaftObserver, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger("gauntlet.node");
  private final Path file;
  private static final int FLUSH_AT = 64 * 1024;
  private final FileChannel out;
  private final StringBuilder pending = new StringBuilder();
  private final CRC32C crc = new CRC32C();
  private boolean broken;

  public RaftJournal(Path file, String node, String group) {
    this.file = file;
    try {
      out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the raft journal " + file + ": " + e.getMessage(), e);
    }
    write("# raft journal node=" + node + " group=" + group + " pid=" + ProcessHandle.current().pid() + "\n");
    flush();
  }

  @Override
  public void onBecomeLeader(RaftCore core) {
    write("leader " + core.term() + "\n");
  }

  @Override
  public void onSnapshotApply(RaftCore core, Snapshot snapshot) {
    write("snapshot " + snapshot.index() + " " + snapshot.term() + "\n");
  }

  @Override
  public void onApply(RaftCore core, Entry e) {
    write("apply " + e.index() + " " + e.term() + " " + digest(e.data()) + "\n");
  }

  private String digest(byte[] data) {
    if (data == null) {
      return "noop";
    }
    crc.reset();
    crc.update(data);
    return String.format("%08x", crc.getValue());
  }

  private void write(String line) {
    if (broken) {
      return;
    }
    pending.append(line);
    if (pending.length() >= FLUSH_AT) {
      flush();
    }
  }

  /** Writes the buffered lines, whole, in one write. */
  public void flush() {
    if (broken || pending.isEmpty()) {
      return;
    }
    ByteBuffer b = ByteBuffer.wrap(pending.toString().getBytes(StandardCharsets.UTF_8));
    pending.setLength(0);
    try {
      while (b.hasRemaining()) {
        out.write(b);
      }
    } catch (IOException e) {
      stop(e);
    }
  }

  private void stop(IOException e) {
    broken = true;
    log.warn("raft journal {} stopped (the node goes on without it): {}", file, e.toString());
  }

  @Override
  public void close() {
    flush();
    try {
      out.close();
    } catch (IOException e) {
      // the process is stopping; the lines written so far are what the journal holds
    }
  }
}
