package io.gauntlet.system.sim;

import io.gauntlet.system.runtime.Message;
import io.gauntlet.system.runtime.Node;
import io.gauntlet.system.runtime.NodeFactory;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A simulated world: named nodes, each with its own {@link SimRuntime} and {@link SimDurable}, and
 * the network between them. Faults: lost, delayed, reordered and duplicated messages (per {@link
 * NetworkConfig}), disconnected nodes, arbitrary partitions, one-way link cuts, slow links, and
 * crash/restart (a crash loses every write not yet synced).
 *
 * <p>Connectivity is checked when a message is sent and again when it would be delivered, as the
 * labs' network does, so a link cut while a message is in flight loses it.
 */
public final class SimWorld {
  private final Simulation sim;
  private final SplittableRandom netRandom;
  private NetworkConfig config;
  private final Map<String, Slot> slots = new LinkedHashMap<>();
  private final List<String> ids = new ArrayList<>();
  /** Cut one-way links and slow links, keyed by link(from, to): sparse, so worlds of 100k clerks fit. */
  private final java.util.HashSet<Long> cut = new java.util.HashSet<>();
  private final java.util.HashMap<Long, Long> extraDelay = new java.util.HashMap<>();
  private final List<SendObserver> observers = new ArrayList<>();
  private boolean tornWrites = true;
  private long messagesSent;
  private long messagesDelivered;

  /** Told about every message a node sends (before faults apply). */
  @FunctionalInterface
  public interface SendObserver {
    void onSend(String from, String to, Message m);

    /** Told when the network's drop rate lost a message (not when a cut link or a dead node did). */
    default void onDrop(String from, String to, Message m) {}
  }

  public SimWorld(Simulation sim, NetworkConfig config) {
    this.sim = sim;
    this.netRandom = sim.random().split();
    this.config = config.copy();
  }

  public Simulation sim() {
    return sim;
  }

  public NetworkConfig network() {
    return config;
  }

  public void setNetwork(NetworkConfig c) {
    this.config = c.copy();
  }

  /** Whether a crash may keep a torn (whole-record) prefix of the unsynced log tail. */
  public void setTornWrites(boolean torn) {
    this.tornWrites = torn;
  }

  public void observe(SendObserver o) {
    observers.add(o);
  }

  public long messagesSent() {
    return messagesSent;
  }

  public long messagesDelivered() {
    return messagesDelivered;
  }

  /** Adds a node, creates it with {@code factory} and starts it. */
  public void add(String id, NodeFactory factory) {
    if (slots.containsKey(id)) {
      throw new IllegalArgumentException("node " + id + " already exists");
    }
    int index = ids.size();
    ids.add(id);
    Slot slot = new Slot(id, index, factory, new SimDurable(sim, sim.random().split()), sim.random().split());
    slots.put(id, slot);
    slot.boot();
  }

  public Collection<String> ids() {
    return ids;
  }

  /** The live node object for {@code id}, or null if it is crashed. */
  public Node node(String id) {
    Slot s = slot(id);
    return s.alive ? s.node : null;
  }

  public boolean alive(String id) {
    return slot(id).alive;
  }

  public SimDurable durable(String id) {
    return slot(id).durable;
  }

  /** Crash: volatile state and every unsynced write are lost; timers and in-flight messages die. */
  public void crash(String id) {
    Slot s = slot(id);
    if (!s.alive) {
      return;
    }
    sim.trace("crash " + id);
    s.alive = false;
    s.incarnation++;
    s.node = null;
    s.durable.crash(tornWrites);
  }

  /** Restart a crashed node from its durable state. */
  public void restart(String id) {
    Slot s = slot(id);
    if (s.alive) {
      return;
    }
    sim.trace("restart " + id);
    s.boot();
  }

  /** Cut (or restore) every link to and from {@code id}, as the labs' disconnect does. */
  public void disconnect(String id) {
    setLinks(id, true);
  }

  public void connect(String id) {
    setLinks(id, false);
  }

  private void setLinks(String id, boolean isCut) {
    int i = slot(id).index;
    for (int j = 0; j < ids.size(); j++) {
      if (j != i) {
        setCut(i, j, isCut);
        setCut(j, i, isCut);
      }
    }
    sim.trace((isCut ? "disconnect " : "connect ") + id);
  }

  private static long link(int from, int to) {
    return ((long) from << 32) | to;
  }

  private void setCut(int from, int to, boolean isCut) {
    if (isCut) {
      cut.add(link(from, to));
    } else {
      cut.remove(link(from, to));
    }
  }

  private boolean isCut(int from, int to) {
    return !cut.isEmpty() && cut.contains(link(from, to));
  }

  /** Cuts or restores the one-way link {@code from -> to}. */
  public void setLink(String from, String to, boolean up) {
    setCut(slot(from).index, slot(to).index, !up);
    sim.trace("link " + from + "->" + to + (up ? " up" : " cut"));
  }

  /** Extra one-way delay on a link (a slow link), in nanoseconds; 0 removes it. */
  public void setLinkDelay(String from, String to, long nanos) {
    long l = link(slot(from).index, slot(to).index);
    if (nanos == 0) {
      extraDelay.remove(l);
    } else {
      extraDelay.put(l, nanos);
    }
  }

  /** Partitions the nodes into the given groups: links within a group up, across groups cut. */
  public void partition(List<? extends Collection<String>> groups) {
    int[] group = new int[ids.size()];
    java.util.Arrays.fill(group, -1);
    for (int g = 0; g < groups.size(); g++) {
      for (String id : groups.get(g)) {
        group[slot(id).index] = g;
      }
    }
    for (int i = 0; i < ids.size(); i++) {
      for (int j = 0; j < ids.size(); j++) {
        setCut(i, j, i != j && (group[i] != group[j] || group[i] < 0));
      }
    }
    sim.trace("partition " + groups);
  }

  /** Restores every link and removes slow links. */
  public void heal() {
    cut.clear();
    extraDelay.clear();
    sim.trace("heal");
  }

  public boolean linkUp(String from, String to) {
    return !isCut(slot(from).index, slot(to).index);
  }

  /** Sends {@code m} as if node {@code from} had (tests, and harness-injected traffic). */
  public void sendAs(String from, String to, Message m) {
    Slot s = slot(from);
    send(s, to, m);
  }

  void send(Slot from, String to, Message m) {
    messagesSent++;
    for (SendObserver o : observers) {
      o.onSend(from.id, to, m);
    }
    Slot dest = slots.get(to);
    if (dest == null || isCut(from.index, dest.index)) {
      return;
    }
    if (config.dropRate > 0 && netRandom.nextDouble() < config.dropRate) {
      for (SendObserver o : observers) {
        o.onDrop(from.id, to, m);
      }
      return;
    }
    int copies = config.duplicateRate > 0 && netRandom.nextDouble() < config.duplicateRate ? 2 : 1;
    for (int c = 0; c < copies; c++) {
      long delay = delay(from.index, dest.index, m.isReply());
      sim.schedule(delay, () -> deliver(from, dest, m));
    }
  }

  private long delay(int from, int to, boolean reply) {
    long d = config.minDelayNanos;
    if (config.maxDelayNanos > config.minDelayNanos) {
      d += netRandom.nextLong(config.maxDelayNanos - config.minDelayNanos + 1);
    }
    if (config.longReordering && reply && netRandom.nextInt(900) < 600) {
      // The labs' distribution: 200 + Intn(1 + Intn(2000)) ms, skewed toward the low end.
      d += (200L + netRandom.nextInt(1 + netRandom.nextInt(2000))) * 1_000_000L;
    }
    return extraDelay.isEmpty() ? d : d + extraDelay.getOrDefault(link(from, to), 0L);
  }

  private void deliver(Slot from, Slot dest, Message m) {
    if (!dest.alive || isCut(from.index, dest.index)) {
      return;
    }
    messagesDelivered++;
    if (sim.tracing()) {
      sim.trace(from.id + " -> " + dest.id + " " + m);
    }
    dest.node.onMessage(from.id, m);
  }

  private Slot slot(String id) {
    Slot s = slots.get(id);
    if (s == null) {
      throw new IllegalArgumentException("no node " + id + " (nodes: " + ids + ")");
    }
    return s;
  }

  /** One node's place in the world: survives crashes, holds the durable state. */
  final class Slot {
    final String id;
    final int index;
    final NodeFactory factory;
    final SimDurable durable;
    final SplittableRandom random;
    Node node;
    boolean alive;
    long incarnation;

    Slot(String id, int index, NodeFactory factory, SimDurable durable, SplittableRandom random) {
      this.id = id;
      this.index = index;
      this.factory = factory;
      this.durable = durable;
      this.random = random;
    }

    void boot() {
      alive = true;
      SimRuntime rt = new SimRuntime(SimWorld.this, this, incarnation, random.split());
      durable.attach(rt);
      node = factory.create(rt);
      node.start();
    }
  }
}
