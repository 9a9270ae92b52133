package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.type.Column;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Turns the rows of a batch into Avro records of {@link AvroSchemas#of} for a Parquet writer. */
public final class ParquetRows {
  private final List<Column> columns;
  private final Schema schema;

  public ParquetRows(List<Column> columns) {
    this.columns = List.copyOf(requireNonNull(columns, "columns is null"));
    this.schema = AvroSchemas.of(this.columns);
  }

  public Schema schema() {
    return schema;
  }

  /** The rows of {@code batch} as records, in order. */
  public List<GenericRecord> records(Batch batch) {
    List<GenericRecord> records = new ArrayList<>(batch.rowCount());
    for (int r = 0; r < batch.rowCount(); r++) {
      GenericData.Record record = new GenericData.Record(schema);
      for (int c = 0; c < columns.size(); c++) {
        Object value = batch.column(c).getObject(r);
        record.put(c, value == null ? null : avroValue(columns.get(c), value));
      }
      records.add(record);
    }
    return records;
  }

  /** A column value as stored in a batch, in Avro's generic representation for its schema. */
  private static Object avroValue(Column column, Object value) {
    switch (column.type()) {
      case BOOLEAN:
        return ((Number) value).longValue() != 0;
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case DATE:
      case TIME:
        return Math.toIntExact(((Number) value).longValue());
      case BIGINT:
      case TIMESTAMP:
        return ((Number) value).longValue();
      case REAL:
        return ((Number) value).floatValue();
      case DOUBLE:
        return ((Number) value).doubleValue();
      case DECIMAL:
        // the schema fixes the scale; results of arithmetic may carry another one
        BigDecimal decimal =
            ((BigDecimal) value).setScale(AvroSchemas.decimalScale(column), RoundingMode.HALF_UP);
        return ByteBuffer.wrap(decimal.unscaledValue().toByteArray());
      case VARCHAR:
        return value.toString();
      default:
        throw new IllegalStateException("Unhandled column type " + column.type());
    }
  }
}
