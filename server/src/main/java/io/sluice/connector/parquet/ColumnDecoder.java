package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.format.FieldWriter;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.type.Column;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.PrimitiveConverter;

/**
 * Decodes one Parquet column chunk into a column's vector, a run of rows at a time, through the
 * column reader of parquet-mr. It is also the field's converter in the read store (a no-op unless a
 * subclass takes values pushed to it, as strings from a dictionary are).
 */
abstract class ColumnDecoder extends PrimitiveConverter {
  private final int column;
  private final ParquetField field;
  private final FieldWriter writer;
  private final int maxDefinitionLevel;
  private final boolean checkNotNull;
  private final BadRecordException nullError;

  ColumnDecoder(int column, Column declared, ParquetField field) {
    requireNonNull(declared, "declared is null");
    this.column = column;
    this.field = requireNonNull(field, "field is null");
    this.writer = new FieldWriter(column, declared);
    this.maxDefinitionLevel = field.descriptor().getMaxDefinitionLevel();
    this.checkNotNull = !declared.nullable() && field.optional();
    this.nullError =
        new BadRecordException(
            "column '"
                + declared.name()
                + "' is declared NOT NULL but the record gives it no value");
  }

  /** The declared position of the column this decoder fills. */
  final int column() {
    return column;
  }

  final ParquetField field() {
    return field;
  }

  /** Converts values and words errors as the text formats do. */
  final FieldWriter writer() {
    return writer;
  }

  /**
   * Fills rows {@code from .. from + count - 1} of {@code target} with the next {@code count}
   * values of {@code reader}; a value that does not convert leaves its row NULL and goes to {@code
   * errors}.
   */
  abstract void decode(
      ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors);

  /** Whether the reader's current value is NULL. */
  final boolean isNull(ColumnReader reader) {
    return reader.getCurrentDefinitionLevel() < maxDefinitionLevel;
  }

  /** Makes {@code row} NULL and reports {@code value} as out of the column's range. */
  final void outOfRange(ColumnVector target, int row, RowErrors errors, String value) {
    target.setNull(row);
    errors.add(row, column, value, writer.bad(value, "out of range"));
  }

  /** Makes {@code row} NULL, an error in a NOT NULL column. */
  final void setNull(ColumnVector target, int row, RowErrors errors) {
    target.setNull(row);
    if (checkNotNull) {
      errors.add(row, column, "null", nullError);
    }
  }
}
