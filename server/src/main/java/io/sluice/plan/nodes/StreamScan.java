package io.sluice.plan.nodes;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import io.sluice.plan.schema.RelationTable;
import java.util.ArrayList;
import java.util.List;
import org.apache.calcite.plan.RelOptCluster;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelTraitSet;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelWriter;
import org.apache.calcite.rel.core.TableScan;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.util.ImmutableIntList;

/**
 * Reads a declared stream (micro-batch by micro-batch) or table (once, bounded): only the columns
 * the query uses, in the order listed.
 */
public final class StreamScan extends TableScan implements SluiceRel, ProjectedScan {
  private final ImmutableIntList columns;

  /**
   * @param columns declared positions of the columns read, in output order
   */
  public StreamScan(
      RelOptCluster cluster, RelTraitSet traits, RelOptTable table, ImmutableIntList columns) {
    super(cluster, traits, List.of(), table);
    this.columns = requireNonNull(columns, "columns is null");
    int width = table.getRowType().getFieldCount();
    for (int column : columns) {
      if (column < 0 || column >= width) {
        throw new IllegalArgumentException("No column " + column + " in a table of " + width);
      }
    }
  }

  @Override
  public ImmutableIntList columns() {
    return columns;
  }

  /** The stream, table, view or system table read. */
  public RelationDefinition relation() {
    return requireNonNull(table.unwrap(RelationTable.class), "not a Sluice relation").definition();
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
  public RelNode copy(RelTraitSet traitSet, List<RelNode> inputs) {
    return new StreamScan(getCluster(), traitSet, table, columns);
  }

  @Override
  public RelWriter explainTerms(RelWriter pw) {
    RelationDefinition relation = relation();
    List<String> names = new ArrayList<>(columns.size());
    for (RelDataTypeField field : getRowType().getFieldList()) {
      names.add(field.getName());
    }
    return pw.item("relation", relation.name())
        .item("kind", relation.kind().word())
        .item("connector", relation.connector())
        .item("columns", names);
  }

  @Override
  public <R> R accept(SluiceRelVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
