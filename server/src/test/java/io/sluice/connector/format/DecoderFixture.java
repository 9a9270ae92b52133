package io.sluice.connector.format;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.List;

/** Columns of every type, and a one-record decode, shared by the decoder tests. */
final class DecoderFixture {
  static final List<Column> ALL_TYPES =
      List.of(
          Column.of("b", ColumnType.BOOLEAN),
          Column.of("ti", ColumnType.TINYINT),
          Column.of("si", ColumnType.SMALLINT),
          Column.of("i", ColumnType.INTEGER),
          Column.of("bi", ColumnType.BIGINT),
          Column.of("r", ColumnType.REAL),
          Column.of("d", ColumnType.DOUBLE),
          new Column("dec", ColumnType.DECIMAL, 10, 2, true),
          Column.of("s", ColumnType.VARCHAR),
          Column.of("dt", ColumnType.DATE),
          Column.of("tm", ColumnType.TIME),
          Column.of("ts", ColumnType.TIMESTAMP));

  private DecoderFixture() {}

  static List<ColumnType> types(List<Column> columns) {
    return columns.stream().map(Column::type).toList();
  }

  /** Decodes one record and returns its row as boxed values. */
  static Object[] decode(RowDecoder decoder, List<Column> columns, String record)
      throws BadRecordException {
    BatchBuilder builder = new BatchBuilder(types(columns), 1);
    decoder.decode(record, builder);
    builder.endRow();
    Batch batch = builder.build();
    return batch.row(0);
  }

  static long millis(String instant) {
    return Instant.parse(instant).toEpochMilli();
  }

  static long days(String date) {
    return LocalDate.parse(date).toEpochDay();
  }

  static long millisOfDay(String time) {
    return LocalTime.parse(time).toNanoOfDay() / 1_000_000;
  }
}
