package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;

/**
 * Leaf: hands on the rows its source read for the micro-batch, or some of their columns when the
 * source reads for several scans of its relation.
 */
public final class ScanOperator implements Operator {
  private final int sourceIndex;
  private final int[] columns;

  /** A scan of every column its source reads, in the source's order. */
  public ScanOperator(int sourceIndex) {
    this.sourceIndex = sourceIndex;
    this.columns = null;
  }

  /** A scan of the source's columns at {@code columns}, in that order. */
  public ScanOperator(int sourceIndex, int[] columns) {
    this.sourceIndex = sourceIndex;
    this.columns = columns.clone();
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    Batch rows = microBatch.rowsOf(sourceIndex);
    if (columns == null) {
      return rows;
    }
    // a deferred column (a generator's padding) stays deferred
    return rows.project(columns);
  }

  @Override
  public void close() {}
}
