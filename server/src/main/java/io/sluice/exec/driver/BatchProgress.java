package io.sluice.exec.driver;

/**
 * What one micro-batch did, as {@code sys.query_progress} shows it.
 *
 * @param inputRowsPerSecond input rows over the time since the previous batch started
 * @param processedRowsPerSecond input rows over this batch's own duration
 * @param badRecordsTotal malformed records skipped by the query's sources so far
 * @param watermark the query's watermark after the batch (epoch millis), or null if none yet
 * @param stateRows rows of operator state after the batch (groups, open windows)
 * @param stateBytes estimated heap bytes of that state
 * @param lateRowsTotal rows dropped as late so far
 * @param modelVersions the model versions the batch scored with ({@code name=hash},
 *     comma-separated), or null when the query scores with no model
 */
public record BatchProgress(
    String queryId,
    long batchId,
    long startedAtMillis,
    long durationMillis,
    long inputRows,
    long outputRows,
    double inputRowsPerSecond,
    double processedRowsPerSecond,
    long badRecordsTotal,
    Long watermark,
    long stateRows,
    long stateBytes,
    long lateRowsTotal,
    String modelVersions) {}
