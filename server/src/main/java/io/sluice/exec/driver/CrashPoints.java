package io.sluice.exec.driver;

/**
 * Test-only switch that kills the server process at a named point of a batch, so crash tests can
 * land a SIGKILL exactly there: system property {@code sluice.test.crash-point} = {@code
 * <point>:<batchId>}, with point one of {@code after-offsets}, {@code mid-sink}, {@code
 * after-sink-commit}, {@code after-commit}. Unset in production, where this does nothing.
 */
public final class CrashPoints {
  public static final String PROPERTY = "sluice.test.crash-point";

  private CrashPoints() {}

  static void check(String point, long batchId) {
    String wanted = System.getProperty(PROPERTY);
    if (wanted != null && wanted.equals(point + ":" + batchId)) {
      // halt, not exit: no shutdown hooks, no flushing — as close to kill -9 as Java gets.
      Runtime.getRuntime().halt(137);
    }
  }
}
