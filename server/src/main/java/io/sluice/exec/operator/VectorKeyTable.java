package io.sluice.exec.operator;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.batch.ObjectVector;
import it.unimi.dsi.fastutil.HashCommon;
import java.util.Arrays;
import java.util.Objects;

/**
 * Slots of a {@link RowStore} by the values of their key columns, looked up straight from a batch's
 * vectors: no key object per row and no boxing. Keys are equal as {@link RowKey}s are (NULL equals
 * NULL, doubles by {@link Double#equals}). Slots of removed keys are handed out again.
 */
final class VectorKeyTable {
  private static final long MULTIPLIER = 0x9E3779B97F4A7C15L;

  private final ColumnVector[] stored;
  private final int[] storedColumns;
  private final int[] keyColumns;
  // positions hold the key's hash (high half) and slot + 1 (low half), 0 for empty, so a probe
  // compares hashes without reading the slot's; linear probing from the mixed hash; at most 3/4
  // full
  private long[] positions = new long[32];
  private int mask = positions.length - 1;
  private int[] hashes = new int[16];
  private boolean[] live = new boolean[16];
  private int[] free = new int[16];
  private int freeCount;
  private int nextSlot;
  private int size;

  /**
   * @param store the rows whose key columns the table compares with; a slot's key must be in it
   *     before the next lookup
   * @param keyColumns the key's column positions, in the store and in the batches looked up alike
   */
  VectorKeyTable(RowStore store, int[] keyColumns) {
    this(store, keyColumns, keyColumns);
  }

  /**
   * @param storedColumns the key's column positions in the store
   * @param keyColumns the key's column positions in the batches looked up, in the same order
   */
  VectorKeyTable(RowStore store, int[] storedColumns, int[] keyColumns) {
    this.stored = requireNonNull(store, "store is null").columns();
    this.storedColumns = storedColumns.clone();
    this.keyColumns = keyColumns.clone();
    if (storedColumns.length != keyColumns.length) {
      throw new IllegalArgumentException("key widths differ");
    }
  }

  /** The hash of row {@code row}'s key in {@code columns}. */
  int hash(ColumnVector[] columns, int row) {
    return hash(columns, keyColumns, row);
  }

  /** The hash of the key the store holds in slot {@code slot}, live or not. */
  int hashOfSlot(int slot) {
    return hash(stored, storedColumns, slot);
  }

  /**
   * The live slot holding the same key as slot {@code slot} (written but not added, say a restored
   * row's), or -1.
   */
  int findSlot(int slot, int hash) {
    return find(stored, storedColumns, slot, hash);
  }

  private static int hash(ColumnVector[] columns, int[] keyPositions, int row) {
    long h = 0;
    for (int column : keyPositions) {
      ColumnVector vector = columns[column];
      long value;
      if (vector.isNull(row)) {
        value = 0x5bd1e995L;
      } else if (vector instanceof LongVector longs) {
        value = longs.get(row);
      } else if (vector instanceof DoubleVector doubles) {
        value = Double.doubleToLongBits(doubles.get(row));
      } else {
        value = ((ObjectVector) vector).get(row).hashCode();
      }
      h = (h ^ value) * MULTIPLIER;
    }
    return (int) (h ^ (h >>> 32));
  }

  /** The slot holding row {@code row}'s key, or -1. */
  int find(ColumnVector[] columns, int row, int hash) {
    return find(columns, keyColumns, row, hash);
  }

  private int find(ColumnVector[] columns, int[] keyPositions, int row, int hash) {
    int pos = HashCommon.mix(hash) & mask;
    for (long entry = positions[pos]; entry != 0; entry = positions[pos]) {
      if ((int) (entry >>> 32) == hash) {
        int slot = (int) entry - 1;
        if (sameKey(columns, keyPositions, row, slot)) {
          return slot;
        }
      }
      pos = (pos + 1) & mask;
    }
    return -1;
  }

  private boolean sameKey(ColumnVector[] columns, int[] keyPositions, int row, int slot) {
    for (int k = 0; k < keyPositions.length; k++) {
      ColumnVector vector = columns[keyPositions[k]];
      ColumnVector kept = stored[storedColumns[k]];
      boolean isNull = vector.isNull(row);
      if (isNull != kept.isNull(slot)) {
        return false;
      }
      if (isNull) {
        continue;
      }
      boolean equal;
      if (vector instanceof LongVector longs) {
        equal = longs.get(row) == ((LongVector) kept).get(slot);
      } else if (vector instanceof DoubleVector doubles) {
        equal =
            Double.doubleToLongBits(doubles.get(row))
                == Double.doubleToLongBits(((DoubleVector) kept).get(slot));
      } else {
        equal = Objects.equals(((ObjectVector) vector).get(row), ((ObjectVector) kept).get(slot));
      }
      if (!equal) {
        return false;
      }
    }
    return true;
  }

  /**
   * A slot for a new key of hash {@code hash}, which {@link #find} answered -1 for: the caller
   * writes the key into the store's slot before the next lookup.
   */
  int add(int hash) {
    int slot = freeCount > 0 ? free[--freeCount] : nextSlot++;
    if (slot >= hashes.length) {
      int length = Math.max(slot + 1, hashes.length * 2);
      hashes = Arrays.copyOf(hashes, length);
      live = Arrays.copyOf(live, length);
    }
    hashes[slot] = hash;
    live[slot] = true;
    int pos = HashCommon.mix(hash) & mask;
    while (positions[pos] != 0) {
      pos = (pos + 1) & mask;
    }
    positions[pos] = entry(hash, slot);
    size++;
    if (size * 4L > positions.length * 3L) {
      rehash(positions.length * 2);
    }
    return slot;
  }

  /** Forgets slot {@code slot}'s key; the slot is handed out again. */
  void remove(int slot) {
    int pos = HashCommon.mix(hashes[slot]) & mask;
    while (positions[pos] != entry(hashes[slot], slot)) {
      pos = (pos + 1) & mask;
    }
    shiftKeys(pos);
    live[slot] = false;
    size--;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = slot;
  }

  /** Whether slot {@code slot} holds a key. */
  boolean isLive(int slot) {
    return slot < nextSlot && live[slot];
  }

  /** One past the highest slot ever handed out: the size arrays indexed by slot need. */
  int slotLimit() {
    return nextSlot;
  }

  int size() {
    return size;
  }

  /** The slots holding a key, in slot order. */
  int[] liveSlots() {
    int[] slots = new int[size];
    int count = 0;
    for (int slot = 0; slot < nextSlot; slot++) {
      if (live[slot]) {
        slots[count++] = slot;
      }
    }
    return slots;
  }

  private static long entry(int hash, int slot) {
    return ((long) hash << 32) | (slot + 1L);
  }

  private void rehash(int capacity) {
    positions = new long[capacity];
    mask = capacity - 1;
    for (int slot = 0; slot < nextSlot; slot++) {
      if (live[slot]) {
        int pos = HashCommon.mix(hashes[slot]) & mask;
        while (positions[pos] != 0) {
          pos = (pos + 1) & mask;
        }
        positions[pos] = entry(hashes[slot], slot);
      }
    }
  }

  /**
   * Empties position {@code pos} and moves later entries of its probe run back (fastutil's deletion
   * for linear probing), so no lookup stops short at the hole.
   */
  private void shiftKeys(int pos) {
    while (true) {
      int last = pos;
      pos = (pos + 1) & mask;
      long current;
      while (true) {
        current = positions[pos];
        if (current == 0) {
          positions[last] = 0;
          return;
        }
        int home = HashCommon.mix((int) (current >>> 32)) & mask;
        if (last <= pos ? last >= home || home > pos : last >= home && home > pos) {
          break;
        }
        pos = (pos + 1) & mask;
      }
      positions[last] = current;
    }
  }
}
