package io.sluice.plan.nodes;

import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelDistribution;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;

/** {@code LIMIT}/{@code OFFSET} without ORDER BY: passes rows until the limit, then finishes. */
public final class StreamLimit extends SingleRel implements SluiceRel {
  private final long offset;
  private final long fetch;

  /**
   * @param fetch rows to pass after the offset, or -1 for all
   */
  public StreamLimit(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, long offset, long fetch) {
    super(cluster, traits, input);
    this.offset = offset;
    this.fetch = fetch;
  }

  public long offset() {
    return offset;
  }

  public long fetch() {
    return fetch;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamLimit(getCluster(), traitSet, sole(inputs), offset, fetch);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("offset", offset).item("fetch", fetch < 0 ? "all" : fetch);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }

  /** Counting or ordering rows needs them all in one place. */
  @Override
  public RelDistribution requiredDistribution(int input) {
    return org.apache.calcite.rel.RelDistributions.SINGLETON;
  }
}
