package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.physical.PhysicalNode;
import io.sluice.spi.type.Column;
import java.util.List;

/**
 * A query ready to run: its physical plan, result columns and whether it is a push query ({@code
 * SELECT STREAM}, runs until stopped) or a snapshot (reads what is there now, ends).
 *
 * @param uniqueKey result columns that identify a row of the result table (an aggregate's group
 *     key), or empty when rows have no key
 */
public record PlannedQuery(
    String sql, PhysicalNode root, List<Column> columns, boolean push, List<Integer> uniqueKey) {
  public PlannedQuery {
    requireNonNull(sql, "sql is null");
    requireNonNull(root, "root is null");
    columns = List.copyOf(columns);
    uniqueKey = List.copyOf(uniqueKey);
  }
}
