package io.sluice.plan.nodes;

import com.google.common.collect.ImmutableList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Values;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexLiteral;

/** Literal rows ({@code VALUES}), emitted once. */
public final class StreamValues extends Values implements SluiceRel {
  public StreamValues(
      RelOptCluster cluster,
      RelDataType rowType,
      ImmutableList<ImmutableList<RexLiteral>> tuples,
      RelTraitSet traits) {
    super(cluster, List.of(), rowType, tuples, traits);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamValues(getCluster(), getRowType(), tuples, traitSet);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    // the literal tuples belong in the digest, so two VALUES of the same shape stay two nodes;
    // EXPLAIN shows the row count only
    return pw.item("rows", tuples.size()).item("tuples", tuples);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
