package io.sluice.exec.aggregate;

import java.util.Arrays;

/**
 * A {@link GroupTable} for keys whose columns all live in long vectors (integers, timestamps,
 * dates, booleans): keys are stored flat in a {@code long[]} and found by open addressing, so
 * finding a row's group allocates nothing and touches two arrays instead of a chain of boxed
 * objects. NULL key values are kept in a per-group bit mask.
 */
final class LongKeyGroupTable implements GroupTable {
  private static final int EMPTY = 0;

  private final int width;

  /** Key values of group id at {@code [id * width, (id + 1) * width)}. */
  private long[] keys;

  private long[] nullMasks;
  private int[] hashes;
  private boolean[] live;

  /** Open-addressing slots holding {@code id + 1}, or {@link #EMPTY}. */
  private int[] slots;

  private int[] free = new int[16];
  private int freeCount;
  private int nextId;
  private int size;
  private boolean lastWasNew;

  LongKeyGroupTable(int width) {
    if (width < 1 || width > Long.SIZE) {
      throw new IllegalArgumentException("width must be 1.." + Long.SIZE + ": " + width);
    }
    this.width = width;
    this.keys = new long[16 * width];
    this.nullMasks = new long[16];
    this.hashes = new int[16];
    this.live = new boolean[16];
    this.slots = new int[64];
  }

  /**
   * Id of the group with these key values ({@code nulls} bit k set: value k is NULL, its slot in
   * {@code values} ignored), creating it if new.
   */
  int idOf(long[] values, long nulls) {
    int hash = hash(values, nulls);
    int mask = slots.length - 1;
    int slot = hash & mask;
    while (slots[slot] != EMPTY) {
      int id = slots[slot] - 1;
      if (hashes[id] == hash && nullMasks[id] == nulls && sameKey(id, values, nulls)) {
        lastWasNew = false;
        return id;
      }
      slot = (slot + 1) & mask;
    }
    int id = freeCount > 0 ? free[--freeCount] : nextId++;
    ensureIds(id + 1);
    int base = id * width;
    for (int k = 0; k < width; k++) {
      keys[base + k] = (nulls & (1L << k)) != 0 ? 0 : values[k];
    }
    nullMasks[id] = nulls;
    hashes[id] = hash;
    live[id] = true;
    slots[slot] = id + 1;
    size++;
    if (size * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    lastWasNew = true;
    return id;
  }

  @Override
  public int idOf(Object[] keyValues) {
    long[] values = new long[width];
    long nulls = 0;
    for (int k = 0; k < width; k++) {
      Object value = keyValues[k];
      if (value == null) {
        nulls |= 1L << k;
      } else {
        values[k] =
            value instanceof Boolean ? ((Boolean) value ? 1 : 0) : ((Number) value).longValue();
      }
    }
    return idOf(values, nulls);
  }

  @Override
  public boolean isNew() {
    return lastWasNew;
  }

  @Override
  public Object[] keyOf(int id) {
    Object[] key = new Object[width];
    int base = id * width;
    for (int k = 0; k < width; k++) {
      key[k] = (nullMasks[id] & (1L << k)) != 0 ? null : (Object) keys[base + k];
    }
    return key;
  }

  /** Key value {@code k} of a live group, unboxed (0 when NULL; see {@link #nullMask}). */
  long value(int id, int k) {
    return keys[id * width + k];
  }

  /** The NULL mask of a live group's key: bit k set when value k is NULL. */
  long nullMask(int id) {
    return nullMasks[id];
  }

  @Override
  public int capacity() {
    return nextId;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean contains(int id) {
    return id < nextId && live[id];
  }

  @Override
  public void remove(int id) {
    int mask = slots.length - 1;
    int slot = hashes[id] & mask;
    while (slots[slot] != id + 1) {
      slot = (slot + 1) & mask;
    }
    // Backward-shift deletion keeps every probe chain unbroken without tombstones.
    int next = (slot + 1) & mask;
    while (slots[next] != EMPTY) {
      int ideal = hashes[slots[next] - 1] & mask;
      boolean movable =
          slot <= next ? ideal <= slot || ideal > next : ideal <= slot && ideal > next;
      if (movable) {
        slots[slot] = slots[next];
        slot = next;
      }
      next = (next + 1) & mask;
    }
    slots[slot] = EMPTY;
    live[id] = false;
    size--;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = id;
  }

  @Override
  public long keyBytes(int id) {
    return 8L * width + 8 + 4 + 1 + 8;
  }

  private boolean sameKey(int id, long[] values, long nulls) {
    int base = id * width;
    for (int k = 0; k < width; k++) {
      if ((nulls & (1L << k)) == 0 && keys[base + k] != values[k]) {
        return false;
      }
    }
    return true;
  }

  private int hash(long[] values, long nulls) {
    long h = nulls * 0x9E3779B97F4A7C15L;
    for (int k = 0; k < width; k++) {
      if ((nulls & (1L << k)) == 0) {
        h = (h ^ values[k]) * 0xC2B2AE3D27D4EB4FL;
        h ^= h >>> 29;
      }
    }
    return (int) (h ^ (h >>> 32));
  }

  private void ensureIds(int count) {
    if (count <= hashes.length) {
      return;
    }
    int capacity = Math.max(count, hashes.length * 2);
    keys = Arrays.copyOf(keys, capacity * width);
    nullMasks = Arrays.copyOf(nullMasks, capacity);
    hashes = Arrays.copyOf(hashes, capacity);
    live = Arrays.copyOf(live, capacity);
  }

  private void rehash(int capacity) {
    int[] rehashed = new int[capacity];
    int mask = capacity - 1;
    for (int id = 0; id < nextId; id++) {
      if (live[id]) {
        int slot = hashes[id] & mask;
        while (rehashed[slot] != EMPTY) {
          slot = (slot + 1) & mask;
        }
        rehashed[slot] = id + 1;
      }
    }
    slots = rehashed;
  }
}
