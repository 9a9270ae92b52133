package io.sluice.connector;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.List;

/** Builds a batch from rows of plain Java values, for small server-made relations. */
public final class JavaRows {
  private JavaRows() {}

  /**
   * @param rows values as String, Boolean or Number; TIMESTAMP as epoch millis, DATE as days, TIME
   *     as millis of the day
   */
  public static Batch toBatch(List<Column> columns, List<Object[]> rows) {
    List<ColumnType> types = columns.stream().map(Column::type).toList();
    BatchBuilder builder = new BatchBuilder(types, rows.size());
    for (Object[] row : rows) {
      for (int c = 0; c < types.size(); c++) {
        Object value = row[c];
        ColumnType type = types.get(c);
        if (value == null) {
          builder.setNull(c);
        } else if (value instanceof Boolean) {
          builder.setLong(c, (Boolean) value ? 1 : 0);
        } else if (type.vectorKind() == ColumnType.VectorKind.LONG) {
          builder.setLong(c, ((Number) value).longValue());
        } else if (type.vectorKind() == ColumnType.VectorKind.DOUBLE) {
          builder.setDouble(c, ((Number) value).doubleValue());
        } else if (type == ColumnType.DECIMAL) {
          builder.setObject(c, new BigDecimal(value.toString()));
        } else {
          builder.setObject(c, value.toString());
        }
      }
      builder.endRow();
    }
    return builder.build();
  }
}
