package io.sluice.exec.operator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows one side of a stream–stream join holds for future matches: indexed by join key for
 * probing, and kept in arrival order so an interval join's eviction looks only at the oldest rows
 * instead of walking all state every batch.
 *
 * <p>Rows arrive roughly in time order (the watermark bounds how far back they go), so evicting
 * from the front of the arrival queue while the front row's time is too old drops nearly every
 * row that can no longer match. A row that arrived after a newer one waits behind it a little
 * longer; that only delays freeing it, since the join's condition is checked on every pair.
 */
final class JoinSideState {
  private final int[] keyColumns;
  private final int timeColumn;
  private final Map<RowKey, ArrayDeque<Object[]>> byKey = new HashMap<>();
  private final ArrayDeque<Held> arrivals = new ArrayDeque<>();

  /** @param timeColumn the column {@link #evictBefore} reads; -1 for a join that never evicts */
  JoinSideState(int[] keyColumns, int timeColumn) {
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
  }

  /** Rows with a NULL key never match, so they are not kept. */
  void add(List<Object[]> rows) {
    for (Object[] row : rows) {
      RowKey key = key(row);
      if (!key.hasNull()) {
        ArrayDeque<Object[]> sameKey = byKey.computeIfAbsent(key, k -> new ArrayDeque<>(2));
        sameKey.addLast(row);
        arrivals.addLast(new Held(row, key, sameKey));
      }
    }
  }

  /** The rows held under a key, oldest first; empty for a NULL key. */
  Iterable<Object[]> matches(RowKey key) {
    if (key.hasNull()) {
      return List.of();
    }
    ArrayDeque<Object[]> rows = byKey.get(key);
    return rows == null ? List.of() : rows;
  }

  /** Drops rows, oldest arrivals first, while their time is before {@code before}. */
  void evictBefore(long before) {
    while (!arrivals.isEmpty()
        && ((Number) arrivals.peekFirst().row()[timeColumn]).longValue() < before) {
      Held held = arrivals.pollFirst();
      ArrayDeque<Object[]> rows = held.rows();
      if (rows.peekFirst() == held.row()) {
        rows.pollFirst();
      } else {
        rows.removeFirstOccurrence(held.row());
      }
      if (rows.isEmpty()) {
        byKey.remove(held.key());
      }
    }
  }

  long size() {
    return arrivals.size();
  }

  /** Every row held, in arrival order. */
  List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>(arrivals.size());
    for (Held held : arrivals) {
      rows.add(held.row());
    }
    return rows;
  }

  void clear() {
    byKey.clear();
    arrivals.clear();
  }

  /** A held row with its key and the queue of its key, so eviction needs no lookup. */
  private record Held(Object[] row, RowKey key, ArrayDeque<Object[]> rows) {
  }

  RowKey key(Object[] row) {
    Object[] values = new Object[keyColumns.length];
    for (int k = 0; k < keyColumns.length; k++) {
      values[k] = row[keyColumns[k]];
    }
    return RowKey.of(values);
  }
}
