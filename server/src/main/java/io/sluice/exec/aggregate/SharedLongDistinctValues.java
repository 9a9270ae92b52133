package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import it.unimi.dsi.fastutil.longs.Long2IntMap;
import it.unimi.dsi.fastutil.longs.Long2IntOpenHashMap;
import it.unimi.dsi.fastutil.objects.ObjectIterator;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct values of one long column for several {@code COUNT(DISTINCT column)} calls of one
 * aggregate that differ only in their FILTER (as Flink shares one distinct view among them): per
 * group, one map from value to a bitmask of the calls that have seen it, and each call's count. A
 * row costs one lookup however many of the calls take it, where separate sets cost one each. The
 * calls are {@link SharedLongCountDistinctAccumulator}s; the first of them (member 0) drives the
 * shared work.
 */
final class SharedLongDistinctValues {
  /** At most this many calls share one map: one bit each in an int. */
  static final int MAX_MEMBERS = Integer.SIZE - 1;

  private final int argument;
  private final int[] filterColumns;
  private Long2IntOpenHashMap[] maps = new Long2IntOpenHashMap[16];
  // counts[member][group]: how many values of the group the member has seen
  private final int[][] counts;

  /**
   * @param argument the input column counted
   * @param filterColumns each member's FILTER flag column, or -1
   */
  SharedLongDistinctValues(int argument, List<Integer> filterColumns) {
    if (filterColumns.isEmpty() || filterColumns.size() > MAX_MEMBERS) {
      throw new IllegalArgumentException("Members: " + filterColumns.size());
    }
    this.argument = argument;
    this.filterColumns = filterColumns.stream().mapToInt(Integer::intValue).toArray();
    this.counts = new int[this.filterColumns.length][16];
  }

  int members() {
    return filterColumns.length;
  }

  void ensureGroups(int groupCount) {
    if (groupCount > maps.length) {
      int size = Math.max(groupCount, maps.length * 2);
      maps = Arrays.copyOf(maps, size);
      for (int m = 0; m < counts.length; m++) {
        counts[m] = Arrays.copyOf(counts[m], size);
      }
    }
  }

  int count(int member, int group) {
    return counts[member][group];
  }

  /** Folds the rows into their groups for every member whose FILTER takes them. */
  void accumulate(Batch input, int[] rows, int[] groups, int count) {
    LongVector values = (LongVector) input.column(argument);
    long[] data = values.values();
    boolean nulls = values.hasNulls();
    ColumnVector[] filters = new ColumnVector[filterColumns.length];
    for (int m = 0; m < filters.length; m++) {
      filters[m] = filterColumns[m] < 0 ? null : input.column(filterColumns[m]);
    }
    for (int i = 0; i < count; i++) {
      int row = rows[i];
      if (nulls && values.isNull(row)) {
        continue;
      }
      int mask = 0;
      for (int m = 0; m < filters.length; m++) {
        if (Accumulator.passes(filters[m], row)) {
          mask |= 1 << m;
        }
      }
      if (mask == 0) {
        continue;
      }
      int group = groups[i];
      Long2IntOpenHashMap map = maps[group];
      if (map == null) {
        map = new Long2IntOpenHashMap(4);
        maps[group] = map;
      }
      long value = data[row];
      int seen = map.get(value);
      int added = mask & ~seen;
      if (added != 0) {
        map.put(value, seen | mask);
        countAdded(added, group);
      }
    }
  }

  private void countAdded(int added, int group) {
    for (int bits = added; bits != 0; bits &= bits - 1) {
      counts[Integer.numberOfTrailingZeros(bits)][group]++;
    }
  }

  /** Folds group {@code from} into {@code into} and empties {@code from} (sessions merging). */
  void merge(int from, int into) {
    combine(from, into);
    reset(from);
  }

  /** Folds group {@code from} into {@code into}, leaving {@code from} as it was. */
  void combine(int from, int into) {
    Long2IntOpenHashMap source = maps[from];
    if (source == null) {
      return;
    }
    Long2IntOpenHashMap target = maps[into];
    if (target == null) {
      target = new Long2IntOpenHashMap(source.size());
      maps[into] = target;
    }
    for (ObjectIterator<Long2IntMap.Entry> entries = source.long2IntEntrySet().fastIterator();
        entries.hasNext(); ) {
      Long2IntMap.Entry entry = entries.next();
      int seen = target.get(entry.getLongKey());
      int added = entry.getIntValue() & ~seen;
      if (added != 0) {
        target.put(entry.getLongKey(), seen | added);
        countAdded(added, into);
      }
    }
  }

  /** Empties a group for every member. */
  void reset(int group) {
    maps[group] = null;
    for (int[] memberCounts : counts) {
      memberCounts[group] = 0;
    }
  }

  /** Takes one member's values out of a group, leaving the others'. */
  void reset(int member, int group) {
    Long2IntOpenHashMap map = maps[group];
    counts[member][group] = 0;
    if (map == null) {
      return;
    }
    int bit = 1 << member;
    for (ObjectIterator<Long2IntMap.Entry> entries = map.long2IntEntrySet().fastIterator();
        entries.hasNext(); ) {
      Long2IntMap.Entry entry = entries.next();
      int rest = entry.getIntValue() & ~bit;
      if (rest == 0) {
        entries.remove();
      } else if (rest != entry.getIntValue()) {
        entry.setValue(rest);
      }
    }
  }

  /** Adds a value to one member's distinct values of a group (restoring a checkpoint). */
  void add(int member, int group, long value) {
    Long2IntOpenHashMap map = maps[group];
    if (map == null) {
      map = new Long2IntOpenHashMap(4);
      maps[group] = map;
    }
    int seen = map.get(value);
    int bit = 1 << member;
    if ((seen & bit) == 0) {
      map.put(value, seen | bit);
      counts[member][group]++;
    }
  }

  /** One member's distinct values of a group, in the map's order. */
  long[] values(int member, int group) {
    Long2IntOpenHashMap map = maps[group];
    if (map == null) {
      return new long[0];
    }
    int bit = 1 << member;
    long[] values = new long[counts[member][group]];
    int n = 0;
    for (ObjectIterator<Long2IntMap.Entry> entries = map.long2IntEntrySet().fastIterator();
        entries.hasNext(); ) {
      Long2IntMap.Entry entry = entries.next();
      if ((entry.getIntValue() & bit) != 0) {
        values[n++] = entry.getLongKey();
      }
    }
    return values;
  }

  /** Rough heap bytes of a group's map (a long and an int a value, at the default load factor). */
  long bytes(int group) {
    return maps[group] == null ? 8 : 48 + 16L * maps[group].size();
  }
}
