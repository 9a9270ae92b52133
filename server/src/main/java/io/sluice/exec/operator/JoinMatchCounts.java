package io.sluice.exec.operator;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * How many joined rows each held row of an outer join's preserved side is part of, as Flink's
 * outer-join state keeps: a row whose count goes from 0 to 1 retracts its NULL-padded row. Rows are
 * told apart by identity (two equal rows are two rows).
 */
final class JoinMatchCounts {
  private final Map<Object[], int[]> counts = new IdentityHashMap<>();

  /** The row's count so far (0 for a row never seen). */
  int get(Object[] row) {
    int[] count = counts.get(row);
    return count == null ? 0 : count[0];
  }

  /** Adds one match to the row; returns the count before. */
  int increment(Object[] row) {
    int[] count = counts.computeIfAbsent(row, r -> new int[1]);
    return count[0]++;
  }

  void set(Object[] row, int count) {
    if (count == 0) {
      counts.remove(row);
    } else {
      counts.put(row, new int[] {count});
    }
  }

  /** Forgets a row no longer held. */
  void remove(Object[] row) {
    counts.remove(row);
  }

  void clear() {
    counts.clear();
  }
}
