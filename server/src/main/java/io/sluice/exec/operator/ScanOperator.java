package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;

/** Leaf: hands on the rows its source read for the micro-batch. */
public final class ScanOperator implements Operator {
  private final int sourceIndex;

  public ScanOperator(int sourceIndex) {
    this.sourceIndex = sourceIndex;
  }

  @Override
  public Batch next(MicroBatch microBatch) {
    return microBatch.rowsOf(sourceIndex);
  }

  @Override
  public void close() {}
}
