package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import java.util.Arrays;

/**
 * A batch's rows as one side of a join holds them ({@link JoinSideState}): their vectors, and each
 * row's successor by key, chain, and whether it is still live. A column the batch defers to its own
 * data (a generator's padding) stays unbuilt: it is read from the batch for the rows asked ({@link
 * ChunkRows}), so most held rows, never output, never build it.
 *
 * <p>The vectors are never written once built, so rows can be read after the side evicted them. The
 * columns array fills in as deferred columns are built; a chunk is read by its join's thread (an
 * exchange builds a batch's columns before it hands it to another subtask).
 */
final class HeldChunk {
  /** The columns, null where still deferred to {@link #source}. */
  private final ColumnVector[] columns;

  /** The batch the rows arrived in, while some column is still to be read from it; else null. */
  private Batch source;

  private int deferredColumns;

  final int rows;
  final long[] next;

  /** Each indexed row's chain, so taking a row out needs no lookup of its key. */
  final JoinSideState.Chain[] chains;

  final boolean[] dead;
  int live;

  /** Rows before this one have been looked at by the arrival-ordered eviction. */
  int scanned;

  /**
   * @param columns the rows' columns, null for those {@code source} still defers
   * @param source the batch the rows are, when some column is left to it; else null
   */
  HeldChunk(ColumnVector[] columns, int rows, Batch source) {
    this.columns = columns;
    this.rows = rows;
    for (ColumnVector column : columns) {
      if (column == null) {
        deferredColumns++;
      }
    }
    this.source = deferredColumns == 0 ? null : source;
    this.next = new long[rows];
    Arrays.fill(next, JoinSideState.NO_ROW);
    this.chains = new JoinSideState.Chain[rows];
    this.dead = new boolean[rows];
    Arrays.fill(dead, true);
  }

  /** Column {@code column} over every row, built from the batch on first use if deferred. */
  ColumnVector column(int column) {
    ColumnVector vector = columns[column];
    if (vector == null) {
      vector = source.column(column);
      columns[column] = vector;
      if (--deferredColumns == 0) {
        source = null;
      }
    }
    return vector;
  }

  /** Whether column {@code column} is still to be read from the batch. */
  boolean isDeferred(int column) {
    return columns[column] == null;
  }

  /**
   * Column {@code column} of the rows {@code rows[0..count-1]}, as a new vector, read from the
   * batch without building the rest of a deferred column.
   */
  ColumnVector gather(int column, int[] rows, int count) {
    ColumnVector vector = columns[column];
    return vector == null ? source.gather(column, rows, count) : vector.gather(rows, count);
  }

  /** The boxed value of one row's column, without building a deferred column (a checkpoint's). */
  Object value(int column, int row) {
    ColumnVector vector = columns[column];
    return vector == null
        ? source.gather(column, new int[] {row}, 1).getObject(0)
        : vector.getObject(row);
  }
}
