package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.metadata.SluiceRelMetadataQuery;
import io.sluice.plan.spec.OutputMode;
import io.sluice.plan.spec.OverSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Aggregates OVER a frame of preceding rows, as Flink's over aggregation: each input row comes out
 * once, with the aggregates of its partition's frame ending at it, when the watermark passes its
 * time (no earlier or peer row can come then), so the output is append-only. Over an updating input
 * (Flink refuses it) each partition's current rows are kept in order, and a row whose frame changes
 * is updated (-U, +U): rows come in (+I) and go (-D) with the input's.
 */
public final class StreamOverAggregate extends SingleRel implements SluiceRel {
  private final OverSpec spec;
  private final OutputMode mode;

  public StreamOverAggregate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      OverSpec spec,
      OutputMode mode,
      RelDataType rowType) {
    super(cluster, traits, input);
    this.spec = requireNonNull(spec, "spec is null");
    this.mode = requireNonNull(mode, "mode is null");
    this.rowType = requireNonNull(rowType, "rowType is null");
  }

  public OverSpec spec() {
    return spec;
  }

  /** UPDATE (emit as the watermark passes) or FINAL (a snapshot query: at end of input). */
  public OutputMode mode() {
    return mode;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamOverAggregate(getCluster(), traitSet, sole(inputs), spec, mode, rowType);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .itemIf("partitionBy", spec.partitionKeys(), !spec.partitionKeys().isEmpty())
        .item("orderBy", "$" + spec.orderColumn())
        .item("frame", spec.frame())
        .item("select", spec.calls());
  }

  /**
   * Whether the input updates or deletes rows it emitted, so results are updated as frames change:
   * decided on the chosen plan, from the input's changelog mode.
   */
  public boolean retract() {
    return mode != OutputMode.FINAL
        && SluiceRelMetadataQuery.of(getCluster().getMetadataQuery())
            .changelogMode(getInput())
            .isUpdating();
  }

  @Override
  public StateInfo state() {
    if (retract()) {
      return new StateInfo(
          "every row of each partition, in order, with the result last emitted for it (the"
              + " input retracts rows)",
          "unbounded: grows with the rows of each partition");
    }
    String bound =
        mode == OutputMode.FINAL
            ? "until end of input"
            : spec.unbounded()
                ? "rows until the watermark passes them; one aggregate per partition key,"
                    + " unbounded: grows with the number of keys"
                : "rows until the watermark passes them, then the frame's rows per partition";
    return new StateInfo("rows waiting for the watermark and each partition's frame", bound);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  @Override
  public RelDistribution requiredDistribution(int input) {
    return Distributions.byKeys(spec().partitionKeys());
  }
}
