package io.sluice.connector.parquet;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The raw form of a bad Parquet row, as a dead letter shows it: the fields read, in file order, as
 * a JSON-like object (as Avro prints a record), e.g. {@code {"id": "x1", "name": "big"}}; a value
 * that failed appears as the file has it.
 */
final class RawRows {
  private RawRows() {}

  /** {@code text} as a JSON string literal. */
  static String quote(String text) {
    return "\"" + new String(JsonStringEncoder.getInstance().quoteAsString(text)) + "\"";
  }

  /**
   * Row {@code row} of {@code out} (reserved, maybe not yet appended) over the fields {@code
   * decoders} read, with {@code failed} values by column in place of theirs.
   */
  static String render(
      List<ColumnDecoder> decoders,
      List<ColumnType> types,
      BatchBuilder out,
      int row,
      Map<Integer, String> failed) {
    StringBuilder text = new StringBuilder("{");
    for (ColumnDecoder decoder : decoders) {
      if (text.length() > 1) {
        text.append(", ");
      }
      int column = decoder.column();
      text.append(quote(decoder.field().type().getName())).append(": ");
      String failedValue = failed.get(column);
      if (failedValue != null) {
        text.append(failedValue);
        continue;
      }
      Object value = out.vector(column).getObject(row);
      if (value == null) {
        text.append("null");
      } else if (types.get(column) == ColumnType.BOOLEAN) {
        text.append(((Number) value).longValue() != 0);
      } else if (value instanceof String string) {
        text.append(quote(string));
      } else if (value instanceof BigDecimal decimal) {
        text.append(decimal.toPlainString());
      } else {
        text.append(value);
      }
    }
    return text.append('}').toString();
  }
}
