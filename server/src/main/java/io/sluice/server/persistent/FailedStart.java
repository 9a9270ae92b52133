package io.sluice.server.persistent;

import static java.util.Objects.requireNonNull;

/**
 * A persistent query (sink or materialized view) the server could not start, and why: it stays
 * listed as FAILED until {@code RESTART QUERY}, or re-creating what it missed, starts it.
 *
 * @param createdBy the user who created the sink or view, or null if not recorded
 */
public record FailedStart(
    String name, String sql, String cause, long failedAtMillis, String createdBy) {
  public FailedStart {
    requireNonNull(name, "name is null");
    requireNonNull(sql, "sql is null");
    requireNonNull(cause, "cause is null");
  }
}
