package io.sluice.exec.aggregate;

import it.unimi.dsi.fastutil.HashCommon;
import java.util.Arrays;

/**
 * A {@link GroupTable} for keys of any types: an open-addressing table of group ids over the keys'
 * own hashes ({@link Arrays#hashCode}, equal by {@link Arrays#equals}, as a {@code RowKey}), so a
 * lookup wraps nothing and unboxes nothing.
 */
final class ObjectKeyGroupTable implements GroupTable {
  // slots hold id + 1, 0 for empty; linear probing from the mixed hash; at most 3/4 full
  private int[] slots = new int[32];
  private int mask = slots.length - 1;
  private Object[][] keys = new Object[16][];
  private int[] hashes = new int[16];
  private int[] free = new int[16];
  private int freeCount;
  private int nextId;
  private int size;
  private boolean lastWasNew;

  @Override
  public int idOf(Object[] keyValues) {
    int hash = Arrays.hashCode(keyValues);
    int pos = HashCommon.mix(hash) & mask;
    for (int slot = slots[pos]; slot != 0; slot = slots[pos]) {
      int id = slot - 1;
      if (hashes[id] == hash && Arrays.equals(keys[id], keyValues)) {
        lastWasNew = false;
        return id;
      }
      pos = (pos + 1) & mask;
    }
    int newId = freeCount > 0 ? free[--freeCount] : nextId++;
    if (newId >= keys.length) {
      int length = Math.max(newId + 1, keys.length * 2);
      keys = Arrays.copyOf(keys, length);
      hashes = Arrays.copyOf(hashes, length);
    }
    keys[newId] = keyValues.clone();
    hashes[newId] = hash;
    slots[pos] = newId + 1;
    size++;
    lastWasNew = true;
    if (size * 4L > slots.length * 3L) {
      rehash(slots.length * 2);
    }
    return newId;
  }

  private void rehash(int capacity) {
    slots = new int[capacity];
    mask = capacity - 1;
    for (int id = 0; id < nextId; id++) {
      if (keys[id] != null) {
        int pos = HashCommon.mix(hashes[id]) & mask;
        while (slots[pos] != 0) {
          pos = (pos + 1) & mask;
        }
        slots[pos] = id + 1;
      }
    }
  }

  @Override
  public boolean isNew() {
    return lastWasNew;
  }

  @Override
  public Object[] keyOf(int id) {
    return keys[id];
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
    return id < nextId && keys[id] != null;
  }

  @Override
  public void remove(int id) {
    int pos = HashCommon.mix(hashes[id]) & mask;
    while (slots[pos] != id + 1) {
      pos = (pos + 1) & mask;
    }
    shiftKeys(pos);
    keys[id] = null;
    size--;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = id;
  }

  /**
   * Empties slot {@code pos} and moves later entries of its probe run back (fastutil's deletion for
   * linear probing), so no lookup stops short at the hole.
   */
  private void shiftKeys(int pos) {
    while (true) {
      int last = pos;
      pos = (pos + 1) & mask;
      int current;
      while (true) {
        current = slots[pos];
        if (current == 0) {
          slots[last] = 0;
          return;
        }
        int home = HashCommon.mix(hashes[current - 1]) & mask;
        if (last <= pos ? last >= home || home > pos : last >= home && home > pos) {
          break;
        }
        pos = (pos + 1) & mask;
      }
      slots[last] = current;
    }
  }

  @Override
  public long keyBytes(int id) {
    long bytes = 48;
    for (Object value : keys[id]) {
      bytes += value instanceof String ? 40 + 2L * ((String) value).length() : 24;
    }
    return bytes;
  }
}
