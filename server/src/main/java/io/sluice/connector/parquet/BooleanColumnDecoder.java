package io.sluice.connector.parquet;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.Column;
import org.apache.parquet.column.ColumnReader;

/** A boolean field into a BOOLEAN column (1 or 0 in a long vector). */
final class BooleanColumnDecoder extends ColumnDecoder {
  BooleanColumnDecoder(int column, Column declared, ParquetField field) {
    super(column, declared, field);
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    LongVector vector = (LongVector) target;
    long[] values = vector.values();
    int end = from + count;
    for (int row = from; row < end; row++) {
      if (isNull(reader)) {
        setNull(vector, row, errors);
      } else {
        values[row] = reader.getBoolean() ? 1 : 0;
      }
      reader.consume();
    }
  }
}
