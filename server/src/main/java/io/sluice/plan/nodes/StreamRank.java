package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.logical.LogicalRank;
import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.RankSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Top-N: per partition, the rows ranking {@code rankStart .. rankEnd}, kept sorted; each batch
 * emits how the top-N of the partitions it touched changed (a row entering is +I, one leaving -D, a
 * rank taken by another row +U). Over an insert-only input state is N rows per partition: a row
 * pushed out can never come back. Over an updating input it is a retract rank, as Flink's: every
 * row is kept, since a retracted row lets the next one into the top N.
 */
public final class StreamRank extends SingleRel implements UpdatingRel {
  private final RankSpec spec;
  private final String rankName;
  private final OutputMode mode;
  private final boolean updateBefore;
  private final long stateTtlMillis;

  public StreamRank(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RankSpec spec,
      String rankName,
      OutputMode mode,
      boolean updateBefore,
      long stateTtlMillis) {
    super(cluster, traits, input);
    this.spec = requireNonNull(spec, "spec is null");
    this.rankName = requireNonNull(rankName, "rankName is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.updateBefore = updateBefore;
    this.stateTtlMillis = stateTtlMillis;
  }

  public RankSpec spec() {
    return spec;
  }

  /** {@link OutputMode#FINAL} in snapshot queries: the top-N once, at end of input. */
  public OutputMode mode() {
    return mode;
  }

  /** Partitions untouched for this long are forgotten ({@code state.ttl}); 0 keeps them. */
  public long stateTtlMillis() {
    return stateTtlMillis;
  }

  @Override
  public boolean updateBefore() {
    return updateBefore;
  }

  @Override
  public StreamRank withUpdateBefore(boolean updateBefore) {
    return new StreamRank(
        getCluster(), traitSet, getInput(), spec, rankName, mode, updateBefore, stateTtlMillis);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamRank(
        getCluster(), traitSet, sole(inputs), spec, rankName, mode, updateBefore, stateTtlMillis);
  }

  @Override
  protected RelDataType deriveRowType() {
    return LogicalRank.rowType(getInput(), spec, rankName);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("rank", spec)
        .itemIf("ttl", StateTtl.text(stateTtlMillis), stateTtlMillis > 0);
  }

  /**
   * Whether the input updates or deletes rows it emitted, so the top-N keeps every row (a retract
   * rank): decided on the chosen plan, from the input's changelog mode.
   */
  public boolean retract() {
    return mode != OutputMode.FINAL
        && SluiceRelMetadataQuery.of(getCluster().getMetadataQuery())
            .changelogMode(getInput())
            .isUpdating();
  }

  @Override
  public StateInfo state() {
    if (mode == OutputMode.FINAL) {
      return new StateInfo(
          "the top " + spec.rankEnd() + " rows per partition", "until end of input");
    }
    boolean retract = retract();
    String kind =
        retract
            ? "every row of each partition (retract rank: the input retracts rows, so a row"
                + " past the top "
                + spec.rankEnd()
                + " may move up)"
            : "the top " + spec.rankEnd() + " rows per partition";
    String growth =
        retract
            ? "unbounded: grows with the rows of each partition"
            : "unbounded: grows with the number of partitions";
    return stateTtlMillis > 0
        ? new StateInfo(kind, "partitions idle for " + StateTtl.text(stateTtlMillis) + " expire")
        : new StateInfo(kind, growth);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public RelDistribution requiredDistribution(int input) {
    return Distributions.byKeys(spec().partitionColumns());
  }
}
