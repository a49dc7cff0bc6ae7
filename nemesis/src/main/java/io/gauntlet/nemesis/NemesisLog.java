package io.gauntlet.nemesis;

/** Where the nemesis records what it did: nemesis ops in the history (start-X / stop-X pairs). */
@FunctionalInterface
public interface NemesisLog {
  void record(String f, String value);
}
