package io.sluice.http;

import io.sluice.exec.driver.BatchProgress;

/**
 * One micro-batch of a query as {@code /api/queries} shows it.
 *
 * @param watermarkDelayMillis how far the watermark lags the batch's start (batch start minus
 *     watermark), or null while the query has no watermark
 */
public record BatchView(
    long batchId,
    long startedAtMillis,
    long durationMillis,
    long inputRows,
    long outputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long badRecordsTotal,
    Long watermark,
    Long watermarkDelayMillis,
    long stateRows,
    long stateBytes,
    long lateRowsTotal) {

  public static BatchView of(BatchProgress batch) {
    Long watermark = batch.watermark();
    return new BatchView(
        batch.batchId(),
        batch.startedAtMillis(),
        batch.durationMillis(),
        batch.inputRows(),
        batch.outputRows(),
        batch.inputRowsPerSecond(),
        batch.processedRowsPerSecond(),
        batch.badRecordsTotal(),
        watermark,
        watermark == null ? null : batch.startedAtMillis() - watermark,
        batch.stateRows(),
        batch.stateBytes(),
        batch.lateRowsTotal());
  }
}
