package io.sluice.spi.type;

/**
 * SQL types a column can hold, and how each is stored in a batch. The storage follows Calcite's
 * internal representation so generated expression code reads it without conversion: TIMESTAMP is
 * epoch milliseconds (long), DATE is days since epoch (int), TIME is milliseconds of the day (int),
 * BOOLEAN is 0/1 in a long vector.
 */
public enum ColumnType {
  BOOLEAN(VectorKind.LONG),
  TINYINT(VectorKind.LONG),
  SMALLINT(VectorKind.LONG),
  INTEGER(VectorKind.LONG),
  BIGINT(VectorKind.LONG),
  REAL(VectorKind.DOUBLE),
  DOUBLE(VectorKind.DOUBLE),
  DECIMAL(VectorKind.OBJECT),
  VARCHAR(VectorKind.OBJECT),
  DATE(VectorKind.LONG),
  TIME(VectorKind.LONG),
  TIMESTAMP(VectorKind.LONG);

  /** The physical vector a column of this type lives in. */
  public enum VectorKind {
    LONG,
    DOUBLE,
    OBJECT
  }

  private final VectorKind vectorKind;

  ColumnType(VectorKind vectorKind) {
    this.vectorKind = vectorKind;
  }

  public VectorKind vectorKind() {
    return vectorKind;
  }
}
