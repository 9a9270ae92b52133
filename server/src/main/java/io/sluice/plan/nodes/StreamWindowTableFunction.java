package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.spec.WindowSpec;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.SingleRel;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code TABLE(TUMBLE|HOP|SESSION(TABLE s, DESCRIPTOR(ts), …))}: appends window_start and
 * window_end to every row, one output row per window the row falls in (a SESSION passes the row's
 * time on as both, for the aggregate above to form sessions). Rows older than the watermark are
 * late and dropped (counted).
 */
public final class StreamWindowTableFunction extends SingleRel implements SluiceRel {
  private final int timeColumn;
  private final WindowSpec spec;
  private final List<Integer> partitionColumns;

  /**
   * @param partitionColumns SESSION's PARTITION BY columns (empty otherwise)
   */
  public StreamWindowTableFunction(
      RelOptCluster cluster,
      RelTraitSet traits,
      RelNode input,
      RelDataType rowType,
      int timeColumn,
      WindowSpec spec,
      List<Integer> partitionColumns) {
    super(cluster, traits, input);
    this.rowType = requireNonNull(rowType, "rowType is null");
    this.timeColumn = timeColumn;
    this.spec = requireNonNull(spec, "spec is null");
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  public int timeColumn() {
    return timeColumn;
  }

  public WindowSpec spec() {
    return spec;
  }

  public List<Integer> partitionColumns() {
    return partitionColumns;
  }

  /** Output column of window_start; window_end follows it. */
  public int windowStartColumn() {
    return getInput().getRowType().getFieldCount();
  }

  @Override
  protected RelDataType deriveRowType() {
    return rowType;
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamWindowTableFunction(
        getCluster(), traitSet, sole(inputs), rowType, timeColumn, spec, partitionColumns);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    return super.explainTerms(pw)
        .item("window", spec + " ON $" + timeColumn)
        .itemIf("partitionBy", partitionColumns, !partitionColumns.isEmpty());
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
