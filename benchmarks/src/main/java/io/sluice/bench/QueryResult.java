package io.sluice.bench;

import static java.util.Objects.requireNonNull;

/**
 * What one benchmark run of a query measured, or why it could not run.
 *
 * @param events global events generated (all three kinds)
 * @param cpuSeconds process CPU time (all threads) over the run
 * @param batches micro-batches the query ran
 * @param p50Millis median of the batches' latency: batch end minus batch start, where the start is
 *     when the generator produced the batch's events and the end when its output was handed on
 * @param peakHeapBytes the most heap in use at any poll during the run, garbage included
 * @param error the engine's message when the query failed, null when it ran
 */
public record QueryResult(
    String query,
    long events,
    double seconds,
    double cpuSeconds,
    long outputRows,
    int batches,
    double p50Millis,
    double p99Millis,
    long peakHeapBytes,
    String error) {
  public QueryResult {
    requireNonNull(query, "query is null");
  }

  /** A query the engine refused or that failed while running. */
  public static QueryResult failed(String query, long events, String error) {
    return new QueryResult(
        query, events, 0, 0, 0, 0, 0, 0, 0, requireNonNull(error, "error is null"));
  }

  public boolean ok() {
    return error == null;
  }

  public double eventsPerSecond() {
    return seconds > 0 ? events / seconds : 0;
  }

  /** Cores busy on average: CPU time over wall time. */
  public double coresUsed() {
    return seconds > 0 ? cpuSeconds / seconds : 0;
  }

  /** Events per second of CPU time: the throughput one fully used core would give. */
  public double eventsPerCoreSecond() {
    return cpuSeconds > 0 ? events / cpuSeconds : 0;
  }
}
