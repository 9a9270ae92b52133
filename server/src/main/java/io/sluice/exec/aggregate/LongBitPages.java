package io.sluice.exec.aggregate;

import java.util.Arrays;

/**
 * One group's values in [0, 2^31) kept as pages of one byte a value, for {@link
 * GroupedLongBitmasks}: values near each other (ids, mostly) share cache lines that a table of
 * millions of entries scatters over memory. A page is made only while the pages cost no more memory
 * than a table of the group's values would; a page made while the group's table holds values is
 * marked mixed, as values of its range may be in the table.
 */
final class LongBitPages {
  static final int PAGE_SHIFT = 10;
  static final int PAGE_SIZE = 1 << PAGE_SHIFT;
  // what a table costs a value (16 bytes a slot, load factor and growth); pages may cost as much
  static final int BYTES_PER_VALUE = 24;
  private static final int MAX_PAGES = (int) ((1L << 31) >>> PAGE_SHIFT);
  // a page-table slot: a reference and a mixed flag
  private static final int BYTES_PER_SLOT = 5;

  private byte[][] pages;
  private boolean[] mixed;
  private int pageCount;
  private int values;

  /** Pages for values up to the page {@code maxIndex}, none of them made yet. */
  LongBitPages(int maxIndex) {
    pages = new byte[maxIndex + 1][];
    mixed = new boolean[maxIndex + 1];
  }

  static boolean pageable(long value) {
    return value >= 0 && value < (long) MAX_PAGES << PAGE_SHIFT;
  }

  static int index(long value) {
    return (int) (value >>> PAGE_SHIFT);
  }

  static int slot(long value) {
    return (int) value & (PAGE_SIZE - 1);
  }

  /** What pages for values of {@code pageCount} pages up to page {@code maxIndex} cost. */
  static long cost(int maxIndex, int pageCount) {
    return BYTES_PER_SLOT * (maxIndex + 1L) + (long) pageCount * PAGE_SIZE;
  }

  /** The page of a pageable value, or null if not made. */
  byte[] page(long value) {
    int index = index(value);
    return index < pages.length ? pages[index] : null;
  }

  /** Whether values of the page of {@code value} may also be in the group's table. */
  boolean mixed(long value) {
    return mixed[index(value)];
  }

  /**
   * Makes the page of a pageable value if the pages would still cost no more than a table of the
   * group's values; null if not.
   *
   * @param tableValues how many values the group's table holds
   */
  byte[] addPage(long value, int tableValues) {
    int index = index(value);
    long cost = cost(Math.max(pages.length - 1, index), pageCount + 1);
    if (cost > (long) BYTES_PER_VALUE * (values + tableValues + 1)) {
      return null;
    }
    if (index >= pages.length) {
      int length = (int) Math.min(MAX_PAGES, Math.max(index + 1L, 2L * pages.length));
      pages = Arrays.copyOf(pages, length);
      mixed = Arrays.copyOf(mixed, length);
    }
    byte[] page = new byte[PAGE_SIZE];
    pages[index] = page;
    mixed[index] = tableValues > 0;
    pageCount++;
    return page;
  }

  /** Counts a value that had no bits and now has some. */
  void counted() {
    values++;
  }

  /**
   * Sets a pageable value's bits (moving it from the table, whose values the pages do not hold).
   */
  void put(long value, int bits) {
    int index = index(value);
    if (pages[index] == null) {
      pages[index] = new byte[PAGE_SIZE];
      pageCount++;
    }
    pages[index][slot(value)] = (byte) bits;
    values++;
  }

  /** Takes {@code bits} off every value. */
  void clear(int bits) {
    for (byte[] page : pages) {
      if (page == null) {
        continue;
      }
      for (int slot = 0; slot < PAGE_SIZE; slot++) {
        int had = page[slot] & 0xFF;
        if ((had & bits) != 0) {
          page[slot] = (byte) (had & ~bits);
          if ((had & ~bits) == 0) {
            values--;
          }
        }
      }
    }
  }

  /** Every value with bits, with them. */
  void forEach(GroupedLongBitmasks.ValueBits action) {
    for (int index = 0; index < pages.length; index++) {
      byte[] page = pages[index];
      if (page == null) {
        continue;
      }
      long base = (long) index << PAGE_SHIFT;
      for (int slot = 0; slot < PAGE_SIZE; slot++) {
        if (page[slot] != 0) {
          action.accept(base + slot, page[slot] & 0xFF);
        }
      }
    }
  }

  /** Rough heap bytes. */
  long bytes() {
    return 48 + (long) BYTES_PER_SLOT * pages.length + (long) pageCount * (PAGE_SIZE + 16);
  }
}
