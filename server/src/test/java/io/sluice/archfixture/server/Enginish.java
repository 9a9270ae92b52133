package io.sluice.archfixture.server;

/** A stand-in for a class of the statement layer; see ArchitectureTest. */
public final class Enginish {
  public static int answer() {
    return 42;
  }
}
