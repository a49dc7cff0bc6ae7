package io.gauntlet.control.cli;

import picocli.CommandLine;

/** Reports the jar's version (from the manifest when packaged). */
final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    String v = GauntletCli.class.getPackage().getImplementationVersion();
    return new String[] {"gauntlet " + (v == null ? "dev" : v) + ", Java " + System.getProperty("java.version")};
  }
}
