package io.sluice.connector.format;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Eight bytes of a record tested at once (SWAR): a byte array read as little-endian longs, so the
 * lowest byte of a word is the first in the array, and the classic test for a byte equal to a given
 * one. A marked byte carries its high bit; borrows may also mark bytes after the first match, never
 * before it, so {@code Long.numberOfTrailingZeros(marks) >>> 3} is the first match's index.
 */
final class ByteWords {
  /** Every byte's high bit. */
  static final long HIGH_BITS = 0x8080808080808080L;

  private static final long ONE_BYTES = 0x0101010101010101L;
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

  private ByteWords() {}

  /** The eight bytes at {@code offset} (the caller checks that eight remain). */
  static long word(byte[] bytes, int offset) {
    return (long) LONGS.get(bytes, offset);
  }

  /** {@code b} in each byte of a word (an ASCII byte: below 0x80). */
  static long broadcast(int b) {
    return ONE_BYTES * (b & 0x7F);
  }

  /** The high bit of each byte of {@code word} equal to the byte {@code pattern} broadcasts. */
  static long equalBytes(long word, long pattern) {
    long x = word ^ pattern;
    return (x - ONE_BYTES) & ~x & HIGH_BITS;
  }

  /**
   * The high bit of the bytes of {@code word} equal to the byte {@code first} or {@code second}
   * broadcasts, or below {@code below}'s (an ASCII byte): exact for the first byte marked, as
   * {@link #firstMarked} reads it; a later mark may be a borrow's. One test where three {@link
   * #equalBytes} would take twice the operations.
   */
  static long equalOrBelow(long word, long first, long second, long below) {
    long x = word ^ first;
    long y = word ^ second;
    return (((x - ONE_BYTES) & ~x) | ((y - ONE_BYTES) & ~y) | ((word - below) & ~word)) & HIGH_BITS;
  }

  /**
   * The high bit of the bytes of {@code word} below the byte {@code pattern} broadcasts (an ASCII
   * byte, or 0x80 in {@link #HIGH_BITS}); bytes from 0x80 plus that byte up are marked too, and a
   * borrow may mark a byte after a marked one. Zero only when no byte is below.
   */
  static long bytesBelow(long word, long pattern) {
    return (word - pattern) & HIGH_BITS;
  }

  /** Index in the word of the first byte {@code marks} marks (marks is not zero). */
  static int firstMarked(long marks) {
    return Long.numberOfTrailingZeros(marks) >>> 3;
  }
}
