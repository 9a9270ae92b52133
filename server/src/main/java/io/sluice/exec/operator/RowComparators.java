package io.sluice.exec.operator;

import io.sluice.plan.spec.SortField;
import java.util.Comparator;
import java.util.List;

/** Orders boxed rows by an ORDER BY: what sorting and ranking operators compare rows with. */
public final class RowComparators {
  private RowComparators() {}

  /** Compares rows by {@code fields}, in order; rows equal on all of them compare as 0. */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Comparator<Object[]> of(List<SortField> fields) {
    Comparator<Object[]> result = (unusedA, unusedB) -> 0;
    for (SortField sortField : fields) {
      int field = sortField.column();
      boolean descending = sortField.descending();
      boolean nullsFirst = sortField.nullsFirst();
      Comparator<Object[]> next =
          (a, b) -> {
            Object x = a[field];
            Object y = b[field];
            if (x == null || y == null) {
              return x == y ? 0 : (x == null) == nullsFirst ? -1 : 1;
            }
            int compared = ((Comparable) x).compareTo(y);
            return descending ? -compared : compared;
          };
      result = result.thenComparing(next);
    }
    return result;
  }
}
