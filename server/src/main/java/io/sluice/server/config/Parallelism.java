package io.sluice.server.config;

import io.sluice.exec.operator.KeyGroups;

/** How many subtasks a query runs on: 1 to the number of key groups. */
public final class Parallelism {
  private Parallelism() {}

  /** The session's {@code parallelism}, else the server's {@code sluice.query.parallelism}. */
  public static int of(io.sluice.server.session.Session session, SluiceConfig config) {
    return session
        .get(io.sluice.server.session.SessionProperty.PARALLELISM)
        .map(Parallelism::parse)
        .orElseGet(config::queryParallelism);
  }

  /** The processors the JVM may use, at most the highest parallelism. */
  public static int available() {
    return Math.min(Runtime.getRuntime().availableProcessors(), KeyGroups.COUNT);
  }

  /**
   * {@code text} as a parallelism.
   *
   * @throws IllegalArgumentException naming the range when it is not a whole number in it
   */
  public static int parse(String text) {
    int value;
    try {
      value = Integer.parseInt(text.strip());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(range(), e);
    }
    if (value < 1 || value > KeyGroups.COUNT) {
      throw new IllegalArgumentException(range());
    }
    return value;
  }

  private static String range() {
    return "a whole number from 1 to " + KeyGroups.COUNT;
  }
}
