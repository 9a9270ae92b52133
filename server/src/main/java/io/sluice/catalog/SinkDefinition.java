package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import java.util.Map;

/**
 * A persistent query as the catalog keeps it: {@code CREATE SINK name WITH (…) AS query} or {@code
 * INSERT INTO stream query}. The server restarts it from its checkpoint after a restart.
 *
 * @param query the SELECT whose rows the sink receives
 * @param options the sink's WITH options (for INSERT INTO: the target stream's)
 * @param outputMode append | update | complete | auto
 * @param trigger the trigger option value
 * @param ddl the statement that created it
 * @param createdBy the user who created it, shown as its query's {@code started_by}; null for sinks
 *     created before users were recorded
 */
public record SinkDefinition(
    String name,
    String query,
    Map<String, String> options,
    String outputMode,
    String trigger,
    String ddl,
    String createdBy) {
  /** Option of a sink made by {@code INSERT INTO stream}: the stream it writes. */
  public static final String INSERT_INTO_OPTION = "sluice.insert-into";

  /**
   * Option of a sink or materialized view: keys of its deduplications and top-Ns idle this long are
   * forgotten (as the session's {@code SET 'state.ttl'}, which it takes when not given).
   */
  public static final String STATE_TTL_OPTION = "state.ttl";

  public SinkDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(query, "query is null");
    options = Map.copyOf(options);
    requireNonNull(outputMode, "outputMode is null");
    requireNonNull(trigger, "trigger is null");
    requireNonNull(ddl, "ddl is null");
  }
}
