package io.sluice.connector.parquet;

/**
 * A Parquet file's schema does not give the declared columns: a NOT NULL column it lacks, or a
 * field whose type cannot convert to its column's. The message names the column.
 */
final class ParquetSchemaException extends Exception {
  private static final long serialVersionUID = 1L;

  ParquetSchemaException(String message) {
    super(message);
  }
}
