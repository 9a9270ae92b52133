package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import io.sluice.catalog.RelationDefinition;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Reads a declared stream (micro-batch by micro-batch) or table (once, bounded): only the columns
 * the query uses, in the order listed.
 */
public final class PhysicalScan extends PhysicalNode {
  private final RelationDefinition relation;
  private final List<Integer> columns;

  /**
   * @param columns declared positions of the columns read, in output order
   * @throws IllegalArgumentException when they do not match {@code rowType} or the relation
   */
  public PhysicalScan(RelDataType rowType, RelationDefinition relation, List<Integer> columns) {
    super(rowType, List.of());
    this.relation = requireNonNull(relation, "relation is null");
    this.columns = List.copyOf(columns);
    if (this.columns.size() != rowType.getFieldCount()) {
      throw new IllegalArgumentException(
          "Scan of "
              + relation.name()
              + " reads "
              + this.columns.size()
              + " columns but produces "
              + rowType.getFieldCount());
    }
    for (int column : this.columns) {
      if (column < 0 || column >= relation.columns().size()) {
        throw new IllegalArgumentException("No column " + column + " in " + relation.name());
      }
    }
  }

  public RelationDefinition relation() {
    return relation;
  }

  /** Declared positions of the columns read, in output order. */
  public List<Integer> columns() {
    return columns;
  }

  @Override
  public String name() {
    return "StreamScan";
  }

  @Override
  public String attributes() {
    return "relation=["
        + relation.name()
        + "], kind=["
        + relation.kind().word()
        + "], connector=["
        + relation.connector()
        + "], columns=["
        + columns.stream()
            .map(c -> relation.columns().get(c).name())
            .collect(Collectors.joining(", "))
        + "]";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
