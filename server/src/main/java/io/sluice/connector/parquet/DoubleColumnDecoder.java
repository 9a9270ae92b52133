package io.sluice.connector.parquet;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.DoubleVector;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import org.apache.parquet.column.ColumnReader;

/**
 * Floating-point and integer fields into a DOUBLE or REAL column; a finite double too large for a
 * REAL does not convert. Infinities and NaN are values like any other (Parquet stores them as
 * such).
 */
final class DoubleColumnDecoder extends ColumnDecoder {
  private final boolean real;

  DoubleColumnDecoder(int column, Column declared, ParquetField field) {
    super(column, declared, field);
    this.real = declared.type() == ColumnType.REAL;
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    DoubleVector vector = (DoubleVector) target;
    double[] values = vector.values();
    ParquetField field = field();
    boolean floating = field.kind() == ParquetValueKind.FLOATING;
    int end = from + count;
    for (int row = from; row < end; row++) {
      if (isNull(reader)) {
        setNull(vector, row, errors);
      } else {
        double value = floating ? field.readDouble(reader) : field.readLong(reader);
        if (real) {
          float narrowed = (float) value;
          if (Float.isInfinite(narrowed) && !Double.isInfinite(value)) {
            outOfRange(vector, row, errors, String.valueOf(value));
          } else {
            values[row] = narrowed;
          }
        } else {
          values[row] = value;
        }
      }
      reader.consume();
    }
  }
}
