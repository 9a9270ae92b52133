package io.sluice.exec.operator;

import io.sluice.plan.spec.SortField;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import java.util.List;

/**
 * An ORDER BY comparing rows where they lie, in column vectors (a batch's or a {@link RowStore}'s),
 * with no boxed row: the same order as {@link RowComparators} gives the boxed rows.
 */
final class VectorOrder {
  private final int[] columns;
  private final boolean[] descending;
  private final boolean[] nullsFirst;

  VectorOrder(List<SortField> fields) {
    this.columns = new int[fields.size()];
    this.descending = new boolean[fields.size()];
    this.nullsFirst = new boolean[fields.size()];
    for (int i = 0; i < columns.length; i++) {
      columns[i] = fields.get(i).column();
      descending[i] = fields.get(i).descending();
      nullsFirst[i] = fields.get(i).nullsFirst();
    }
  }

  /** The columns the order reads. */
  int[] columns() {
    return columns.clone();
  }

  /** Compares row {@code a} of {@code left} with row {@code b} of {@code right} (same types). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  int compare(ColumnVector[] left, int a, ColumnVector[] right, int b) {
    for (int i = 0; i < columns.length; i++) {
      ColumnVector x = left[columns[i]];
      ColumnVector y = right[columns[i]];
      boolean xNull = x.isNull(a);
      boolean yNull = y.isNull(b);
      int compared;
      if (xNull || yNull) {
        if (xNull == yNull) {
          continue;
        }
        // nulls are placed as asked whatever the direction, as RowComparators places them
        return xNull == nullsFirst[i] ? -1 : 1;
      } else if (x instanceof LongVector longs) {
        compared = Long.compare(longs.get(a), ((LongVector) y).get(b));
      } else if (x instanceof DoubleVector doubles) {
        compared = Double.compare(doubles.get(a), ((DoubleVector) y).get(b));
      } else {
        compared = ((Comparable) x.getObject(a)).compareTo(y.getObject(b));
      }
      if (compared != 0) {
        return descending[i] ? -compared : compared;
      }
    }
    return 0;
  }
}
