package io.sluice.connector.parquet;

import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.batch.LongVector;
import io.sluice.spi.type.Column;
import org.apache.parquet.column.ColumnReader;

/**
 * Integers, timestamps, dates and times into a long vector: the file's value in Sluice's unit,
 * times {@code multiplier}, divided by {@code divisor} (rounding down), e.g. days into a TIMESTAMP
 * or timestamps into a DATE; a value outside {@code [min, max]} (a TINYINT column, say) does not
 * convert.
 */
final class LongColumnDecoder extends ColumnDecoder {
  private final long multiplier;
  private final long divisor;
  private final long min;
  private final long max;
  private final boolean plainInt;
  private final boolean plainLong;

  LongColumnDecoder(
      int column,
      Column declared,
      ParquetField field,
      long multiplier,
      long divisor,
      long min,
      long max) {
    super(column, declared, field);
    this.multiplier = multiplier;
    this.divisor = divisor;
    this.min = min;
    this.max = max;
    boolean identity = multiplier == 1 && divisor == 1;
    this.plainInt =
        identity && field.isPlainInt() && min <= Integer.MIN_VALUE && max >= Integer.MAX_VALUE;
    this.plainLong =
        identity && field.isPlainLong() && min == Long.MIN_VALUE && max == Long.MAX_VALUE;
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    LongVector vector = (LongVector) target;
    long[] values = vector.values();
    int end = from + count;
    // the common cases in loops of their own: a value is a getter call and a store
    if (plainLong) {
      for (int row = from; row < end; row++) {
        if (isNull(reader)) {
          setNull(vector, row, errors);
        } else {
          values[row] = reader.getLong();
        }
        reader.consume();
      }
    } else if (plainInt) {
      for (int row = from; row < end; row++) {
        if (isNull(reader)) {
          setNull(vector, row, errors);
        } else {
          values[row] = reader.getInteger();
        }
        reader.consume();
      }
    } else {
      ParquetField field = field();
      for (int row = from; row < end; row++) {
        if (isNull(reader)) {
          setNull(vector, row, errors);
        } else {
          long value = field.readLong(reader);
          long converted = Math.floorDiv(value * multiplier, divisor);
          if (converted < min || converted > max) {
            outOfRange(vector, row, errors, String.valueOf(value));
          } else {
            values[row] = converted;
          }
        }
        reader.consume();
      }
    }
  }
}
