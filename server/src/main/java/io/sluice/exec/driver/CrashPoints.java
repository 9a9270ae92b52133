package io.sluice.exec.driver;

/**
 * Test-only switch that kills the server process at a named point of a batch, so crash tests can
 * land a SIGKILL exactly there: system property {@code sluice.test.crash-point} = {@code
 * <point>:<batchId>}, with point one of {@code after-offsets}, {@code mid-sink}, {@code
 * after-sink-commit}, {@code after-commit}, or {@code state-behind}: the checkpoint of that epoch
 * (committed behind the flow, see {@link EpochCommitter}) waits before its state, and the server
 * dies once a later epoch's sink commit is done, leaving two epochs to replay. Unset in production,
 * where this does nothing.
 */
public final class CrashPoints {
  public static final String PROPERTY = "sluice.test.crash-point";
  private static final String STATE_BEHIND = "state-behind";
  private static final long HOLD_MILLIS = 60_000;

  private CrashPoints() {}

  static void check(String point, long batchId) {
    String wanted = System.getProperty(PROPERTY);
    if (wanted == null) {
      return;
    }
    if (wanted.equals(point + ":" + batchId)
        || (point.equals("after-sink-commit") && batchId > heldBatch(wanted))) {
      // halt, not exit: no shutdown hooks, no flushing — as close to kill -9 as Java gets.
      Runtime.getRuntime().halt(137);
    }
  }

  /** Under {@code state-behind:N}, epoch N's checkpoint waits here until the server dies. */
  static void holdBeforeState(long batchId) {
    String wanted = System.getProperty(PROPERTY);
    if (wanted != null && heldBatch(wanted) == batchId) {
      try {
        Thread.sleep(HOLD_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static long heldBatch(String wanted) {
    if (!wanted.startsWith(STATE_BEHIND + ":")) {
      return Long.MAX_VALUE;
    }
    try {
      return Long.parseLong(wanted.substring(STATE_BEHIND.length() + 1));
    } catch (NumberFormatException e) {
      return Long.MAX_VALUE;
    }
  }
}
