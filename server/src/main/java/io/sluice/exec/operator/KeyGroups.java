package io.sluice.exec.operator;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.batch.LongVector;
import java.util.Arrays;

/**
 * Which subtask of a parallel query owns a key, as Flink assigns keys: a key hashes to one of a
 * fixed number of key groups, and each subtask owns a contiguous range of key groups. The number of
 * key groups never changes, so state kept by key group can be handed to another number of subtasks.
 */
public final class KeyGroups {
  /** Key groups of every query; also the highest parallelism. */
  public static final int COUNT = 128;

  private KeyGroups() {}

  /** The key group of a key whose values hash to {@code hash} (see {@link #hash}). */
  public static int keyGroup(int hash) {
    // murmur3's finaliser: spreads keys that differ in few bits (consecutive ids) over all groups
    int h = hash;
    h ^= h >>> 16;
    h *= 0x85ebca6b;
    h ^= h >>> 13;
    h *= 0xc2b2ae35;
    h ^= h >>> 16;
    return Math.floorMod(h, COUNT);
  }

  /** The subtask, of {@code parallelism}, that owns {@code keyGroup}. */
  public static int subtask(int keyGroup, int parallelism) {
    return keyGroup * parallelism / COUNT;
  }

  /**
   * The hash of each of the batch's rows' values in {@code keys}, into {@code hashes}: equal to the
   * hash of the same values as Java objects (a {@code long} column as its {@link Long}, as {@link
   * StateOwnership} hashes them), so state keyed by objects finds its subtask the same way. A key
   * column at a time: each is looked up once and a BIGINT or DOUBLE column hashed in a loop.
   */
  public static void hashes(Batch batch, int[] keys, int[] hashes) {
    int rows = batch.rowCount();
    Arrays.fill(hashes, 0, rows, 1);
    for (int key : keys) {
      ColumnVector column = batch.column(key);
      if (column instanceof LongVector longs) {
        long[] values = longs.values();
        for (int row = 0; row < rows; row++) {
          int value = column.isNull(row) ? 0 : Long.hashCode(values[row]);
          hashes[row] = 31 * hashes[row] + value;
        }
      } else if (column instanceof DoubleVector doubles) {
        for (int row = 0; row < rows; row++) {
          int value = column.isNull(row) ? 0 : Double.hashCode(doubles.get(row));
          hashes[row] = 31 * hashes[row] + value;
        }
      } else {
        for (int row = 0; row < rows; row++) {
          int value = column.isNull(row) ? 0 : column.getObject(row).hashCode();
          hashes[row] = 31 * hashes[row] + value;
        }
      }
    }
  }
}
