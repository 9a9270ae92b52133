package io.sluice.spi.batch;

/**
 * Columns of a {@link Batch} that are built only when read: all of a column's rows the first time
 * {@link Batch#column} asks, or just some rows for {@link Batch#gather}. A join's output is one:
 * its joined rows lie in the two sides' state, and an operator after it that keeps few of them (a
 * top-N) copies only those rows' values instead of every row's.
 *
 * <p>An implementation reads only values that no one writes any more, so the answer is the same
 * whenever it is asked.
 */
public interface DeferredColumns {
  /** Column {@code column} over all the batch's rows. */
  ColumnVector column(int column);

  /**
   * Column {@code column} over the batch's rows {@code rows[0] .. rows[count-1]}, in that order.
   */
  ColumnVector gather(int column, int[] rows, int count);
}
