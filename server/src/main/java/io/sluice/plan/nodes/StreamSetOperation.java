package io.sluice.plan.nodes;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.sql.SqlKind;

/**
 * {@code INTERSECT ALL} and {@code EXCEPT ALL}: counts each distinct row per input and emits a row
 * as many times as the counts say (the smallest count for INTERSECT ALL; the first input's minus
 * the others' for EXCEPT ALL). In a push query the result follows the counts as rows arrive (+I for
 * each copy gained, -D for each lost); a snapshot emits the result once, at end of input.
 */
public final class StreamSetOperation extends SetOp implements SluiceRel {
  private final boolean push;

  /**
   * @param kind {@link SqlKind#INTERSECT} or {@link SqlKind#EXCEPT}
   * @param push a push query: emit changes batch by batch
   */
  public StreamSetOperation(
      RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs, SqlKind kind, boolean push) {
    super(cluster, traits, List.of(), inputs, kind, true);
    if (kind != SqlKind.INTERSECT && kind != SqlKind.EXCEPT) {
      throw new IllegalArgumentException("INTERSECT or EXCEPT, not " + kind);
    }
    this.push = push;
  }

  public boolean push() {
    return push;
  }

  /** Whether this is EXCEPT ALL (else INTERSECT ALL). */
  public boolean except() {
    return kind == SqlKind.EXCEPT;
  }

  @Override
  public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
    return new StreamSetOperation(getCluster(), traitSet, inputs, kind, push);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).itemIf("emit", "at end of input", !push);
  }

  @Override
  public String getRelTypeName() {
    return except() ? "StreamExceptAll" : "StreamIntersectAll";
  }

  @Override
  public StateInfo state() {
    return push
        ? new StateInfo("a count per distinct row and input", "unbounded: rows are never dropped")
        : new StateInfo("a count per distinct row and input", "until end of input");
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /** Equal rows of every input meet on one subtask: hashed by all their columns. */
  @Override
  public org.apache.calcite.rel.RelDistribution requiredDistribution(int input) {
    return Distributions.byKeys(
        java.util.stream.IntStream.range(0, getRowType().getFieldCount()).toArray());
  }
}
