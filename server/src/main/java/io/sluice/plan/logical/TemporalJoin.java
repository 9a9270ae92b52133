package io.sluice.plan.logical;

import java.util.List;
import java.util.Set;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.Join;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rex.RexNode;

/**
 * {@code JOIN versioned FOR SYSTEM_TIME AS OF s.ts}: each row of the left stream meets the version
 * of the right stream's row (by the join key) that was valid at the row's event time, the latest
 * one not after it. Logical; the time columns say which versions apply.
 */
public final class TemporalJoin extends Join {
  private final int leftTime;
  private final int rightTime;

  private TemporalJoin(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode left,
      RelNode right,
      RexNode condition,
      JoinRelType joinType,
      int leftTime,
      int rightTime) {
    super(cluster, traits, List.of(), left, right, condition, Set.of(), joinType);
    this.leftTime = leftTime;
    this.rightTime = rightTime;
  }

  /**
   * @param leftTime the left input's column holding the time rows are joined as of
   * @param rightTime the right input's column holding when a version starts
   */
  public static TemporalJoin create(
      RelNode left,
      RelNode right,
      RexNode condition,
      JoinRelType joinType,
      int leftTime,
      int rightTime) {
    RelOptCluster cluster = left.getCluster();
    return new TemporalJoin(
        cluster,
        cluster.traitSetOf(Convention.NONE),
        left,
        right,
        condition,
        joinType,
        leftTime,
        rightTime);
  }

  /** The left input's column holding the time rows are joined as of. */
  public int leftTime() {
    return leftTime;
  }

  /** The right input's column holding when a version starts. */
  public int rightTime() {
    return rightTime;
  }

  @Override
  public Join copy(
      RelTraitSet traitSet,
      RexNode conditionExpr,
      RelNode left,
      RelNode right,
      JoinRelType joinType,
      boolean semiJoinDone) {
    return new TemporalJoin(
        getCluster(), traitSet, left, right, conditionExpr, joinType, leftTime, rightTime);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("asOf", "$" + leftTime)
        .item("versionStart", "$" + (left.getRowType().getFieldCount() + rightTime));
  }
}
