package io.sluice.plan.logical;

import static java.util.Objects.requireNonNull;

import io.sluice.plan.nodes.ProjectedScan;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.Convention;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.hint.RelHint;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.util.ImmutableIntList;

/**
 * A logical scan that reads only some of its table's columns, in the order listed: what {@link
 * ProjectIntoScanRule} leaves when a query reads fewer columns than a relation declares.
 */
public final class ProjectedTableScan extends TableScan implements ProjectedScan {
  private final ImmutableIntList columns;

  private ProjectedTableScan(
      RelOptCluster cluster,
      RelTraitSet traits,
      List<RelHint> hints,
      RelOptTable table,
      ImmutableIntList columns) {
    super(cluster, traits, hints, table);
    this.columns = requireNonNull(columns, "columns is null");
  }

  /**
   * A logical scan of {@code columns} (declared positions) of {@code table}.
   *
   * @throws IllegalArgumentException when a position is not a column of the table
   */
  public static ProjectedTableScan create(
      RelOptCluster cluster, RelOptTable table, List<RelHint> hints, List<Integer> columns) {
    int width = table.getRowType().getFieldCount();
    for (int column : columns) {
      if (column < 0 || column >= width) {
        throw new IllegalArgumentException("No column " + column + " in a table of " + width);
      }
    }
    return new ProjectedTableScan(
        cluster,
        cluster.traitSetOf(Convention.NONE),
        hints,
        table,
        ImmutableIntList.copyOf(columns));
  }

  @Override
  public ImmutableIntList columns() {
    return columns;
  }

  @Override
  public RelDataType deriveRowType() {
    List<RelDataTypeField> declared = table.getRowType().getFieldList();
    List<RelDataTypeField> read = new ArrayList<>(columns.size());
    for (int column : columns) {
      read.add(declared.get(column));
    }
    return getCluster().getTypeFactory().createStructType(read);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    List<String> names = new ArrayList<>(columns.size());
    for (RelDataTypeField field : getRowType().getFieldList()) {
      names.add(field.getName());
    }
    return super.explainTerms(pw).item("columns", names);
  }

  @Override
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new ProjectedTableScan(getCluster(), traitSet, getHints(), table, columns);
  }

  @Override
  public RelNode withHints(List<RelHint> hintList) {
    return new ProjectedTableScan(getCluster(), traitSet, hintList, table, columns);
  }
}
