package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.Column;
import io.sluice.plan.physical.PhysicalNode;
import java.util.List;

/**
 * A query ready to run: its physical plan, result columns and whether it is a push query
 * ({@code SELECT STREAM}, runs until stopped) or a snapshot (reads what is there now, ends).
 */
public record PlannedQuery(String sql, PhysicalNode root, List<Column> columns, boolean push) {
  public PlannedQuery {
    requireNonNull(sql, "sql is null");
    requireNonNull(root, "root is null");
    columns = List.copyOf(columns);
  }
}
