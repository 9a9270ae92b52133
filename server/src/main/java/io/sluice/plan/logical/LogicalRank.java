package io.sluice.plan.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.RankSpec;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * A top-N before physical planning: what {@link io.sluice.plan.rules.logical.RankRule} makes of a
 * ROW_NUMBER, RANK or DENSE_RANK over a window filtered to its first ranks. Its rows are the
 * input's, followed by the rank when the query selects it.
 */
public final class LogicalRank extends SingleRel {
  private final RankSpec spec;
  private final String rankName;

  private LogicalRank(
      RelOptCluster cluster, RelTraitSet traits, RelNode input, RankSpec spec, String rankName) {
    super(cluster, traits, input);
    this.spec = requireNonNull(spec, "spec is null");
    this.rankName = requireNonNull(rankName, "rankName is null");
  }

  /** A top-N over {@code input}; {@code rankName} names the rank column, if selected. */
  public static LogicalRank create(RelNode input, RankSpec spec, String rankName) {
    return new LogicalRank(
        input.getCluster(), input.getCluster().traitSetOf(Convention.NONE), input, spec, rankName);
  }

  public RankSpec spec() {
    return spec;
  }

  public String rankName() {
    return rankName;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new LogicalRank(getCluster(), traitSet, sole(inputs), spec, rankName);
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType(getInput(), spec, rankName);
  }

  /** The input's columns, then the rank as a BIGINT when the query selects it. */
  public static RelDataType rowType(RelNode input, RankSpec spec, String rankName) {
    if (!spec.outputRankNumber()) {
      return input.getRowType();
    }
    RelDataTypeFactory types = input.getCluster().getTypeFactory();
    return types
        .builder()
        .addAll(input.getRowType().getFieldList())
        .add(rankName, types.createSqlType(SqlTypeName.BIGINT))
        .build();
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw).item("rank", spec);
  }
}
