package io.sluice.exec.aggregate;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.WindowInfo;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.LongVector;

/**
 * Finds the slice each row of a batch falls into, for the operators keeping TUMBLE or HOP windows
 * as slices of gcd(size, slide): rows without a time, rows between two hopping windows (slide >
 * size) and rows older than the watermark (late, counted) fall into none.
 */
final class SliceAssigner {
  private final int timeColumn;
  private final long size;
  private final long slide;
  private final long sliceSize;
  private long lateRows;

  SliceAssigner(WindowInfo window) {
    requireNonNull(window, "window is null");
    this.timeColumn = window.timeColumn();
    this.size = window.spec().sizeMillis();
    this.slide = window.spec().slideMillis();
    this.sliceSize = window.spec().sliceMillis();
  }

  /**
   * Writes the rows of {@code in} that fall into a slice, in row order, to {@code rows}, and the
   * end of each one's slice to {@code sliceEnds} at the same index; answers how many.
   */
  int assign(Batch in, long watermark, int[] rows, long[] sliceEnds) {
    LongVector time = (LongVector) in.column(timeColumn);
    long[] times = time.values();
    boolean timeNulls = time.hasNulls();
    int count = 0;
    for (int row = 0; row < in.rowCount(); row++) {
      if (timeNulls && time.isNull(row)) {
        continue;
      }
      long ts = times[row];
      if (ts < watermark) {
        lateRows++;
        continue;
      }
      if (Math.floorMod(ts, slide) >= size) {
        continue; // between two hopping windows: in none
      }
      rows[count] = row;
      sliceEnds[count++] = ts - Math.floorMod(ts, sliceSize) + sliceSize;
    }
    return count;
  }

  /** Late rows met so far. */
  long lateRows() {
    return lateRows;
  }
}
