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
 * @param parallelism how many subtasks run the plan at once (the plan is the same at any; its
 *     exchanges spread rows over the subtasks)
 * @param sharedScans whether scans of one relation read one source (its rows read and decoded once
 *     per batch for all of them, as Flink reuses a source); false only to resume a checkpoint
 *     written before, whose offsets hold one source per scan
 */
public record PlannedQuery(
    String sql,
    SluiceRel root,
    List<Column> columns,
    boolean push,
    List<Integer> uniqueKey,
    int parallelism,
    boolean sharedScans) {
  public PlannedQuery {
    requireNonNull(sql, "sql is null");
    requireNonNull(root, "root is null");
    columns = List.copyOf(columns);
    uniqueKey = List.copyOf(uniqueKey);
    if (parallelism < 1) {
      throw new IllegalArgumentException("parallelism " + parallelism);
    }
  }

  /** A plan run by one subtask. */
  public PlannedQuery(
      String sql, SluiceRel root, List<Column> columns, boolean push, List<Integer> uniqueKey) {
    this(sql, root, columns, push, uniqueKey, 1, true);
  }

  /** This plan, run by {@code subtasks} subtasks. */
  public PlannedQuery withParallelism(int subtasks) {
    return new PlannedQuery(sql, root, columns, push, uniqueKey, subtasks, sharedScans);
  }

  /** This plan with a source per scan, as checkpoints of plan version 1 recorded their offsets. */
  public PlannedQuery withoutSharedScans() {
    return new PlannedQuery(sql, root, columns, push, uniqueKey, parallelism, false);
  }

  /** The physical plan as EXPLAIN shows it, one node per line. */
  public List<String> explain() {
    return PlanExplainer.explain(root);
  }
}
