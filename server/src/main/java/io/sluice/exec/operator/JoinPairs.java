package io.sluice.exec.operator;

import io.sluice.spi.changelog.RowKind;
import java.util.Arrays;

/**
 * The joined rows a stream–stream join emits, each a pair of refs into its two sides' state ({@link
 * JoinSideState#NO_ROW} for a side padded with NULLs), with the changelog kind of each; the output
 * batch is gathered from them column by column.
 */
final class JoinPairs {
  private static final int DEFAULT_CAPACITY = 64;

  private long[] lefts;
  private long[] rights;
  private byte[] kinds;
  private int size;

  JoinPairs() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * Pairs with room for {@code expected} before any growth: a batch's pairs are often about as many
   * as its probing rows, and doubling from a small array copied each array over again (770 MB per
   * run of Nexmark q9).
   */
  JoinPairs(int expected) {
    int capacity = Math.max(DEFAULT_CAPACITY, expected);
    lefts = new long[capacity];
    rights = new long[capacity];
  }

  /** Adds an inserted pair. */
  void add(long left, long right) {
    if (size == lefts.length) {
      grow();
    }
    lefts[size] = left;
    rights[size] = right;
    if (kinds != null) {
      kinds[size] = RowKind.INSERT.toByte();
    }
    size++;
  }

  void add(long left, long right, RowKind kind) {
    if (kind != RowKind.INSERT && kinds == null) {
      kinds = new byte[lefts.length];
      Arrays.fill(kinds, 0, size, RowKind.INSERT.toByte());
    }
    add(left, right);
    if (kinds != null) {
      kinds[size - 1] = kind.toByte();
    }
  }

  private void grow() {
    lefts = Arrays.copyOf(lefts, lefts.length * 2);
    rights = Arrays.copyOf(rights, rights.length * 2);
    if (kinds != null) {
      kinds = Arrays.copyOf(kinds, lefts.length);
    }
  }

  /** Keeps only the pairs {@code selection[0..count-1]} (ascending), in that order. */
  void keep(int[] selection, int count) {
    for (int i = 0; i < count; i++) {
      int from = selection[i];
      lefts[i] = lefts[from];
      rights[i] = rights[from];
      if (kinds != null) {
        kinds[i] = kinds[from];
      }
    }
    size = count;
  }

  int size() {
    return size;
  }

  long left(int index) {
    return lefts[index];
  }

  long right(int index) {
    return rights[index];
  }

  /** The left refs; entries past {@link #size} are garbage. */
  long[] lefts() {
    return lefts;
  }

  /** The right refs; entries past {@link #size} are garbage. */
  long[] rights() {
    return rights;
  }

  /** Each pair's kind, or null when all are inserts. */
  byte[] kinds() {
    return kinds == null ? null : Arrays.copyOf(kinds, size);
  }
}
