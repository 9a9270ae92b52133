package io.sluice.bench.latency;

import java.util.Arrays;

/**
 * Latencies of one run, in microseconds, and their percentiles (nearest rank).
 *
 * @param count how many were measured
 * @param p50 median
 * @param p99 99th percentile
 * @param p999 99.9th percentile
 * @param max the largest
 */
record Percentiles(int count, long p50, long p99, long p999, long max) {
  static Percentiles of(long[] micros, int count) {
    if (count == 0) {
      return new Percentiles(0, -1, -1, -1, -1);
    }
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return new Percentiles(
        count, rank(sorted, 0.5), rank(sorted, 0.99), rank(sorted, 0.999), sorted[count - 1]);
  }

  private static long rank(long[] sorted, double quantile) {
    int index = (int) Math.ceil(quantile * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
  }

  static String millis(long micros) {
    return micros < 0 ? "-" : String.format("%.1f", micros / 1000.0);
  }
}
