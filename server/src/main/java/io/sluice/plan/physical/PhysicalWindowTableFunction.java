package io.sluice.plan.physical;

import static java.util.Objects.requireNonNull;

import java.util.List;
import org.apache.calcite.rel.type.RelDataType;

/**
 * {@code TABLE(TUMBLE|HOP(TABLE s, DESCRIPTOR(ts), …))}: appends window_start and window_end to
 * every row, one output row per window the row falls in. Rows older than the watermark are late and
 * dropped (counted).
 */
public final class PhysicalWindowTableFunction extends PhysicalNode {
  private final int timeColumn;
  private final WindowSpec spec;
  private final List<Integer> partitionColumns;

  /**
   * @param partitionColumns SESSION's PARTITION BY columns (empty otherwise)
   */
  public PhysicalWindowTableFunction(
      RelDataType rowType,
      PhysicalNode input,
      int timeColumn,
      WindowSpec spec,
      List<Integer> partitionColumns) {
    super(rowType, List.of(input));
    this.timeColumn = timeColumn;
    this.spec = requireNonNull(spec, "spec is null");
    this.partitionColumns = List.copyOf(partitionColumns);
  }

  public List<Integer> partitionColumns() {
    return partitionColumns;
  }

  public PhysicalNode input() {
    return inputs().get(0);
  }

  public int timeColumn() {
    return timeColumn;
  }

  public WindowSpec spec() {
    return spec;
  }

  /** Output column of window_start; window_end follows it. */
  public int windowStartColumn() {
    return input().rowType().getFieldCount();
  }

  @Override
  public String name() {
    return "StreamWindowTableFunction";
  }

  @Override
  public String attributes() {
    return "window=["
        + spec
        + " ON $"
        + timeColumn
        + "]"
        + (partitionColumns.isEmpty() ? "" : ", partitionBy=" + partitionColumns);
  }

  @Override
  public <R> R accept(PhysicalVisitor<R> visitor) {
    return visitor.visit(this);
  }
}
