package io.sluice.exec.driver;

import io.sluice.spi.error.ErrorCode;
import io.sluice.spi.error.SluiceException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bounds the state the queries hold, by their estimated state bytes: one query over {@code
 * perQueryBytes}, or the largest query while all together are over {@code serverBytes}, fails alone
 * with an error naming it and its state size, before the JVM runs out of heap; the others go on. A
 * limit of 0 is no limit.
 */
public final class StateBudget {
  /** No limit at all. */
  public static final StateBudget UNLIMITED = new StateBudget(0, 0, "", "");

  private final long perQueryBytes;
  private final long serverBytes;
  private final String perQueryKey;
  private final String serverKey;
  private final Map<String, Long> held = new ConcurrentHashMap<>();

  /**
   * @param perQueryKey the configuration key of {@code perQueryBytes}, for the error message
   * @param serverKey the configuration key of {@code serverBytes}, for the error message
   */
  public StateBudget(long perQueryBytes, long serverBytes, String perQueryKey, String serverKey) {
    if (perQueryBytes < 0 || serverBytes < 0) {
      throw new IllegalArgumentException(
          "State budgets must be 0 (no limit) or more: " + perQueryBytes + ", " + serverBytes);
    }
    this.perQueryBytes = perQueryBytes;
    this.serverBytes = serverBytes;
    this.perQueryKey = java.util.Objects.requireNonNull(perQueryKey, "perQueryKey is null");
    this.serverKey = java.util.Objects.requireNonNull(serverKey, "serverKey is null");
  }

  public long perQueryBytes() {
    return perQueryBytes;
  }

  public long serverBytes() {
    return serverBytes;
  }

  /** Whether any limit applies (so the driver estimates state after every batch). */
  boolean isLimited() {
    return perQueryBytes > 0 || serverBytes > 0;
  }

  /**
   * Records that {@code queryId} holds {@code bytes} of state in {@code rows} rows, and fails it if
   * that is over its budget, or if it is the largest while all queries are over the server's.
   */
  void check(String queryId, long bytes, long rows) {
    held.put(queryId, bytes);
    if (perQueryBytes > 0 && bytes > perQueryBytes) {
      release(queryId);
      throw over(queryId, bytes, rows, "its budget of " + perQueryBytes + " bytes (" + perQueryKey);
    }
    if (serverBytes > 0) {
      long total = 0;
      long largest = 0;
      for (long each : held.values()) {
        total += each;
        largest = Math.max(largest, each);
      }
      if (total > serverBytes && bytes >= largest && bytes > 0) {
        release(queryId);
        throw over(
            queryId,
            bytes,
            rows,
            "the server's budget of "
                + serverBytes
                + " bytes for all queries together ("
                + total
                + " bytes held; "
                + serverKey);
      }
    }
  }

  /** The query ended: its state no longer counts. */
  void release(String queryId) {
    held.remove(queryId);
  }

  private static SluiceException over(String queryId, long bytes, long rows, String budget) {
    return new SluiceException(
        ErrorCode.LIMIT_EXCEEDED,
        "Query '"
            + queryId
            + "' holds about "
            + bytes
            + " bytes of state ("
            + rows
            + " rows), over "
            + budget
            + "); it was stopped so the server and the other queries go on. Bound its state (a"
            + " window instead of an unbounded GROUP BY, a watermark, fewer keys) or raise the"
            + " budget, then RESTART QUERY it if it is a sink or materialized view");
  }
}
