package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DeferredColumns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Input whose columns are built only when read (as a join's output or a generator's padding are),
 * noting which columns were built whole, how many rows of each were read alone, and each read in
 * order ("column 1", "rows [3, 1] of 1").
 */
final class DeferredInput implements DeferredColumns {
  private final Batch rows;
  private final boolean selfContained;
  final Set<Integer> builtWhole = new HashSet<>();
  final long[] rowsGathered;
  final List<String> reads = new ArrayList<>();

  /** Columns built from another operator's state, as a join's output is. */
  DeferredInput(Batch rows) {
    this(rows, false);
  }

  /**
   * @param selfContained whether the columns are built from the batch's own data, as a generator's
   *     padding is ({@link DeferredColumns#isSelfContained})
   */
  DeferredInput(Batch rows, boolean selfContained) {
    this.rows = requireNonNull(rows, "rows is null");
    this.selfContained = selfContained;
    this.rowsGathered = new long[rows.columnCount()];
  }

  /** The rows as a batch whose every column is deferred to this. */
  Batch batch() {
    return new Batch(new ColumnVector[rows.columnCount()], rows.rowCount(), null, this);
  }

  /** The rows as a batch whose columns {@code deferred} are deferred to this, the others built. */
  Batch batchDeferring(int... deferred) {
    ColumnVector[] columns = rows.columns().clone();
    for (int column : deferred) {
      columns[column] = null;
    }
    return new Batch(columns, rows.rowCount(), null, this);
  }

  @Override
  public ColumnVector column(int column) {
    builtWhole.add(column);
    reads.add("column " + column);
    return rows.column(column);
  }

  @Override
  public ColumnVector gather(int column, int[] selection, int count) {
    rowsGathered[column] += count;
    reads.add("rows " + Arrays.toString(Arrays.copyOf(selection, count)) + " of " + column);
    return rows.column(column).gather(selection, count);
  }

  @Override
  public boolean isSelfContained(int column) {
    return selfContained;
  }
}
