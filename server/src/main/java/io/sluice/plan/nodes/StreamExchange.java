package io.sluice.plan.nodes;

import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.Exchange;

/**
 * Redistributes rows among a query's parallel subtasks: by a hash of key columns (each subtask then
 * owns the state of its keys), to one subtask (an operator that needs every row), or to all (a
 * table every subtask joins against). Inserted after physical planning where a node's input is not
 * distributed as the node requires; at parallelism 1 it passes rows on.
 */
public final class StreamExchange extends Exchange implements SluiceRel {
  public StreamExchange(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, RelDistribution distribution) {
    super(cluster, traits, input, distribution);
  }

  @Override
  public Exchange copy(RelTraitSet traitSet, RelNode newInput, RelDistribution newDistribution) {
    return new StreamExchange(getCluster(), traitSet, newInput, newDistribution);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
