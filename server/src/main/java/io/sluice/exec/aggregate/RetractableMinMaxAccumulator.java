package io.sluice.exec.aggregate;

import io.sluice.spi.batch.ColumnVector;
import java.util.Map;
import java.util.TreeMap;

/**
 * MIN and MAX over an updating input: each group keeps its values sorted with their multiplicity,
 * so retracting the current extreme reveals the next one (as Flink's retractable MIN/MAX keep a map
 * view of values to counts).
 */
final class RetractableMinMaxAccumulator extends ValueCountsAccumulator {
  private final boolean max;

  RetractableMinMaxAccumulator(int argument, int filterColumn, boolean max) {
    super(argument, filterColumn);
    this.max = max;
  }

  @Override
  protected Map<Object, long[]> newMap() {
    return new TreeMap<>();
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    TreeMap<Object, long[]> held = (TreeMap<Object, long[]>) valuesOf(group);
    if (held == null || held.isEmpty()) {
      out.setNull(row);
    } else {
      out.setObject(row, max ? held.lastKey() : held.firstKey());
    }
  }
}
