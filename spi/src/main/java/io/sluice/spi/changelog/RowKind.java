package io.sluice.spi.changelog;

/**
 * Changelog kind of a row: what it does to the result table. Stored per row as a byte so an
 * insert-only batch needs no array at all.
 */
public enum RowKind {
  /** +I: a new row. */
  INSERT("+I"),
  /** -U: retracts the previous row of a key, followed by its +U. */
  UPDATE_BEFORE("-U"),
  /** +U: the new row of a key that had one before. */
  UPDATE_AFTER("+U"),
  /** -D: the row of a key is gone. */
  DELETE("-D");

  private static final RowKind[] VALUES = values();

  private final String shortString;

  RowKind(String shortString) {
    this.shortString = shortString;
  }

  public String shortString() {
    return shortString;
  }

  /** Whether the row adds to a result (+I, +U) rather than taking a row out of it (-U, -D). */
  public boolean isAdditive() {
    return this == INSERT || this == UPDATE_AFTER;
  }

  public byte toByte() {
    return (byte) ordinal();
  }

  public static RowKind fromByte(byte value) {
    return VALUES[value];
  }
}
