package io.gauntlet.system.node;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.gauntlet.system.net.AddressBook;
import io.gauntlet.system.net.TransportConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads, validates and writes cluster files (JSON). Every problem is reported as a
 * {@link ClusterFileException} naming the file and the field, so a node never starts half-configured.
 */
public final class ClusterFile {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(SerializationFeature.INDENT_OUTPUT);
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  /** Frames must hold a status reply, a shard's migration and a few KiB of entries. */
  static final int MIN_FRAME_BYTES = 64 * 1024;

  /** A validated cluster file and the secret it names. */
  public record Loaded(Path file, ClusterSpec spec, byte[] secret) {
    public AddressBook addressBook() {
      AddressBook book = new AddressBook();
      spec.addresses().forEach(book::put);
      return book;
    }

    /** The transport settings every node and client of this cluster uses: its secret and frame limit. */
    public TransportConfig transportConfig() {
      return TransportConfig.defaults().withSecret(secret).withMaxFrameBytes(spec.frameLimit());
    }
  }

  private ClusterFile() {}

  public static Loaded load(Path file) throws ClusterFileException {
    ClusterSpec spec = read(file);
    return new Loaded(file, spec, readSecret(file, spec));
  }

  /** Parses and validates {@code file}, filling Raft settings left out with their defaults. */
  public static ClusterSpec read(Path file) throws ClusterFileException {
    ClusterSpec raw;
    try {
      raw = JSON.readValue(Files.readAllBytes(file), ClusterSpec.class);
    } catch (NoSuchFileException e) {
      throw new ClusterFileException(file, "no such file");
    } catch (JsonProcessingException e) {
      throw new ClusterFileException(file, "not a valid cluster file: " + e.getOriginalMessage()
          + (e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")"));
    } catch (IOException e) {
      throw new ClusterFileException(file, "cannot read: " + e.getMessage(), e);
    }
    if (raw == null) {
      throw new ClusterFileException(file, "empty file");
    }
    ClusterSpec spec = withDefaults(raw);
    validate(file, spec);
    return spec;
  }

  private static ClusterSpec withDefaults(ClusterSpec s) {
    ClusterSpec.RaftSettings d = ClusterSpec.RaftSettings.defaults();
    ClusterSpec.RaftSettings r = s.raft() == null ? d : s.raft();
    r = new ClusterSpec.RaftSettings(
        r.tickMs() == null ? d.tickMs() : r.tickMs(),
        r.heartbeatTicks() == null ? d.heartbeatTicks() : r.heartbeatTicks(),
        r.electionTicks() == null ? d.electionTicks() : r.electionTicks(),
        r.maxRaftState() == null ? d.maxRaftState() : r.maxRaftState(),
        r.shardStepMs() == null ? d.shardStepMs() : r.shardStepMs(),
        r.snapshotChunkBytes() == null ? d.snapshotChunkBytes() : r.snapshotChunkBytes());
    return new ClusterSpec(s.name() == null ? "gauntlet" : s.name(), s.secretFile(),
        s.nShards() == null ? 10 : s.nShards(), r, s.nodes(), s.maxFrameBytes());
  }

  private static void validate(Path file, ClusterSpec s) throws ClusterFileException {
    if (s.secretFile() == null || s.secretFile().isBlank()) {
      throw new ClusterFileException(file, "\"secretFile\" is missing (a file holding the cluster secret)");
    }
    if (s.nodes() == null || s.nodes().isEmpty()) {
      throw new ClusterFileException(file, "\"nodes\" is missing or empty");
    }
    if (s.nShards() < 1 || s.nShards() > 1024) {
      throw new ClusterFileException(file, "\"nShards\" must be 1..1024, got " + s.nShards());
    }
    ClusterSpec.RaftSettings r = s.raft();
    positive(file, "raft.tickMs", r.tickMs());
    positive(file, "raft.heartbeatTicks", r.heartbeatTicks());
    positive(file, "raft.electionTicks", r.electionTicks());
    positive(file, "raft.shardStepMs", r.shardStepMs());
    if (s.maxFrameBytes() != null && s.maxFrameBytes() < MIN_FRAME_BYTES) {
      throw new ClusterFileException(file, "maxFrameBytes must be at least " + MIN_FRAME_BYTES + ", got " + s.maxFrameBytes());
    }
    if (r.snapshotChunkBytes() < 1024 || r.snapshotChunkBytes() > s.frameLimit() / 2) {
      throw new ClusterFileException(file, "raft.snapshotChunkBytes must be 1024.." + s.frameLimit() / 2
          + " (half the frame limit, so a chunk and its header fit a frame), got " + r.snapshotChunkBytes());
    }
    if (r.electionTicks() <= r.heartbeatTicks()) {
      throw new ClusterFileException(file, "raft.electionTicks (" + r.electionTicks()
          + ") must exceed raft.heartbeatTicks (" + r.heartbeatTicks() + ")");
    }
    if (r.maxRaftState() != -1 && r.maxRaftState() < 1024) {
      throw new ClusterFileException(file, "raft.maxRaftState must be -1 (never snapshot) or at least 1024, got " + r.maxRaftState());
    }
    Set<String> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    Set<Role> roles = new HashSet<>();
    for (int i = 0; i < s.nodes().size(); i++) {
      ClusterSpec.NodeSpec n = s.nodes().get(i);
      String where = "nodes[" + i + "]";
      if (n == null) {
        throw new ClusterFileException(file, where + " is null");
      }
      if (n.id() == null || !ID.matcher(n.id()).matches()) {
        throw new ClusterFileException(file, where + ".id must be 1-64 characters of A-Z a-z 0-9 _ . -, got "
            + (n.id() == null ? "nothing" : "\"" + n.id() + "\""));
      }
      where = "node \"" + n.id() + "\"";
      if (!ids.add(n.id())) {
        throw new ClusterFileException(file, where + " is listed twice");
      }
      if (n.address() == null) {
        throw new ClusterFileException(file, where + " has no \"address\" (HOST:PORT)");
      }
      InetSocketAddress a;
      try {
        a = AddressBook.parse(n.address());
      } catch (IllegalArgumentException e) {
        throw new ClusterFileException(file, where + ": " + e.getMessage());
      }
      if (a.getPort() == 0) {
        throw new ClusterFileException(file, where + ": port 0 is not a fixed address");
      }
      if (!addresses.add(n.address())) {
        throw new ClusterFileException(file, where + ": address " + n.address() + " is used by another node");
      }
      Role role;
      try {
        role = n.roleValue();
      } catch (IllegalArgumentException e) {
        throw new ClusterFileException(file, where + ": " + e.getMessage());
      }
      roles.add(role);
      if (role == Role.SHARDKV && (n.group() == null || n.group() <= 0)) {
        throw new ClusterFileException(file, where + " is a shardkv replica and needs a positive \"group\"");
      }
      if (role != Role.SHARDKV && n.group() != null) {
        throw new ClusterFileException(file, where + " has a \"group\" but only shardkv replicas belong to groups");
      }
    }
    boolean sharded = roles.contains(Role.SHARDKV) || roles.contains(Role.SHARDCTRLER);
    if (sharded && (roles.contains(Role.KVRAFT) || roles.contains(Role.KVSRV))
        || roles.contains(Role.KVRAFT) && roles.contains(Role.KVSRV)) {
      throw new ClusterFileException(file, "one cluster runs one service: kvsrv, kvraft, or shardctrler + shardkv; found " + roles);
    }
    if (roles.contains(Role.KVSRV) && s.members(Role.KVSRV).size() != 1) {
      throw new ClusterFileException(file, "kvsrv is a single server; found " + s.members(Role.KVSRV).size() + " kvsrv nodes");
    }
    if (roles.contains(Role.SHARDKV) && !roles.contains(Role.SHARDCTRLER)) {
      throw new ClusterFileException(file, "shardkv groups need shard controller nodes (role shardctrler)");
    }
  }

  private static void positive(Path file, String field, int v) throws ClusterFileException {
    if (v <= 0) {
      throw new ClusterFileException(file, field + " must be positive, got " + v);
    }
  }

  /** The secret's path: relative to the cluster file's folder unless absolute. */
  public static Path secretPath(Path file, ClusterSpec spec) {
    Path p = Path.of(spec.secretFile());
    if (p.isAbsolute()) {
      return p;
    }
    Path dir = file.toAbsolutePath().getParent();
    return dir == null ? p : dir.resolve(p);
  }

  static byte[] readSecret(Path file, ClusterSpec spec) throws ClusterFileException {
    Path p = secretPath(file, spec);
    byte[] b;
    try {
      b = Files.readAllBytes(p);
    } catch (NoSuchFileException e) {
      throw new ClusterFileException(file, "the secret file " + p + " does not exist");
    } catch (IOException e) {
      throw new ClusterFileException(file, "cannot read the secret file " + p + ": " + e.getMessage(), e);
    }
    String text = new String(b, StandardCharsets.UTF_8).strip();
    if (text.length() < 16) {
      throw new ClusterFileException(file, "the secret file " + p + " holds " + text.length()
          + " characters; use at least 16 (cluster init writes 64 random hex digits)");
    }
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** Writes {@code spec} to {@code file} (after validating it) and a new random secret beside it. */
  public static void write(Path file, ClusterSpec spec) throws IOException, ClusterFileException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    Path secret = secretPath(file, spec);
    byte[] random = new byte[32];
    new SecureRandom().nextBytes(random);
    Files.writeString(secret, HexFormat.of().formatHex(random) + "\n");
    try {
      Files.setPosixFilePermissions(secret, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to tighten
    }
    Files.write(file, JSON.writeValueAsBytes(spec));
    validate(file, read(file));
  }

  /**
   * Writes {@code spec} to {@code file} without touching any secret: for another view of an existing
   * cluster (a node whose peers are reached through proxies) that names the same secret file.
   */
  public static void writeView(Path file, ClusterSpec spec) throws IOException, ClusterFileException {
    Files.write(file, JSON.writeValueAsBytes(spec));
    read(file);
  }

  /**
   * A cluster of {@code count} nodes n1..nN of {@code role} on {@code host}, ports from
   * {@code basePort}. For shardkv: 3 controller replicas c1..c3, then {@code groups} groups
   * (100, 101, ...) of {@code count} replicas each.
   */
  public static ClusterSpec generate(String name, Role role, int count, int groups, String host, int basePort,
      String secretFile) {
    List<ClusterSpec.NodeSpec> nodes = new ArrayList<>();
    int port = basePort;
    if (role == Role.SHARDKV || role == Role.SHARDCTRLER) {
      int ctrlers = role == Role.SHARDCTRLER ? count : 3;
      for (int i = 1; i <= ctrlers; i++) {
        nodes.add(new ClusterSpec.NodeSpec("c" + i, host + ":" + port++, Role.SHARDCTRLER.wireName(), null));
      }
      if (role == Role.SHARDKV) {
        int k = 1;
        for (int g = 0; g < groups; g++) {
          for (int i = 0; i < count; i++) {
            nodes.add(new ClusterSpec.NodeSpec("n" + k++, host + ":" + port++, Role.SHARDKV.wireName(), 100 + g));
          }
        }
      }
    } else {
      for (int i = 1; i <= count; i++) {
        nodes.add(new ClusterSpec.NodeSpec("n" + i, host + ":" + port++, role.wireName(), null));
      }
    }
    return new ClusterSpec(name, secretFile, 10, ClusterSpec.RaftSettings.defaults(), nodes);
  }
}
