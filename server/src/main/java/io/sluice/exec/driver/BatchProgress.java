package io.sluice.exec.driver;

/**
 * What one micro-batch did, as {@code sys.query_progress} shows it.
 *
 * @param inputRowsPerSecond input rows over the time since the previous batch started
 * @param processedRowsPerSecond input rows over this batch's own duration
 * @param badRecordsTotal malformed records skipped by the query's sources so far
 */
public record BatchProgress(String queryId, long batchId, long startedAtMillis, long durationMillis,
    long inputRows, long outputRows, double inputRowsPerSecond, double processedRowsPerSecond,
    long badRecordsTotal) {
}
