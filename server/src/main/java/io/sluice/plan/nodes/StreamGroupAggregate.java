package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.AggregateCallSpec;
import io.sluice.plan.spec.OutputMode;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Aggregate;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.util.ImmutableBitSet;

/**
 * Incremental GROUP BY without a window: one accumulator row per group key, for the life of the
 * query. Its output is the group keys followed by the aggregate results; what it emits each batch
 * follows its {@link OutputMode}.
 */
public final class StreamGroupAggregate extends Aggregate implements UpdatingRel {
  private final List<AggregateCallSpec> calls;
  private final OutputMode mode;
  private final boolean updateBefore;

  public StreamGroupAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      ImmutableBitSet groupSet,
      List<AggregateCall> aggCalls,
      List<AggregateCallSpec> calls,
      OutputMode mode,
      boolean updateBefore) {
    super(cluster, traits, List.of(), input, groupSet, null, aggCalls);
    this.calls = List.copyOf(calls);
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
  }

  @Override
  public boolean updateBefore() {
    return updateBefore;
  }

  /** This aggregate, emitting by {@code mode}. */
  public StreamGroupAggregate withMode(OutputMode mode) {
    return new StreamGroupAggregate(
        getCluster(), traitSet, getInput(), groupSet, aggCalls, calls, mode, updateBefore);
  }

  @Override
  public StreamGroupAggregate withUpdateBefore(boolean updateBefore) {
    return new StreamGroupAggregate(
        getCluster(), traitSet, getInput(), groupSet, aggCalls, calls, mode, updateBefore);
  }

  /** The aggregate functions, as the operator runs them. */
  public List<AggregateCallSpec> calls() {
    return calls;
  }

  public OutputMode mode() {
    return mode;
  }

  /** Input columns of the group keys, in output order. */
  public int[] keyColumns() {
    return getGroupSet().toArray();
  }

  @Override
  public Aggregate copy(
      RelTraitSet traitSet,
      RelNode input,
      ImmutableBitSet groupSet,
      List<ImmutableBitSet> groupSets,
      List<AggregateCall> aggCalls) {
    return new StreamGroupAggregate(
        getCluster(), traitSet, input, groupSet, aggCalls, calls, mode, updateBefore);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return pw.input("input", getInput())
        .item("groupBy", getGroupSet().asList())
        .item("select", calls)
        .item("mode", mode.word());
  }

  @Override
  public StateInfo state() {
    return mode == OutputMode.FINAL
        ? new StateInfo("one row per group key", "until end of input")
        : new StateInfo("one row per group key", "unbounded: grows with the number of keys");
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /** Each subtask aggregates the groups whose keys hash to it; no keys: one subtask. */
  @Override
  public RelDistribution requiredDistribution(int input) {
    return Distributions.byKeys(keyColumns());
  }
}
