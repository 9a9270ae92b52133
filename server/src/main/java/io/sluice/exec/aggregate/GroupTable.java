package io.sluice.exec.aggregate;

import io.sluice.exec.operator.RowKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Assigns dense ids to group keys and remembers each group's key values. Ids of removed groups
 * are reused, so accumulator arrays stay as large as the most groups ever open at once.
 */
final class GroupTable {
  private final Map<RowKey, Integer> ids = new HashMap<>();
  private Object[][] keys = new Object[16][];
  private int[] free = new int[16];
  private int freeCount;
  private int nextId;

  /** Id of the group with these key values, creating it if new; see {@link #isNew}. */
  int idOf(Object[] keyValues) {
    RowKey key = RowKey.of(keyValues);
    Integer id = ids.get(key);
    if (id != null) {
      lastWasNew = false;
      return id;
    }
    int newId = freeCount > 0 ? free[--freeCount] : nextId++;
    if (newId >= keys.length) {
      keys = Arrays.copyOf(keys, Math.max(newId + 1, keys.length * 2));
    }
    keys[newId] = keyValues;
    ids.put(key, newId);
    lastWasNew = true;
    return newId;
  }

  private boolean lastWasNew;

  /** Whether the last {@link #idOf} call created its group. */
  boolean isNew() {
    return lastWasNew;
  }

  Object[] keyOf(int id) {
    return keys[id];
  }

  /** One past the highest id ever handed out: the size accumulator arrays need. */
  int capacity() {
    return nextId;
  }

  int size() {
    return ids.size();
  }

  boolean contains(int id) {
    return id < nextId && keys[id] != null;
  }

  void remove(int id) {
    ids.remove(RowKey.of(keys[id]));
    keys[id] = null;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = id;
  }

  /** Rough heap bytes of one group's key. */
  long keyBytes(int id) {
    long bytes = 48;
    for (Object value : keys[id]) {
      bytes += value instanceof String ? 40 + 2L * ((String) value).length() : 24;
    }
    return bytes;
  }
}
