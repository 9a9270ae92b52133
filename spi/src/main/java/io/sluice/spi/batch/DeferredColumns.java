package io.sluice.spi.batch;

/**
 * Columns of a {@link Batch} that are built only when read: all of a column's rows the first time
 * {@link Batch#column} asks, or just some rows for {@link Batch#gather}. A join's output is one:
 * its joined rows lie in the two sides' state, and an operator after it that keeps few of them (a
 * top-N) copies only those rows' values instead of every row's.
 *
 * <p>An implementation reads only values that no one writes any more, so the answer is the same
 * whenever it is asked. A batch is read by one thread at a time, so an implementation need not be
 * thread-safe; an operator that hands a batch to another thread builds its columns first.
 */
public interface DeferredColumns {
  /** Column {@code column} over all the batch's rows. */
  ColumnVector column(int column);

  /**
   * Column {@code column} over the batch's rows {@code rows[0] .. rows[count-1]}, in that order.
   */
  ColumnVector gather(int column, int[] rows, int count);

  /**
   * Whether column {@code column} is built from data held for this batch alone (a source's own
   * undecoded values), not from another operator's state: an operator that holds rows for later (a
   * join) may then keep the column unbuilt, keeping no more alive than the batch. A join's output
   * is not: holding it would keep the join's state.
   */
  default boolean isSelfContained(int column) {
    return false;
  }
}
