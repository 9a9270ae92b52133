package io.sluice.exec.operator;

import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;

/**
 * How many joined rows each held row of an outer join's preserved side is part of, as Flink's
 * outer-join state keeps: a row whose count goes from 0 to 1 retracts its NULL-padded row. Rows are
 * told apart by their ref in {@link JoinSideState} (two equal rows are two rows).
 */
final class JoinMatchCounts {
  private final Long2IntOpenHashMap counts = new Long2IntOpenHashMap();

  /** The row's count so far (0 for a row never seen). */
  int get(long ref) {
    return counts.get(ref);
  }

  /** Adds one match to the row; returns the count before. */
  int increment(long ref) {
    return counts.addTo(ref, 1);
  }

  void set(long ref, int count) {
    if (count == 0) {
      counts.remove(ref);
    } else {
      counts.put(ref, count);
    }
  }

  /** Forgets a row no longer held. */
  void remove(long ref) {
    counts.remove(ref);
  }
}
