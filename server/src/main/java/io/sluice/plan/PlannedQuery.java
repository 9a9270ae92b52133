package io.sluice.plan;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.explain.PlanExplainer;
import io.sluice.plan.nodes.SluiceRel;
import io.sluice.spi.type.Column;
import java.util.List;

/**
 * A query ready to run: its physical plan, result columns and whether it is a push query ({@code
 * SELECT STREAM}, runs until stopped) or a snapshot (reads what is there now, ends).
 *
 * @param uniqueKey result columns that identify a row of the result table (an aggregate's group
 *     key: the plan's upsert key), or empty when rows have no key
 */
public record PlannedQuery(
    String sql, SluiceRel root, List<Column> columns, boolean push, List<Integer> uniqueKey) {
  public PlannedQuery {
    requireNonNull(sql, "sql is null");
    requireNonNull(root, "root is null");
    columns = List.copyOf(columns);
    uniqueKey = List.copyOf(uniqueKey);
  }

  /** The physical plan as EXPLAIN shows it, one node per line. */
  public List<String> explain() {
    return PlanExplainer.explain(root);
  }
}
