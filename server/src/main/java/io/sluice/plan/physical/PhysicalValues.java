package io.sluice.plan.physical;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * Literal rows ({@code VALUES …}, or the single empty row of a SELECT without FROM), emitted once.
 */
public final class PhysicalValues extends PhysicalNode {
  private final List<List<Object>> rows;

  /**
   * @param rows values in batch storage form (see {@link io.sluice.spi.type.ColumnType})
   */
  public PhysicalValues(RelDataType rowType, List<List<Object>> rows) {
    super(rowType, List.of());
    this.rows = List.copyOf(rows);
  }

  public List<List<Object>> rows() {
    return rows;
  }

  @Override
  public String name() {
    return "Values";
  }

  @Override
  public String attributes() {
    return "rows=[" + rows.size() + "]";
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
