package io.sluice.exec.aggregate;

import it.unimi.dsi.fastutil.HashCommon;
import it.unimi.dsi.fastutil.ints.IntOpenHashSet;
import java.util.Arrays;

/**
 * Up to eight bits per long value per group: for {@link SharedLongDistinctValues}, which of a
 * group's COUNT(DISTINCT) calls have seen the value. A group's values start in an open-addressing
 * table of its own, a bare array with each value beside its bits, so that a row of a group not seen
 * for a while costs one array's cache misses (no map object, no separate key and value arrays) and
 * one probe. Once a group's table holds enough values lying densely in [0, 2^31), they move to
 * {@link LongBitPages}; values whose pages would cost too much stay in the table.
 */
final class GroupedLongBitmasks {
  /** The bits a value can carry. */
  static final int MAX_BITS = Byte.SIZE;

  private static final int MIN_CAPACITY = 8;
  private static final int FIRST_CHECK = 1024;
  // rows whose table slots touchAhead reads together
  private static final int TOUCH_AHEAD = 64;
  // below this many slots a full table grows fourfold: 8, 32, 128, then doubling
  private static final int SMALL_TABLE = 64;

  // per group: slot i holds the value at 2i and its bits at 2i+1 (bits 0: empty); null if empty
  private long[][] tables;
  // per group: the table's slots - 1, kept apart so a probe need not wait for the array's length
  private int[] masks;
  private int[] sizes;
  private LongBitPages[] pages;

  // written by touchAhead so that the JIT keeps its loads; never read
  @SuppressWarnings("UnusedVariable")
  private long touched;

  GroupedLongBitmasks(int groups) {
    tables = new long[groups][];
    masks = new int[groups];
    sizes = new int[groups];
    pages = new LongBitPages[groups];
  }

  /** Receives a value and bits of it. */
  interface ValueBits {
    void accept(long value, int bits);
  }

  void ensureGroups(int groupCount) {
    if (groupCount > tables.length) {
      int size = Math.max(groupCount, tables.length * 2);
      tables = Arrays.copyOf(tables, size);
      masks = Arrays.copyOf(masks, size);
      sizes = Arrays.copyOf(sizes, size);
      pages = Arrays.copyOf(pages, size);
    }
  }

  /** Sets {@code bits} on a group's {@code value}, returning those it did not have. */
  int add(int group, long value, int bits) {
    LongBitPages paged = pages[group];
    if (paged != null && LongBitPages.pageable(value)) {
      byte[] page = paged.page(value);
      if (page == null) {
        page = paged.addPage(value, sizes[group]);
      }
      if (page != null) {
        int slot = LongBitPages.slot(value);
        int had = page[slot] & 0xFF;
        int seen = paged.mixed(value) ? had | get(group, value) : had;
        int added = bits & ~seen;
        if (added != 0) {
          if (had == 0) {
            paged.counted();
          }
          page[slot] = (byte) (had | added);
        }
        return added;
      }
    }
    return bits == 0 ? 0 : addToTable(group, value, bits);
  }

  /**
   * At every {@value #TOUCH_AHEAD}th of a batch's {@code count} rows, reads the table slot each of
   * that row and the next ones will probe first, so that the {@link #add}s that follow find it in
   * cache: a batch's rows go to groups all over memory, and loads that depend on nothing before
   * them wait for memory together instead of one at a time. Call it for each row {@code i} in turn.
   */
  void touchAhead(int[] groups, int[] rows, long[] data, int i, int count) {
    if (i % TOUCH_AHEAD != 0) {
      return;
    }
    long seen = 0;
    for (int r = i, to = Math.min(count, i + TOUCH_AHEAD); r < to; r++) {
      long[] table = tables[groups[r]];
      if (table != null) {
        seen += table[2 * ((int) HashCommon.mix(data[rows[r]]) & masks[groups[r]])];
      }
    }
    touched = seen;
  }

  /** Empties a group. */
  void reset(int group) {
    tables[group] = null;
    sizes[group] = 0;
    pages[group] = null;
  }

  /** Takes {@code bits} off every value of a group, dropping the values left with none. */
  void clear(int group, int bits) {
    if (pages[group] != null) {
      pages[group].clear(bits);
    }
    long[] table = tables[group];
    if (table != null) {
      for (int i = 1; i < table.length; i += 2) {
        table[i] &= ~bits;
      }
      rebuild(group);
    }
  }

  /**
   * Every value of a group with its bits, in no particular order; a value of a mixed page may come
   * twice, with bits in neither delivery in the other.
   */
  void forEach(int group, ValueBits action) {
    if (pages[group] != null) {
      pages[group].forEach(action);
    }
    long[] table = tables[group];
    if (table != null) {
      for (int i = 0; i < table.length; i += 2) {
        if (table[i + 1] != 0) {
          action.accept(table[i], (int) table[i + 1]);
        }
      }
    }
  }

  /** The {@code count} values of a group that have {@code bit}, in no particular order. */
  long[] values(int group, int bit, int count) {
    long[] values = new long[count];
    int[] n = {0};
    forEach(
        group,
        (value, bits) -> {
          if ((bits & bit) != 0) {
            values[n[0]++] = value;
          }
        });
    return values;
  }

  /** Rough heap bytes of a group's values. */
  long bytes(int group) {
    long bytes = 16;
    if (tables[group] != null) {
      bytes += 16 + 8L * tables[group].length;
    }
    if (pages[group] != null) {
      bytes += pages[group].bytes();
    }
    return bytes;
  }

  /** Whether some of a group's values are in pages (for tests). */
  boolean paged(int group) {
    return pages[group] != null;
  }

  private int get(int group, long value) {
    long[] table = tables[group];
    if (table == null) {
      return 0;
    }
    int mask = masks[group];
    for (int slot = (int) HashCommon.mix(value) & mask; ; slot = (slot + 1) & mask) {
      long bits = table[2 * slot + 1];
      if (bits == 0 || table[2 * slot] == value) {
        return (int) bits;
      }
    }
  }

  private int addToTable(int group, long value, int bits) {
    long[] table = tables[group];
    if (table == null) {
      table = new long[2 * MIN_CAPACITY];
      tables[group] = table;
      masks[group] = MIN_CAPACITY - 1;
    }
    int mask = masks[group];
    int slot = (int) HashCommon.mix(value) & mask;
    while (true) {
      int had = (int) table[2 * slot + 1];
      if (had == 0) {
        table[2 * slot] = value;
        table[2 * slot + 1] = bits;
        int size = ++sizes[group];
        if (size > (mask + 1) / 4 * 3) {
          int capacity = grownCapacity(mask + 1);
          tables[group] = refill(table, capacity);
          masks[group] = capacity - 1;
        }
        if (size >= FIRST_CHECK && (size & (size - 1)) == 0 && pages[group] == null) {
          pageIfDense(group);
        }
        return bits;
      }
      if (table[2 * slot] == value) {
        table[2 * slot + 1] = had | bits;
        return bits & ~had;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** Moves a group's values to pages if the pages they need cost no more than its table. */
  private void pageIfDense(int group) {
    IntOpenHashSet indexes = new IntOpenHashSet();
    int[] maxIndex = {-1};
    int[] inRange = {0};
    forEach(
        group,
        (value, bits) -> {
          if (LongBitPages.pageable(value)) {
            indexes.add(LongBitPages.index(value));
            maxIndex[0] = Math.max(maxIndex[0], LongBitPages.index(value));
            inRange[0]++;
          }
        });
    if (inRange[0] == 0
        || LongBitPages.cost(maxIndex[0], indexes.size())
            > (long) LongBitPages.BYTES_PER_VALUE * inRange[0]) {
      return;
    }
    LongBitPages paged = new LongBitPages(maxIndex[0]);
    long[] table = tables[group];
    for (int i = 0; i < table.length; i += 2) {
      if (table[i + 1] != 0 && LongBitPages.pageable(table[i])) {
        paged.put(table[i], (int) table[i + 1]);
        table[i + 1] = 0;
      }
    }
    pages[group] = paged;
    rebuild(group);
  }

  /** Sizes a group's table to its values, after some lost their bits. */
  private void rebuild(int group) {
    long[] table = tables[group];
    int live = 0;
    for (int i = 1; i < table.length; i += 2) {
      if (table[i] != 0) {
        live++;
      }
    }
    sizes[group] = live;
    if (live == 0) {
      tables[group] = null;
      return;
    }
    int capacity = MIN_CAPACITY;
    while (live > capacity / 4 * 3) {
      capacity *= 2;
    }
    tables[group] = refill(table, capacity);
    masks[group] = capacity - 1;
  }

  /**
   * The capacity a full table of {@code capacity} slots grows to: four times while small, twice
   * after. A group on its way to a hundred values (most groups of a many-group aggregate get no
   * further) is refilled three times instead of five and ends in a table of the same size; a table
   * grown fourfold and left a quarter full wastes at most 1 KB.
   */
  private static int grownCapacity(int capacity) {
    return capacity < SMALL_TABLE ? 4 * capacity : 2 * capacity;
  }

  private static long[] refill(long[] old, int capacity) {
    long[] table = new long[2 * capacity];
    int mask = capacity - 1;
    for (int i = 0; i < old.length; i += 2) {
      long bits = old[i + 1];
      if (bits == 0) {
        continue;
      }
      int slot = (int) HashCommon.mix(old[i]) & mask;
      while (table[2 * slot + 1] != 0) {
        slot = (slot + 1) & mask;
      }
      table[2 * slot] = old[i];
      table[2 * slot + 1] = bits;
    }
    return table;
  }
}
