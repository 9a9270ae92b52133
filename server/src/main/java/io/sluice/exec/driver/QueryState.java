package io.sluice.exec.driver;

/** Lifecycle of a running query. */
public enum QueryState {
  RUNNING,
  /** Ended by itself: a snapshot or once/available-now trigger caught up, or a LIMIT was met. */
  FINISHED,
  /** Stopped by the client or STOP QUERY. */
  CANCELLED,
  FAILED
}
