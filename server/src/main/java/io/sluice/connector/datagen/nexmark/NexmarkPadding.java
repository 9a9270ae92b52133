package io.sluice.connector.datagen.nexmark;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DeferredColumns;
import io.sluice.spi.batch.ObjectVector;
import java.util.Arrays;

/**
 * The padding column ({@code extra}) of a batch of Nexmark events, spelled only for the rows read:
 * each row's padding is drawn as a window of a pool of letters, and copying the letters, the
 * costliest part of an event, waits until a query reads that row's {@code extra} (a top-N or a
 * filter keeps few rows; a join holds rows that may never match).
 */
final class NexmarkPadding implements DeferredColumns {
  private final int[] paddingColumns;
  private final long[] windows;
  private final int rowCount;

  /**
   * @param paddingColumns the batch's columns that are the padding (one, unless read twice)
   * @param windows per row, its padding's window ({@link NexmarkStrings#text}); never written after
   * @param rowCount the batch's rows
   */
  NexmarkPadding(int[] paddingColumns, long[] windows, int rowCount) {
    this.paddingColumns = paddingColumns.clone();
    this.windows = requireNonNull(windows, "windows is null");
    this.rowCount = rowCount;
  }

  @Override
  public ColumnVector column(int column) {
    checkColumn(column);
    ObjectVector padding = new ObjectVector(Math.max(1, rowCount));
    Object[] values = padding.values();
    for (int row = 0; row < rowCount; row++) {
      values[row] = NexmarkStrings.text(windows[row]);
    }
    return padding;
  }

  @Override
  public ColumnVector gather(int column, int[] rows, int count) {
    checkColumn(column);
    ObjectVector padding = new ObjectVector(Math.max(1, count));
    Object[] values = padding.values();
    for (int i = 0; i < count; i++) {
      values[i] = NexmarkStrings.text(windows[rows[i]]);
    }
    return padding;
  }

  /** The windows are the batch's own: holding the batch to spell them later keeps nothing else. */
  @Override
  public boolean isSelfContained(int column) {
    return isPadding(column);
  }

  private boolean isPadding(int column) {
    for (int padding : paddingColumns) {
      if (padding == column) {
        return true;
      }
    }
    return false;
  }

  private void checkColumn(int asked) {
    if (!isPadding(asked)) {
      throw new IllegalArgumentException(
          "Column "
              + asked
              + " is not deferred; the padding columns are "
              + Arrays.toString(paddingColumns));
    }
  }
}
