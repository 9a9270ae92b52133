package io.sluice.plan.nodes;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.SetOp;
import org.apache.calcite.rel.core.Union;

/** {@code UNION ALL}: the rows of every input, as they come. */
public final class StreamUnion extends Union implements SluiceRel {
  public StreamUnion(RelOptCluster cluster, RelTraitSet traits, List<RelNode> inputs) {
    super(cluster, traits, List.of(), inputs, true);
  }

  @Override
  public SetOp copy(RelTraitSet traitSet, List<RelNode> inputs, boolean all) {
    return new StreamUnion(getCluster(), traitSet, inputs);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
