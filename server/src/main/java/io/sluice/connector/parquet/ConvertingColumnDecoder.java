package io.sluice.connector.parquet;

import io.sluice.connector.format.FieldWriter;
import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.batch.ColumnVector;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.Utf8;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.ByteBuffer;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.parquet.column.ColumnReader;
import org.apache.parquet.io.api.Binary;

/**
 * A field whose values need a conversion that may fail per value — text parsed as a number, a
 * decimal rescaled into a DECIMAL(p, s), a number into VARCHAR — converted as the JSON format
 * converts its values ({@link FieldWriter}), into a one-column batch that is then copied into the
 * target vector.
 */
final class ConvertingColumnDecoder extends ColumnDecoder {
  private final String what;
  private final List<ColumnType> types;
  private final FieldWriter writer;

  ConvertingColumnDecoder(int column, Column declared, ParquetField field) {
    super(column, declared, field);
    this.what = "Column '" + declared.name() + "'";
    this.types = List.of(declared.type());
    this.writer = new FieldWriter(0, declared);
  }

  @Override
  void decode(ColumnReader reader, ColumnVector target, int from, int count, RowErrors errors) {
    BatchBuilder scratch = new BatchBuilder(types, count);
    for (int i = 0; i < count; i++) {
      if (isNull(reader)) {
        setNull(target, from + i, errors);
        scratch.setNull(0);
      } else {
        try {
          write(reader, scratch);
        } catch (BadRecordException e) {
          scratch.discardRow();
          scratch.setNull(0);
          errors.add(from + i, column(), raw(reader), e);
        }
      }
      scratch.endRow();
      reader.consume();
    }
    Batch converted = scratch.build();
    target.copyRange(converted.column(0), 0, from, count);
  }

  /** Converts the current value into the scratch row. */
  private void write(ColumnReader reader, BatchBuilder out) throws BadRecordException {
    ParquetField field = field();
    switch (field.kind()) {
      case BOOLEAN:
        writer.writeBoolean(reader.getBoolean(), out);
        return;
      case INTEGRAL:
        writer.writeIntegral(field.readLong(reader), out);
        return;
      case FLOATING:
        writer.writeFloating(field.readDouble(reader), out);
        return;
      case DECIMAL:
        writer.writeNumber(field.readDecimal(reader), out);
        return;
      case TEXT:
        Binary binary = reader.getBinary();
        ByteBuffer bytes = binary.toByteBuffer();
        String text =
            bytes.hasArray()
                ? Utf8.decode(
                    bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining(), what)
                : Utf8.decode(binary.getBytes(), 0, binary.length(), what);
        writer.writeText(text, out);
        return;
      default:
        out.setObject(0, temporalText(field.kind(), field.readLong(reader)));
    }
  }

  /** A timestamp, date or time as VARCHAR, as {@code java.time} prints it. */
  private String temporalText(ParquetValueKind kind, long value) throws BadRecordException {
    try {
      switch (kind) {
        case TIMESTAMP:
          return LocalDateTime.ofEpochSecond(
                  Math.floorDiv(value, 1000),
                  (int) Math.floorMod(value, 1000) * 1_000_000,
                  ZoneOffset.UTC)
              .toString();
        case DATE:
          return LocalDate.ofEpochDay(value).toString();
        case TIME:
          return LocalTime.ofNanoOfDay(value * 1_000_000).toString();
        default:
          throw new IllegalStateException("Unhandled Parquet value kind " + kind);
      }
    } catch (DateTimeException e) {
      throw writer.bad(String.valueOf(value), "out of range");
    }
  }

  /** The current value as the file has it, for a bad record's raw form. */
  private String raw(ColumnReader reader) {
    ParquetField field = field();
    switch (field.kind()) {
      case BOOLEAN:
        return String.valueOf(reader.getBoolean());
      case FLOATING:
        return String.valueOf(field.readDouble(reader));
      case DECIMAL:
        return field.readDecimal(reader).toPlainString();
      case TEXT:
        byte[] bytes = reader.getBinary().getBytes();
        return RawRows.quote(Utf8.decodeLossy(bytes, 0, bytes.length));
      default:
        return String.valueOf(field.readLong(reader));
    }
  }
}
