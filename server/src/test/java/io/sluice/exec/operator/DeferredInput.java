package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DeferredColumns;
import java.util.HashSet;
import java.util.Set;

/**
 * Input whose columns are all built only when read (as a join's output or a generator's padding
 * are), noting which columns were built whole and how many rows of each were read alone.
 */
final class DeferredInput implements DeferredColumns {
  private final Batch rows;
  final Set<Integer> builtWhole = new HashSet<>();
  final long[] rowsGathered;

  DeferredInput(Batch rows) {
    this.rows = requireNonNull(rows, "rows is null");
    this.rowsGathered = new long[rows.columnCount()];
  }

  /** The rows as a batch whose every column is deferred to this. */
  Batch batch() {
    return new Batch(new ColumnVector[rows.columnCount()], rows.rowCount(), null, this);
  }

  @Override
  public ColumnVector column(int column) {
    builtWhole.add(column);
    return rows.column(column);
  }

  @Override
  public ColumnVector gather(int column, int[] selection, int count) {
    rowsGathered[column] += count;
    return rows.column(column).gather(selection, count);
  }
}
