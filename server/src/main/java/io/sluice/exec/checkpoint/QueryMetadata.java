package io.sluice.exec.checkpoint;

import static java.util.Objects.requireNonNull;

/**
 * {@code metadata} of a checkpoint: which query it belongs to, so a checkpoint directory is never
 * resumed by a different query.
 *
 * @param planVersion version of the physical plan format the query was started with
 */
public record QueryMetadata(String name, String sql, int planVersion) {
  public QueryMetadata {
    requireNonNull(name, "name is null");
    requireNonNull(sql, "sql is null");
  }
}
