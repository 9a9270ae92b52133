package io.sluice.exec.aggregate;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import java.util.Arrays;
import java.util.List;

/**
 * The distinct values of one long column for several {@code COUNT(DISTINCT column)} calls of one
 * aggregate that differ only in their FILTER (as Flink shares one distinct view among them): per
 * group, the bitmask of the calls that have seen each value ({@link GroupedLongBitmasks}), and each
 * call's count. A row costs one lookup however many of the calls take it, where separate sets cost
 * one each. The calls are {@link SharedLongCountDistinctAccumulator}s; the first of them (member 0)
 * drives the shared work.
 */
final class SharedLongDistinctValues {
  /** At most this many calls share one map: one bit each. */
  static final int MAX_MEMBERS = GroupedLongBitmasks.MAX_BITS;

  private final int argument;
  private final int[] filterColumns;
  private final GroupedLongBitmasks masks = new GroupedLongBitmasks(16);
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
    if (groupCount > counts[0].length) {
      int size = Math.max(groupCount, counts[0].length * 2);
      masks.ensureGroups(size);
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
      masks.touchAhead(groups, rows, data, i, count);
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
      int added = masks.add(group, data[row], mask);
      if (added != 0) {
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
    masks.forEach(
        from,
        (value, bits) -> {
          int added = masks.add(into, value, bits);
          if (added != 0) {
            countAdded(added, into);
          }
        });
  }

  /** Empties a group for every member. */
  void reset(int group) {
    masks.reset(group);
    for (int[] memberCounts : counts) {
      memberCounts[group] = 0;
    }
  }

  /** Takes one member's values out of a group, leaving the others'. */
  void reset(int member, int group) {
    counts[member][group] = 0;
    masks.clear(group, 1 << member);
  }

  /** Adds a value to one member's distinct values of a group (restoring a checkpoint). */
  void add(int member, int group, long value) {
    if (masks.add(group, value, 1 << member) != 0) {
      counts[member][group]++;
    }
  }

  /** One member's distinct values of a group, in no particular order. */
  long[] values(int member, int group) {
    return masks.values(group, 1 << member, counts[member][group]);
  }

  /** Rough heap bytes of a group's values. */
  long bytes(int group) {
    return masks.bytes(group);
  }
}
