package io.gauntlet.system.net;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node id to TCP address. Nodes listed here are reached by an outbound connection; a node not
 * listed (a client) can still be answered over the connection it opened to us.
 */
public final class AddressBook {
  private final Map<String, InetSocketAddress> addresses = new ConcurrentHashMap<>();

  /** Parses {@code host:port} (the port may be 0 for "any free port" when listening). */
  public static InetSocketAddress parse(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    if (colon <= 0 || colon == hostPort.length() - 1) {
      throw new IllegalArgumentException("address '" + hostPort + "' is not HOST:PORT");
    }
    String host = hostPort.substring(0, colon);
    int port;
    try {
      port = Integer.parseInt(hostPort.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("address '" + hostPort + "' has a non-numeric port");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("address '" + hostPort + "' has port out of range 0..65535");
    }
    return InetSocketAddress.createUnresolved(host, port);
  }

  public static String format(InetSocketAddress a) {
    return a.getHostString() + ":" + a.getPort();
  }

  public AddressBook put(String id, InetSocketAddress address) {
    addresses.put(id, address);
    return this;
  }

  public AddressBook put(String id, String hostPort) {
    return put(id, parse(hostPort));
  }

  public Optional<InetSocketAddress> lookup(String id) {
    return Optional.ofNullable(addresses.get(id));
  }

  public void remove(String id) {
    addresses.remove(id);
  }
}
