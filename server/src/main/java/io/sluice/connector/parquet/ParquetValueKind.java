package io.sluice.connector.parquet;

/**
 * What the values of a Parquet field are, from its physical and logical type: the kind decides into
 * which column types they convert and how.
 */
enum ParquetValueKind {
  /** {@code boolean}. */
  BOOLEAN,
  /** {@code int32}/{@code int64} without a temporal or decimal annotation. */
  INTEGRAL,
  /** {@code float}, {@code double}. */
  FLOATING,
  /** {@code DECIMAL} on {@code int32}, {@code int64}, {@code binary} or a fixed-length array. */
  DECIMAL,
  /** {@code binary} as {@code STRING}, {@code ENUM}, {@code JSON} or without annotation: UTF-8. */
  TEXT,
  /** {@code TIMESTAMP} of any unit, UTC-adjusted or local, or the legacy {@code int96}. */
  TIMESTAMP,
  /** {@code DATE}: days since the epoch. */
  DATE,
  /** {@code TIME} of any unit. */
  TIME
}
