package io.sluice.exec.aggregate;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.util.HashMap;
import java.util.Map;

/**
 * COUNT(DISTINCT column) over an updating input: a value leaves the count only when its last row is
 * retracted.
 */
final class RetractableCountDistinctAccumulator extends ValueCountsAccumulator {
  RetractableCountDistinctAccumulator(int argument, int filterColumn) {
    super(argument, filterColumn);
  }

  @Override
  protected Map<Object, long[]> newMap() {
    return new HashMap<>();
  }

  @Override
  public void write(int group, ColumnVector out, int row) {
    Map<Object, long[]> held = valuesOf(group);
    ((LongVector) out).set(row, held == null ? 0 : held.size());
  }
}
