package io.sluice.plan.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.WindowInfo;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * A GROUP BY over event-time windows, before physical planning: what the logical window rules make
 * of {@code GROUP BY TUMBLE(ts, …)} and of a GROUP BY over the window columns of a window table
 * function or windowed aggregate. Its input's group key columns are as for any aggregate; {@link
 * WindowInfo} says which of them are window bounds and where windows come from.
 */
public final class LogicalWindowAggregate extends Aggregate {
  private final WindowInfo window;

  private LogicalWindowAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> aggCalls,
      WindowInfo window,
      RelDataType rowType) {
    super(cluster, traits, List.of(), input, groupSet, null, aggCalls);
    this.window = requireNonNull(window, "window is null");
    this.rowType = requireNonNull(rowType, "rowType is null");
  }

  /**
   * The window aggregate replacing {@code aggregate}, over {@code input}; it keeps the aggregate's
   * row type (window bounds are never NULL, whatever the time column they come from).
   */
  public static LogicalWindowAggregate create(
      Aggregate aggregate, RelNode input, WindowInfo window) {
    RelOptCluster cluster = input.getCluster();
    return new LogicalWindowAggregate(
        cluster,
        cluster.traitSetOf(Convention.NONE),
        input,
        aggregate.getGroupSet(),
        aggregate.getAggCallList(),
        window,
        aggregate.getRowType());
  }

  public WindowInfo window() {
    return window;
  }

  @Override
  public Aggregate copy(
      RelTraitSet traitSet,
      RelNode input,
      ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets,
      List<AggregateCall> aggCalls) {
    return new LogicalWindowAggregate(
        getCluster(), traitSet, input, groupSet, aggCalls, window, rowType);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("window", window);
  }
}
