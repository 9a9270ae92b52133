package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.sql.function.SqlUserTableFunction;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.core.JoinRelType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexCall;

/**
 * {@code FROM s CROSS JOIN LATERAL TABLE(f(…))} and {@code LEFT JOIN LATERAL TABLE(f(…)) ON TRUE}:
 * calls a user-defined table function once per input row, with arguments computed from that row,
 * and emits the row joined with each row the function collects; a LEFT join emits the row with
 * NULLs when it collects none. Each output row keeps its input row's changelog kind. Stateless.
 */
public final class StreamCorrelate extends SingleRel implements SluiceRel {
  private final RexCall invocation;
  private final JoinRelType joinType;

  /**
   * @param invocation the function call, its operands over the input's columns
   * @param joinType {@link JoinRelType#INNER} or {@link JoinRelType#LEFT}
   */
  public StreamCorrelate(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RexCall invocation,
      JoinRelType joinType,
      RelDataType rowType) {
    super(cluster, traits, input);
    this.invocation = requireNonNull(invocation, "invocation is null");
    this.joinType = requireNonNull(joinType, "joinType is null");
    this.rowType = requireNonNull(rowType, "rowType is null");
    if (!(invocation.getOperator() instanceof SqlUserTableFunction)) {
      throw new IllegalArgumentException("not a user-defined table function: " + invocation);
    }
  }

  public RexCall invocation() {
    return invocation;
  }

  /** The table function and the {@code eval} method the call runs. */
  public SqlUserTableFunction function() {
    return (SqlUserTableFunction) invocation.getOperator();
  }

  public JoinRelType joinType() {
    return joinType;
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamCorrelate(getCluster(), traitSet, sole(inputs), invocation, joinType, rowType);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("invocation", invocation)
        .item("class", function().function().type().getName())
        .item("joinType", joinType.lowerName);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
