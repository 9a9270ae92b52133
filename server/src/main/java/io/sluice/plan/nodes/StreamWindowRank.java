package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.logical.LogicalRank;
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
 * Window top-N, as Flink's: a top-N partitioned by window_start and window_end (of a window table
 * function or of a windowed aggregate) holds each window's top N rows and emits them once, when the
 * watermark passes the window's end. Its output is append-only; its state is N rows per open window
 * and partition.
 */
public final class StreamWindowRank extends SingleRel implements SluiceRel {
  private final RankSpec spec;
  private final String rankName;
  private final int windowEndColumn;
  private final OutputMode mode;
  private final boolean procTime;

  /**
   * @param procTime the windows are over processing time: they close when the wall clock passes
   *     their end, not the watermark
   */
  public StreamWindowRank(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RankSpec spec,
      String rankName,
      int windowEndColumn,
      OutputMode mode,
      boolean procTime) {
    super(cluster, traits, input);
    this.procTime = procTime;
    this.spec = requireNonNull(spec, "spec is null");
    this.rankName = requireNonNull(rankName, "rankName is null");
    this.windowEndColumn = windowEndColumn;
    this.mode = requireNonNull(mode, "mode is null");
  }

  public RankSpec spec() {
    return spec;
  }

  /** The input column holding each row's window end: when the watermark passes it, it is final. */
  public int windowEndColumn() {
    return windowEndColumn;
  }

  public OutputMode mode() {
    return mode;
  }

  /** Whether the windows close on the wall clock (a window table function over PROCTIME()). */
  public boolean procTime() {
    return procTime;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamWindowRank(
        getCluster(), traitSet, sole(inputs), spec, rankName, windowEndColumn, mode, procTime);
  }

  @Override
  protected RelDataType deriveRowType() {
    return LogicalRank.rowType(getInput(), spec, rankName);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("rank", spec)
        .item("windowEnd", "$" + windowEndColumn)
        .itemIf("time", "proctime", procTime);
  }

  @Override
  public StateInfo state() {
    return new StateInfo(
        "the top " + spec.rankEnd() + " rows per open window and partition",
        mode == OutputMode.FINAL
            ? "until end of input"
            : procTime
                ? "dropped once the wall clock passes the window end"
                : "dropped once the watermark passes the window end");
  }

  @Override
  public boolean requiresInsertOnlyInput() {
    return true;
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
