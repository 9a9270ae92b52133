package io.sluice.plan.spec;

import static java.util.Objects.requireNonNull;

/**
 * What makes an aggregate windowed: which group-key position holds the window start, and either the
 * input time column the operator assigns windows from (GROUP BY TUMBLE/HOP(ts, …)) or the key
 * position holding the window end (windows assigned upstream by a window table function).
 *
 * @param startKey position among the group keys of the window start
 * @param endKey position among the group keys of the window end, or -1 (then start + size)
 * @param timeColumn input column to assign windows from, or -1 when the input carries them
 * @param procTime the time column is processing time ({@code PROCTIME()}): windows close on the
 *     wall clock, not the watermark
 */
public record WindowInfo(
    WindowSpec spec, int startKey, int endKey, int timeColumn, boolean procTime) {
  public WindowInfo {
    requireNonNull(spec, "spec is null");
  }

  /** Windows over event time. */
  public WindowInfo(WindowSpec spec, int startKey, int endKey, int timeColumn) {
    this(spec, startKey, endKey, timeColumn, false);
  }

  public boolean assignsWindows() {
    return timeColumn >= 0;
  }
}
