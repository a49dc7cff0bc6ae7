package io.gauntlet.workloads.live;

import java.util.ArrayList;
import java.util.List;

/** Runs a workload's clients, one thread each, and fails with the first client's error, if any. */
final class ClientThreads {
  interface Body {
    void run(int client) throws Exception;
  }

  private ClientThreads() {}

  static void run(int clients, Body body) throws InterruptedException {
    List<Throwable> errors = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int c = 0; c < clients; c++) {
      int client = c;
      Thread t = new Thread(() -> {
        try {
          body.run(client);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        } catch (Throwable e) {
          synchronized (errors) {
            errors.add(e);
          }
        }
      }, "client-" + c);
      t.setDaemon(true);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      t.join();
    }
    synchronized (errors) {
      if (!errors.isEmpty()) {
        throw new IllegalStateException("a client failed: " + errors.get(0), errors.get(0));
      }
    }
  }
}
