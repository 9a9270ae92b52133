package io.sluice.exec.driver;

import io.sluice.exec.operator.MicroBatch;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.LongVector;

/**
 * The watermark of one source: the largest event time it has delivered minus its declared delay. A
 * source that delivered nothing for longer than its idle timeout is idle and stops holding the
 * query's watermark back.
 */
final class WatermarkTracker {
  private final int timeColumn;
  private final long delayMillis;
  private final long idleTimeoutMillis;
  private long maxEventTime = Long.MIN_VALUE;
  private long lastDataMillis;

  /**
   * @param idleTimeoutMillis 0 or less: never idle
   */
  WatermarkTracker(int timeColumn, long delayMillis, long idleTimeoutMillis, long nowMillis) {
    this.timeColumn = timeColumn;
    this.delayMillis = delayMillis;
    this.idleTimeoutMillis = idleTimeoutMillis;
    this.lastDataMillis = nowMillis;
  }

  void observe(Batch rows, long nowMillis) {
    if (rows.rowCount() == 0) {
      return;
    }
    lastDataMillis = nowMillis;
    LongVector time = (LongVector) rows.column(timeColumn);
    long[] values = time.values();
    long max = maxEventTime;
    for (int row = 0; row < rows.rowCount(); row++) {
      if (!time.isNull(row) && values[row] > max) {
        max = values[row];
      }
    }
    maxEventTime = max;
  }

  /** The largest event time delivered so far, {@code Long.MIN_VALUE} before any. */
  long maxEventTime() {
    return maxEventTime;
  }

  /** Resumes from a checkpoint that recorded {@code eventTime} as the largest delivered. */
  void restore(long eventTime) {
    maxEventTime = Math.max(maxEventTime, eventTime);
  }

  boolean isIdle(long nowMillis) {
    return idleTimeoutMillis > 0 && nowMillis - lastDataMillis >= idleTimeoutMillis;
  }

  /** Max event time minus delay, or {@link MicroBatch#NO_WATERMARK} before any data. */
  long watermark() {
    return maxEventTime == Long.MIN_VALUE ? MicroBatch.NO_WATERMARK : maxEventTime - delayMillis;
  }

  /**
   * The watermark of an idle source when every source is idle: event time is taken to have moved on
   * with the wall clock since its last row, so the last windows close.
   */
  long idleWatermark(long nowMillis) {
    return maxEventTime == Long.MIN_VALUE
        ? MicroBatch.NO_WATERMARK
        : maxEventTime - delayMillis + (nowMillis - lastDataMillis);
  }

  /** The query watermark: minimum over active sources, monotonic through {@code previous}. */
  static long combine(Iterable<WatermarkTracker> trackers, long previous, long nowMillis) {
    long min = Long.MAX_VALUE;
    long idleMax = MicroBatch.NO_WATERMARK;
    boolean anyActive = false;
    boolean any = false;
    for (WatermarkTracker tracker : trackers) {
      any = true;
      if (tracker.isIdle(nowMillis)) {
        idleMax = Math.max(idleMax, tracker.idleWatermark(nowMillis));
      } else {
        anyActive = true;
        min = Math.min(min, tracker.watermark());
      }
    }
    if (!any) {
      return previous;
    }
    long current = anyActive ? min : idleMax;
    return Math.max(previous, current);
  }
}
