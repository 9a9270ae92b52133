package io.sluice.exec.aggregate;

import io.sluice.exec.operator.RowKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/** A {@link GroupTable} for keys of any types, hashed as boxed values. */
final class ObjectKeyGroupTable implements GroupTable {
  private final Map<RowKey, Integer> ids = new HashMap<>();
  private Object[][] keys = new Object[16][];
  private int[] free = new int[16];
  private int freeCount;
  private int nextId;

  @Override
  public int idOf(Object[] keyValues) {
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
    return ids.size();
  }

  @Override
  public boolean contains(int id) {
    return id < nextId && keys[id] != null;
  }

  @Override
  public void remove(int id) {
    ids.remove(RowKey.of(keys[id]));
    keys[id] = null;
    if (freeCount == free.length) {
      free = Arrays.copyOf(free, free.length * 2);
    }
    free[freeCount++] = id;
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
