package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DeferredColumns;

/**
 * A join's output columns read from the two sides' held rows only when asked: an operator after the
 * join that keeps few of its rows (a top-N) reads the columns it does not look at for those rows
 * alone.
 */
final class JoinedColumns implements DeferredColumns {
  private final ChunkRows left;
  private final ChunkRows right;
  private final int leftWidth;
  private final int rowCount;

  JoinedColumns(ChunkRows left, ChunkRows right, int leftWidth, int rowCount) {
    this.left = requireNonNull(left, "left is null");
    this.right = requireNonNull(right, "right is null");
    this.leftWidth = leftWidth;
    this.rowCount = rowCount;
  }

  @Override
  public ColumnVector column(int column) {
    return gather(column, null, rowCount);
  }

  @Override
  public ColumnVector gather(int column, int[] rows, int count) {
    return column < leftWidth
        ? left.gather(column, rows, count)
        : right.gather(column - leftWidth, rows, count);
  }
}
