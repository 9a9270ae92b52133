package io.sluice.connector.parquet;

import static java.util.Objects.requireNonNull;

import io.sluice.connector.format.FieldWriter;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.GenericRecord;

/**
 * Decodes Avro records (Kafka values of {@code 'format' = 'avro'}) into rows of the declared
 * columns. Fields match columns by name, case-insensitively (or by the name the files sink gives a
 * column Avro cannot spell); a column without a field is NULL. Values convert like JSON's: numbers
 * into any numeric column that holds them exactly, strings are parsed, and timestamps in millis,
 * micros or nanos (UTC-adjusted or local) become TIMESTAMP millis.
 */
public final class AvroRecordDecoder {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private final List<FieldDecoder> fields;

  /** A decoder for records of {@code fileSchema} (a record schema) into {@code columns}. */
  public AvroRecordDecoder(Schema fileSchema, List<Column> columns) {
    requireNonNull(fileSchema, "fileSchema is null");
    requireNonNull(columns, "columns is null");
    if (fileSchema.getType() != Schema.Type.RECORD) {
      throw new IllegalArgumentException("Parquet schema is not a record: " + fileSchema);
    }
    List<String> sinkNames = AvroSchemas.fieldNames(columns);
    List<FieldDecoder> decoders = new ArrayList<>();
    for (int c = 0; c < columns.size(); c++) {
      Schema.Field field = find(fileSchema, columns.get(c).name());
      if (field == null) {
        field = find(fileSchema, sinkNames.get(c));
      }
      if (field != null) {
        decoders.add(
            new FieldDecoder(field.pos(), field.schema(), new FieldWriter(c, columns.get(c)), c));
      }
    }
    this.fields = List.copyOf(decoders);
  }

  private static Schema.Field find(Schema schema, String name) {
    Schema.Field exact = schema.getField(name);
    if (exact != null) {
      return exact;
    }
    for (Schema.Field field : schema.getFields()) {
      if (field.name().equalsIgnoreCase(name)) {
        return field;
      }
    }
    return null;
  }

  /** Writes the columns of one row decoded from {@code record}. */
  public void decode(GenericRecord record, BatchBuilder out) throws BadRecordException {
    for (FieldDecoder field : fields) {
      Object value = record.get(field.position);
      if (value == null) {
        out.setNull(field.column);
      } else {
        field.write(value, out);
      }
    }
  }

  /** One matched field: where it is in the record and how it converts to its column. */
  private static final class FieldDecoder {
    final int position;
    final Schema schema;
    final FieldWriter writer;
    final int column;

    FieldDecoder(int position, Schema schema, FieldWriter writer, int column) {
      this.position = position;
      this.schema = schema;
      this.writer = writer;
      this.column = column;
    }

    void write(Object value, BatchBuilder out) throws BadRecordException {
      Schema branch =
          schema.getType() == Schema.Type.UNION
              ? schema.getTypes().get(GenericData.get().resolveUnion(schema, value))
              : schema;
      LogicalType logical = branch.getLogicalType();
      String kind = logical == null ? "" : logical.getName();
      switch (branch.getType()) {
        case BOOLEAN:
          writer.writeBoolean((Boolean) value, out);
          return;
        case INT:
          int intValue = (Integer) value;
          if (kind.equals("date")) {
            writeDays(intValue, out);
          } else if (kind.equals("time-millis")) {
            writeTimeMillis(intValue, out);
          } else if (logical instanceof LogicalTypes.Decimal) {
            writer.writeNumber(BigDecimal.valueOf(intValue, scale(logical)), out);
          } else {
            writer.writeIntegral(intValue, out);
          }
          return;
        case LONG:
          writeLong((Long) value, logical, kind, out);
          return;
        case FLOAT:
        case DOUBLE:
          writer.writeFloating(((Number) value).doubleValue(), out);
          return;
        case BYTES:
        case FIXED:
          if (logical instanceof LogicalTypes.Decimal) {
            byte[] bytes =
                value instanceof ByteBuffer
                    ? bytes((ByteBuffer) value)
                    : ((GenericFixed) value).bytes();
            writer.writeNumber(new BigDecimal(new BigInteger(bytes), scale(logical)), out);
            return;
          }
          throw writer.bad("binary value", "Parquet type " + branch.getType().getName());
        case STRING:
        case ENUM:
          writer.writeText(value.toString(), out);
          return;
        default:
          throw writer.bad(String.valueOf(value), "Parquet type " + branch.getType().getName());
      }
    }

    private void writeLong(long value, LogicalType logical, String kind, BatchBuilder out)
        throws BadRecordException {
      switch (kind) {
        case "timestamp-millis":
        case "local-timestamp-millis":
          writeTimestampMillis(value, out);
          return;
        case "timestamp-micros":
        case "local-timestamp-micros":
          writeTimestampMillis(Math.floorDiv(value, 1_000L), out);
          return;
        case "timestamp-nanos":
        case "local-timestamp-nanos":
          writeTimestampMillis(Math.floorDiv(value, 1_000_000L), out);
          return;
        case "time-micros":
          writeTimeMillis(Math.floorDiv(value, 1_000L), out);
          return;
        default:
          if (logical instanceof LogicalTypes.Decimal) {
            writer.writeNumber(BigDecimal.valueOf(value, scale(logical)), out);
          } else {
            writer.writeIntegral(value, out);
          }
      }
    }

    private void writeTimestampMillis(long millis, BatchBuilder out) throws BadRecordException {
      switch (writer.type()) {
        case TIMESTAMP:
          out.setLong(column, millis);
          return;
        case DATE:
          out.setLong(column, Math.floorDiv(millis, MILLIS_PER_DAY));
          return;
        case VARCHAR:
          out.setObject(
              column,
              LocalDateTime.ofEpochSecond(
                      Math.floorDiv(millis, 1000),
                      (int) Math.floorMod(millis, 1000) * 1_000_000,
                      ZoneOffset.UTC)
                  .toString());
          return;
        default:
          throw writer.bad(String.valueOf(millis), "Parquet timestamp");
      }
    }

    private void writeDays(long days, BatchBuilder out) throws BadRecordException {
      switch (writer.type()) {
        case DATE:
          out.setLong(column, days);
          return;
        case TIMESTAMP:
          out.setLong(column, days * MILLIS_PER_DAY);
          return;
        case VARCHAR:
          out.setObject(column, LocalDate.ofEpochDay(days).toString());
          return;
        default:
          throw writer.bad(String.valueOf(days), "Parquet date");
      }
    }

    private void writeTimeMillis(long millis, BatchBuilder out) throws BadRecordException {
      if (writer.type() == ColumnType.TIME) {
        out.setLong(column, millis);
      } else if (writer.type() == ColumnType.VARCHAR) {
        out.setObject(column, LocalTime.ofNanoOfDay(millis * 1_000_000).toString());
      } else {
        throw writer.bad(String.valueOf(millis), "Parquet time");
      }
    }

    private static int scale(LogicalType logical) {
      return ((LogicalTypes.Decimal) logical).getScale();
    }

    private static byte[] bytes(ByteBuffer buffer) {
      byte[] bytes = new byte[buffer.remaining()];
      buffer.duplicate().get(bytes);
      return bytes;
    }
  }
}
