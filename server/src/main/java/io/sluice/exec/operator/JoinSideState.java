package io.sluice.exec.operator;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The rows one side of a stream–stream join holds for future matches: indexed by join key for
 * probing, and kept in arrival order so an interval join's eviction looks only at the oldest rows
 * instead of walking all state every batch.
 *
 * <p>Rows arrive roughly in time order (the watermark bounds how far back they go), so evicting
 * from the front of the arrival queue while the front row's time is too old drops nearly every row
 * that can no longer match. A row that arrived after a newer one waits behind it a little longer;
 * that only delays freeing it, since the join's condition is checked on every pair.
 *
 * <p>A single key column of a long-valued type (integers, timestamps) is indexed by a primitive
 * map: no key object per row, and a probe reads the key array instead of a chain of boxes.
 */
final class JoinSideState {
  private final int[] keyColumns;
  private final int timeColumn;
  private final boolean longKey;
  private final Map<RowKey, ArrayDeque<Object[]>> byKey = new HashMap<>();
  private final Long2ObjectOpenHashMap<ArrayDeque<Object[]>> byLongKey =
      new Long2ObjectOpenHashMap<>();
  private final ArrayDeque<Held> arrivals = new ArrayDeque<>();

  /** Rows taken out by {@link #remove} that are still in {@link #arrivals}, skipped there. */
  private final Set<Object[]> removed = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param timeColumn the column {@link #evictBefore} reads; -1 for a join that never evicts
   * @param longKey the key is one column whose values are {@link Long}s
   */
  JoinSideState(int[] keyColumns, int timeColumn, boolean longKey) {
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.longKey = longKey && keyColumns.length == 1;
  }

  /** Rows with a NULL key never match, so they are not kept. */
  void add(List<Object[]> rows) {
    for (Object[] row : rows) {
      if (longKey) {
        Object value = row[keyColumns[0]];
        if (value != null) {
          long key = ((Number) value).longValue();
          ArrayDeque<Object[]> sameKey = byLongKey.get(key);
          if (sameKey == null) {
            sameKey = new ArrayDeque<>(2);
            byLongKey.put(key, sameKey);
          }
          sameKey.addLast(row);
          arrivals.addLast(new Held(row, null, key, sameKey));
        }
        continue;
      }
      RowKey key = RowKey.of(row, keyColumns);
      if (!key.hasNull()) {
        ArrayDeque<Object[]> sameKey = byKey.computeIfAbsent(key, k -> new ArrayDeque<>(2));
        sameKey.addLast(row);
        arrivals.addLast(new Held(row, key, 0, sameKey));
      }
    }
  }

  /**
   * The rows held under the key that {@code probeKeys} of {@code probe} (a row of the other side)
   * hold, oldest first; empty for a NULL key.
   */
  Iterable<Object[]> matches(Object[] probe, int[] probeKeys) {
    ArrayDeque<Object[]> rows;
    if (longKey) {
      Object value = probe[probeKeys[0]];
      rows = value == null ? null : byLongKey.get(((Number) value).longValue());
    } else {
      RowKey key = RowKey.of(probe, probeKeys);
      rows = key.hasNull() ? null : byKey.get(key);
    }
    return rows == null ? List.of() : rows;
  }

  /**
   * Takes out a held row equal to {@code row} in every column (the one a -U or -D of the input
   * retracts) and returns it, or null when none is held.
   */
  Object[] remove(Object[] row) {
    ArrayDeque<Object[]> rows;
    Object longValue = longKey ? row[keyColumns[0]] : null;
    RowKey key = longKey ? null : RowKey.of(row, keyColumns);
    if (longKey) {
      rows = longValue == null ? null : byLongKey.get(((Number) longValue).longValue());
    } else {
      rows = key.hasNull() ? null : byKey.get(key);
    }
    if (rows == null) {
      return null;
    }
    for (Iterator<Object[]> it = rows.iterator(); it.hasNext(); ) {
      Object[] held = it.next();
      if (Arrays.equals(held, row)) {
        it.remove();
        if (rows.isEmpty()) {
          if (longKey) {
            byLongKey.remove(((Number) longValue).longValue());
          } else {
            byKey.remove(key);
          }
        }
        removed.add(held);
        if (removed.size() > 64 && removed.size() * 2 > arrivals.size()) {
          // taken-out rows are dropped from the arrival queue in bulk: amortised O(1) each
          arrivals.removeIf(h -> removed.contains(h.row()));
          removed.clear();
        }
        return held;
      }
    }
    return null;
  }

  /**
   * Drops rows, oldest arrivals first, while their time is before {@code before}; returns them (an
   * outer join pads those that never matched).
   */
  List<Object[]> evictBefore(long before) {
    List<Object[]> evicted = new ArrayList<>();
    while (!arrivals.isEmpty()
        && ((Number) arrivals.peekFirst().row()[timeColumn]).longValue() < before) {
      Held held = arrivals.pollFirst();
      if (removed.remove(held.row())) {
        continue;
      }
      evicted.add(held.row());
      ArrayDeque<Object[]> rows = held.rows();
      if (rows.peekFirst() == held.row()) {
        rows.pollFirst();
      } else {
        rows.removeFirstOccurrence(held.row());
      }
      if (rows.isEmpty()) {
        if (longKey) {
          byLongKey.remove(held.longKey());
        } else {
          byKey.remove(held.key());
        }
      }
    }
    return evicted;
  }

  long size() {
    return (long) arrivals.size() - removed.size();
  }

  /** Every row held, in arrival order. */
  List<Object[]> rows() {
    List<Object[]> rows = new ArrayList<>(arrivals.size());
    for (Held held : arrivals) {
      if (!removed.contains(held.row())) {
        rows.add(held.row());
      }
    }
    return rows;
  }

  void clear() {
    byKey.clear();
    byLongKey.clear();
    arrivals.clear();
    removed.clear();
  }

  /** A held row with its key and the queue of its key, so eviction needs no lookup. */
  private record Held(Object[] row, RowKey key, long longKey, ArrayDeque<Object[]> rows) {}
}
