package io.sluice.exec.driver;

/** Lifecycle of a running query. */
public enum QueryState {
  RUNNING,
  /** Ended by itself: a snapshot or once/available-now trigger caught up, or a LIMIT was met. */
  FINISHED,
  /** Stopped by the client or STOP QUERY. */
  CANCELLED,
  /**
   * A persistent query after a passing failure (a folder it cannot write, a broker out of reach),
   * waiting for its next attempt to resume from its checkpoint.
   */
  RETRYING,
  FAILED
}
