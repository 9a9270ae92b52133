package io.sluice.connector.parquet;

import static org.assertj.core.api.Assertions.assertThat;

import io.sluice.connector.JavaRows;
import io.sluice.connector.files.FilesSource;
import io.sluice.connector.sink.FilesSink;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetReader;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.io.LocalInputFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The files sink writes Parquet the files source reads back unchanged, every type and NULL. */
class ParquetRoundTripTest {
  private static final List<Column> ALL_TYPES =
      List.of(
          Column.of("b", ColumnType.BOOLEAN),
          Column.of("ti", ColumnType.TINYINT),
          Column.of("si", ColumnType.SMALLINT),
          Column.of("i", ColumnType.INTEGER),
          new Column("bi", ColumnType.BIGINT, -1, -1, false),
          Column.of("r", ColumnType.REAL),
          Column.of("d", ColumnType.DOUBLE),
          new Column("dec", ColumnType.DECIMAL, 10, 2, true),
          new Column("big_dec", ColumnType.DECIMAL, 38, 10, true),
          Column.of("s", ColumnType.VARCHAR),
          Column.of("dt", ColumnType.DATE),
          Column.of("tm", ColumnType.TIME),
          Column.of("ts", ColumnType.TIMESTAMP),
          // Calcite's name for an unaliased expression; Avro cannot spell '$'
          Column.of("EXPR$13", ColumnType.BIGINT));

  @TempDir Path dir;

  private SourceContext context(List<Column> columns) {
    return new SourceContext(
        "events",
        columns,
        Map.of("connector", "files", "path", "out", "format", "parquet"),
        dir,
        new SourceMetrics());
  }

  @Test
  void everyTypeAndNullSurvivesAWriteAndARead() throws Exception {
    long ts = Instant.parse("2026-01-01T00:00:01.500Z").toEpochMilli();
    long beforeEpoch = Instant.parse("1969-12-31T23:59:59.999Z").toEpochMilli();
    long date = LocalDate.parse("2026-02-03").toEpochDay();
    long time = LocalTime.parse("12:00:01.500").toNanoOfDay() / 1_000_000;
    List<Object[]> rows =
        List.of(
            new Object[] {
              true,
              1,
              2,
              3,
              4L,
              0.5f,
              0.25d,
              new BigDecimal("1.5"),
              new BigDecimal("-1234567890123456789012345678.0123456789"),
              "x ✓",
              date,
              time,
              ts,
              13L
            },
            new Object[] {
              null, null, null, null, 0L, null, null, null, null, null, null, null, null, null
            },
            new Object[] {
              false,
              -128,
              -32768,
              Integer.MIN_VALUE,
              Long.MIN_VALUE,
              0.1f,
              -1e300,
              new BigDecimal("-99999999.99"),
              BigDecimal.ZERO,
              "",
              -1L,
              0L,
              beforeEpoch,
              -1L
            });
    FilesSink sink = new FilesSink(context(ALL_TYPES), "q");
    sink.write(0, JavaRows.toBatch(ALL_TYPES, rows));
    sink.commit(0);

    List<Object[]> read = FilesSource.readAll(context(ALL_TYPES)).rows();

    assertThat(read).hasSize(3);
    assertThat(read.get(0))
        .containsExactly(
            1L,
            1L,
            2L,
            3L,
            4L,
            0.5d,
            0.25d,
            new BigDecimal("1.50"),
            new BigDecimal("-1234567890123456789012345678.0123456789"),
            "x ✓",
            date,
            time,
            ts,
            13L);
    assertThat(read.get(1))
        .containsExactly(
            null, null, null, null, 0L, null, null, null, null, null, null, null, null, null);
    assertThat(read.get(2))
        .containsExactly(
            0L,
            -128L,
            -32768L,
            (long) Integer.MIN_VALUE,
            Long.MIN_VALUE,
            (double) 0.1f,
            -1e300,
            new BigDecimal("-99999999.99"),
            new BigDecimal("0E-10"),
            "",
            -1L,
            0L,
            beforeEpoch,
            -1L);
    assertThat(((BigDecimal) read.get(0)[7]).scale()).isEqualTo(2);
    assertThat(((BigDecimal) read.get(2)[8]).scale()).isEqualTo(10);
  }

  @Test
  void fileCarriesLogicalTypesAndNullableUnions() throws Exception {
    FilesSink sink = new FilesSink(context(ALL_TYPES), "q");
    Object[] nulls = new Object[ALL_TYPES.size()];
    nulls[4] = 1L;
    sink.write(0, JavaRows.toBatch(ALL_TYPES, List.<Object[]>of(nulls)));
    sink.commit(0);

    Path file = parquetFiles(dir.resolve("out")).get(0);
    assertThat(file.getFileName().toString()).isEqualTo("q-0000000000.parquet");
    Schema schema;
    try (ParquetReader<GenericRecord> reader =
        AvroParquetReader.<GenericRecord>builder(new LocalInputFile(file))
            .withDataModel(GenericData.get())
            .build()) {
      schema = reader.read().getSchema();
    }

    assertThat(schema.getField("bi").schema().getType()).isEqualTo(Schema.Type.LONG);
    assertThat(valueSchema(schema, "ts").getLogicalType())
        .isEqualTo(LogicalTypes.timestampMillis());
    assertThat(valueSchema(schema, "dt").getLogicalType()).isEqualTo(LogicalTypes.date());
    assertThat(valueSchema(schema, "tm").getLogicalType()).isEqualTo(LogicalTypes.timeMillis());
    assertThat(valueSchema(schema, "dec").getLogicalType()).isEqualTo(LogicalTypes.decimal(10, 2));
    assertThat(valueSchema(schema, "big_dec").getLogicalType())
        .isEqualTo(LogicalTypes.decimal(38, 10));
    assertThat(schema.getField("s").schema().getTypes())
        .extracting(Schema::getType)
        .containsExactly(Schema.Type.NULL, Schema.Type.STRING);
    assertThat(schema.getField("EXPR_13")).isNotNull();
  }

  @Test
  void readsFilesOfOtherWritersMatchingFieldsByNameAndConvertingUnits() throws Exception {
    // as Spark or others write them: micros, another field order, an extra field, one missing
    Schema micros = LogicalTypes.timestampMicros().addToSchema(Schema.create(Schema.Type.LONG));
    Schema schema =
        Schema.createRecord(
            "other",
            null,
            "x",
            false,
            List.of(
                new Schema.Field("extra", Schema.create(Schema.Type.STRING)),
                new Schema.Field("TS", micros),
                new Schema.Field("amount", Schema.create(Schema.Type.DOUBLE)),
                new Schema.Field("id", Schema.create(Schema.Type.INT))));
    GenericRecord record = new GenericData.Record(schema);
    record.put("extra", "ignored");
    record.put("TS", 1_767_225_601_500_123L);
    record.put("amount", 2.5d);
    record.put("id", 7);
    Files.createDirectories(dir.resolve("out"));
    ParquetFiles.write(dir.resolve("out").resolve("a.parquet"), schema, List.of(record));
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            Column.of("ts", ColumnType.TIMESTAMP),
            new Column("amount", ColumnType.DECIMAL, 5, 1, true),
            Column.of("missing", ColumnType.VARCHAR));

    List<Object[]> read = FilesSource.readAll(context(columns)).rows();

    assertThat(read)
        .singleElement()
        .satisfies(
            row ->
                assertThat(row)
                    .containsExactly(7L, 1_767_225_601_500L, new BigDecimal("2.5"), null));
  }

  private static Schema valueSchema(Schema record, String field) {
    Schema schema = record.getField(field).schema();
    return schema.getType() == Schema.Type.UNION ? schema.getTypes().get(1) : schema;
  }

  static List<Path> parquetFiles(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return new ArrayList<>(
          files.filter(f -> f.toString().endsWith(".parquet")).sorted().toList());
    }
  }
}
