package io.sluice.exec.operator;

import it.unimi.dsi.fastutil.longs.Long2ObjectOpenHashMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
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

  /**
   * Rows taken out by {@link #remove} or evicted through {@link #deadlines} that are still in
   * {@link #arrivals}, skipped there.
   */
  private final Set<Object[]> removed = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * When rows do not arrive in the order of their time column (an auction's expiry): the held rows
   * by that time, which {@link #evictBefore} takes from instead of the arrival queue; else null.
   */
  private final PriorityQueue<Held> deadlines;

  /**
   * @param timeColumn the column {@link #evictBefore} reads; -1 for a join that never evicts
   * @param longKey the key is one column whose values are {@link Long}s
   * @param arrivalOrdered rows arrive roughly in the order of {@code timeColumn} (the side's own
   *     time), so eviction walks the arrival queue; otherwise it keeps them ordered by it
   */
  JoinSideState(int[] keyColumns, int timeColumn, boolean longKey, boolean arrivalOrdered) {
    this.keyColumns = keyColumns.clone();
    this.timeColumn = timeColumn;
    this.longKey = longKey && keyColumns.length == 1;
    this.deadlines =
        arrivalOrdered || timeColumn < 0
            ? null
            : new PriorityQueue<>(Comparator.comparingLong(held -> deadline(held.row())));
  }

  /** A row's time, Long.MIN_VALUE when NULL: a NULL bound can meet no row. */
  private long deadline(Object[] row) {
    return row[timeColumn] instanceof Number time ? time.longValue() : Long.MIN_VALUE;
  }

  private void hold(Held held) {
    arrivals.addLast(held);
    if (deadlines != null) {
      deadlines.add(held);
    }
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
          hold(new Held(row, null, key, sameKey));
        }
        continue;
      }
      RowKey key = RowKey.of(row, keyColumns);
      if (!key.hasNull()) {
        ArrayDeque<Object[]> sameKey = byKey.computeIfAbsent(key, k -> new ArrayDeque<>(2));
        sameKey.addLast(row);
        hold(new Held(row, key, 0, sameKey));
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
        if (deadlines != null) {
          deadlines.removeIf(h -> h.row() == held);
        }
        purgeRemoved();
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
    if (deadlines != null) {
      return evictByDeadline(before);
    }
    List<Object[]> evicted = new ArrayList<>();
    // a NULL time (a column bound such as an auction's expiry left empty) can meet no row
    while (!arrivals.isEmpty()
        && (!(arrivals.peekFirst().row()[timeColumn] instanceof Number time)
            || time.longValue() < before)) {
      Held held = arrivals.pollFirst();
      if (removed.remove(held.row())) {
        continue;
      }
      evicted.add(held.row());
      unindex(held);
    }
    return evicted;
  }

  private List<Object[]> evictByDeadline(long before) {
    List<Object[]> evicted = new ArrayList<>();
    while (!deadlines.isEmpty() && deadline(deadlines.peek().row()) < before) {
      Held held = deadlines.poll();
      evicted.add(held.row());
      unindex(held);
      removed.add(held.row());
    }
    purgeRemoved();
    return evicted;
  }

  /** Takes a held row out of its key's queue, and the queue out of the index once empty. */
  private void unindex(Held held) {
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

  /** Taken-out rows leave the arrival queue in bulk: amortised O(1) each. */
  private void purgeRemoved() {
    if (removed.size() > 64 && removed.size() * 2 > arrivals.size()) {
      arrivals.removeIf(h -> removed.contains(h.row()));
      removed.clear();
    }
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
    if (deadlines != null) {
      deadlines.clear();
    }
    byKey.clear();
    byLongKey.clear();
    arrivals.clear();
    removed.clear();
  }

  /** A held row with its key and the queue of its key, so eviction needs no lookup. */
  private record Held(Object[] row, RowKey key, long longKey, ArrayDeque<Object[]> rows) {}
}
