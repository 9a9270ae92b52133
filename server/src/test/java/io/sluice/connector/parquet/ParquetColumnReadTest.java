package io.sluice.connector.parquet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.JavaRows;
import io.sluice.connector.files.FilesSource;
import io.sluice.connector.sink.FilesSink;
import io.sluice.spi.connector.DeadLetter;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.parquet.avro.AvroParquetWriter;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.example.data.simple.SimpleGroupFactory;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.example.ExampleParquetWriter;
import org.apache.parquet.io.LocalInputFile;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.MessageTypeParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Parquet reader through parquet-mr's column readers: NULLs in every type, a few columns out of
 * many in another order, files of several row groups and pages, files of other writers (plain
 * parquet-hadoop and parquet-avro, required and optional fields, the logical types other tools
 * write), and the errors, each naming the file and the column.
 */
class ParquetColumnReadTest {
  private static final List<Column> ALL_TYPES =
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

  @TempDir Path dir;
  private final SourceMetrics metrics = new SourceMetrics();
  private final List<DeadLetter> deadLetters = new ArrayList<>();

  private SourceContext context(List<Column> columns, String... options) {
    Map<String, String> map = new HashMap<>();
    map.put("connector", "files");
    map.put("path", "in");
    map.put("format", "parquet");
    for (int i = 0; i < options.length; i += 2) {
      map.put(options[i], options[i + 1]);
    }
    return new SourceContext("events", columns, map, dir, metrics, deadLetters::add);
  }

  private List<Object[]> read(SourceContext context) {
    return FilesSource.readAll(context).rows();
  }

  private Path in(String name) throws IOException {
    return Files.createDirectories(dir.resolve("in")).resolve(name);
  }

  /** Writes {@code rows} of {@code schema} with plain parquet-hadoop (its example object model). */
  private static void writeGroups(
      Path file, MessageType schema, List<Group> rows, int rowGroupBytes) throws IOException {
    try (ParquetWriter<Group> writer =
        ExampleParquetWriter.builder(new LocalOutputFile(file))
            .withType(schema)
            .withRowGroupSize(rowGroupBytes)
            .withPageSize(1024)
            .build()) {
      for (Group row : rows) {
        writer.write(row);
      }
    }
  }

  private static Object[] row(Object... values) {
    return values;
  }

  @Test
  void nullsInEveryTypeSurviveAcrossManyRows() throws Exception {
    List<Object[]> rows = new ArrayList<>();
    for (int r = 0; r < 5_000; r++) {
      Object[] values =
          row(
              r % 2 == 0,
              (long) (r % 100),
              (long) (r % 30_000),
              (long) r * 7,
              (long) r * 1_000_003L,
              r / 4.0,
              r / 3.0,
              new BigDecimal(r).movePointLeft(2),
              "s" + (r % 13) + (r % 500 == 0 ? " ✓" : ""),
              (long) (r - 2_500),
              (long) (r * 1000 % 86_400_000),
              1_767_225_601_500L + r);
      for (int c = 0; c < values.length; c++) {
        if ((r + c) % 3 == 0) {
          values[c] = null;
        }
      }
      rows.add(values);
    }
    FilesSink sink = new FilesSink(context(ALL_TYPES, "path", "in"), "q");
    sink.write(0, JavaRows.toBatch(ALL_TYPES, rows));
    sink.commit(0);

    List<Object[]> read = read(context(ALL_TYPES));

    assertThat(read).hasSize(rows.size());
    for (int r = 0; r < rows.size(); r++) {
      Object[] expected = rows.get(r).clone();
      // booleans read as 1/0, REAL as the double of the float
      if (expected[0] != null) {
        expected[0] = (Boolean) expected[0] ? 1L : 0L;
      }
      if (expected[5] != null) {
        expected[5] = (double) (float) (double) expected[5];
      }
      assertThat(read.get(r)).as("row %d", r).containsExactly(expected);
    }
    assertThat(metrics.badRecords()).isZero();
  }

  @Test
  void readsOnlyTheProjectedColumnsInTheirDeclaredPlaces() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message wide {"
                + " required int64 id;"
                + " optional binary name (STRING);"
                + " optional group tags (LIST) { repeated group list { optional binary element"
                + " (STRING); } }"
                + " optional double amount;"
                + " optional int64 at (TIMESTAMP(MILLIS,true));"
                + " optional binary note (STRING);"
                + " optional int32 n;"
                + " }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    List<Group> rows = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      Group group =
          groups
              .newGroup()
              .append("id", (long) r)
              .append("name", "name" + r)
              .append("amount", r + 0.5)
              .append("at", 1_000L * r)
              .append("note", "note" + r)
              .append("n", r * 10);
      group.addGroup("tags").addGroup("list").append("element", "t" + r);
      rows.add(group);
    }
    writeGroups(in("a.parquet"), schema, rows, 1 << 20);
    // declared in another order than the file's; tags cannot be declared as a type, n is
    List<Column> columns =
        List.of(
            Column.of("note", ColumnType.VARCHAR),
            Column.of("n", ColumnType.INTEGER),
            Column.of("at", ColumnType.TIMESTAMP),
            Column.of("id", ColumnType.BIGINT),
            Column.of("name", ColumnType.VARCHAR),
            Column.of("amount", ColumnType.DOUBLE));

    // the query reads amount and note, in that order; the list column is never looked at
    List<Object[]> read = read(context(columns).withProjection(List.of(5, 0)));

    assertThat(read)
        .containsExactly(
            row("note0", null, null, null, null, 0.5),
            row("note1", null, null, null, null, 1.5),
            row("note2", null, null, null, null, 2.5));
    assertThat(read(context(columns).withProjection(List.of(3, 2))))
        .containsExactly(
            row(null, null, 0L, 0L, null, null),
            row(null, null, 1000L, 1L, null, null),
            row(null, null, 2000L, 2L, null, null));
    assertThat(deadLetters).isEmpty();

    // declared and read, the list column is an error naming it
    List<Column> withTags = new ArrayList<>(columns);
    withTags.add(Column.of("tags", ColumnType.VARCHAR));
    assertThat(read(context(withTags, "on-error", "dead-letter"))).isEmpty();
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.sourcePosition()).isEqualTo("file '" + in("a.parquet") + "'");
              assertThat(letter.error())
                  .isEqualTo(
                      "Cannot read Parquet file: column 'tags' is a group (LIST) in the file,"
                          + " which Sluice cannot read");
            });
  }

  @Test
  void readsFilesOfManyRowGroupsAndPagesNumberingBadRowsOverTheFile() throws Exception {
    Schema schema =
        new Schema.Parser()
            .parse(
                "{\"type\": \"record\", \"name\": \"r\", \"fields\": ["
                    + "{\"name\": \"id\", \"type\": \"long\"},"
                    + "{\"name\": \"name\", \"type\": [\"null\", \"string\"]},"
                    + "{\"name\": \"amount\", \"type\": \"string\"}]}");
    int count = 20_000;
    Path file = in("a.parquet");
    try (ParquetWriter<GenericRecord> writer =
        AvroParquetWriter.<GenericRecord>builder(new LocalOutputFile(file))
            .withSchema(schema)
            .withDataModel(GenericData.get())
            .withRowGroupSize(32 * 1024)
            .withPageSize(1024)
            .build()) {
      for (int r = 0; r < count; r++) {
        GenericRecord record = new GenericData.Record(schema);
        record.put("id", (long) r);
        // a small dictionary, and a unique value now and then
        record.put("name", r % 5 == 0 ? null : r % 1000 == 1 ? "unique" + r : "n" + r % 7);
        record.put("amount", r == 15_000 ? "lots" : Integer.toString(r * 2));
        writer.write(record);
      }
    }
    try (ParquetFileReader footer = ParquetFileReader.open(new LocalInputFile(file))) {
      assertThat(footer.getRowGroups()).hasSizeGreaterThan(2);
    }
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            Column.of("name", ColumnType.VARCHAR),
            Column.of("amount", ColumnType.BIGINT));

    List<Object[]> read = read(context(columns, "on-error", "dead-letter"));

    assertThat(read).hasSize(count - 1);
    for (int i = 0; i < read.size(); i++) {
      int r = i < 15_000 ? i : i + 1;
      Object name = r % 5 == 0 ? null : r % 1000 == 1 ? "unique" + r : "n" + r % 7;
      assertThat(read.get(i)).as("row %d", r).containsExactly((long) r, name, r * 2L);
    }
    assertThat(deadLetters)
        .singleElement()
        .satisfies(
            letter -> {
              assertThat(letter.sourcePosition()).isEqualTo("file '" + file + "' row 15001");
              assertThat(letter.error()).isEqualTo("Column 'amount' expects BIGINT, got 'lots'");
              assertThat(letter.raw())
                  .isEqualTo("{\"id\": 15000, \"name\": null, \"amount\": \"lots\"}");
            });
  }

  @Test
  void readsFilesOfOtherToolsWithRequiredOptionalAndLogicalTypes() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message spark_schema {"
                + " required int64 id;"
                + " optional binary name (STRING);"
                + " optional int32 day (DATE);"
                + " optional int64 at (TIMESTAMP(MICROS,true));"
                + " optional int64 at_nanos (TIMESTAMP(NANOS,false));"
                + " optional int96 legacy;"
                + " optional int32 tm (TIME(MILLIS,true));"
                + " optional int64 price (DECIMAL(12,2));"
                + " optional fixed_len_byte_array(9) big (DECIMAL(20,4));"
                + " optional float f;"
                + " optional boolean flag;"
                + " optional int32 small (INTEGER(16,true));"
                + " required binary code;"
                + " required int32 count;"
                + " }");
    long micros = Instant.parse("2026-01-01T00:00:01.500Z").toEpochMilli() * 1000 + 123;
    long millis = micros / 1000;
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    Group full =
        groups
            .newGroup()
            .append("id", 1L)
            .append("name", "ünï")
            .append("day", (int) LocalDate.parse("2026-02-03").toEpochDay())
            .append("at", micros)
            .append("at_nanos", micros * 1000 + 999)
            .append("legacy", int96(millis))
            .append("tm", (int) (LocalTime.parse("12:00:01.500").toNanoOfDay() / 1_000_000))
            .append("price", 12_345L)
            .append("big", fixed(new BigInteger("-123456789012345678"), 9))
            .append("f", 0.25f)
            .append("flag", true)
            .append("small", -300)
            .append("code", Binary.fromString("A1"))
            .append("count", 7);
    Group sparse =
        groups
            .newGroup()
            .append("id", 2L)
            .append("code", Binary.fromString("B2"))
            .append("count", 8);
    writeGroups(in("spark.parquet"), schema, List.of(full, sparse), 1 << 20);
    List<Column> columns =
        List.of(
            new Column("count", ColumnType.BIGINT, -1, -1, false),
            new Column("ID", ColumnType.BIGINT, -1, -1, false),
            Column.of("code", ColumnType.VARCHAR),
            Column.of("small", ColumnType.SMALLINT),
            Column.of("flag", ColumnType.BOOLEAN),
            Column.of("f", ColumnType.REAL),
            new Column("big", ColumnType.DECIMAL, 20, 4, true),
            new Column("price", ColumnType.DECIMAL, 12, 2, true),
            Column.of("tm", ColumnType.TIME),
            Column.of("legacy", ColumnType.TIMESTAMP),
            Column.of("at_nanos", ColumnType.TIMESTAMP),
            Column.of("at", ColumnType.TIMESTAMP),
            Column.of("day", ColumnType.DATE),
            Column.of("name", ColumnType.VARCHAR),
            Column.of("absent", ColumnType.VARCHAR));

    List<Object[]> read = read(context(columns));

    assertThat(read)
        .containsExactly(
            row(
                7L,
                1L,
                "A1",
                -300L,
                1L,
                0.25d,
                new BigDecimal("-12345678901234.5678"),
                new BigDecimal("123.45"),
                LocalTime.parse("12:00:01.500").toNanoOfDay() / 1_000_000,
                millis,
                millis,
                millis,
                LocalDate.parse("2026-02-03").toEpochDay(),
                "ünï",
                null),
            row(
                8L, 2L, "B2", null, null, null, null, null, null, null, null, null, null, null,
                null));
    assertThat(metrics.badRecords()).isZero();

    // the same fields as text, and a timestamp as a DATE
    List<Column> asText =
        List.of(
            Column.of("at", ColumnType.VARCHAR),
            Column.of("day", ColumnType.VARCHAR),
            Column.of("price", ColumnType.VARCHAR),
            Column.of("flag", ColumnType.VARCHAR),
            Column.of("at_nanos", ColumnType.DATE));
    assertThat(read(context(asText)))
        .containsExactly(
            row("2026-01-01T00:00:01.500", "2026-02-03", "123.45", "true", 20454L),
            row(null, null, null, null, null));
  }

  private static Binary int96(long epochMillis) {
    long julianDay = Math.floorDiv(epochMillis, 86_400_000L) + 2_440_588L;
    long nanosOfDay = Math.floorMod(epochMillis, 86_400_000L) * 1_000_000L;
    ByteBuffer bytes = ByteBuffer.allocate(12).order(ByteOrder.LITTLE_ENDIAN);
    bytes.putLong(nanosOfDay).putInt((int) julianDay);
    return Binary.fromConstantByteArray(bytes.array());
  }

  private static Binary fixed(BigInteger unscaled, int length) {
    byte[] value = unscaled.toByteArray();
    byte[] padded = new byte[length];
    Arrays.fill(padded, unscaled.signum() < 0 ? (byte) -1 : 0);
    System.arraycopy(value, 0, padded, length - value.length, value.length);
    return Binary.fromConstantByteArray(padded);
  }

  @Test
  void aSchemaThatDoesNotGiveTheColumnsIsABadFileNamingFileAndColumn() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; optional boolean flag; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    Path file = in("a.parquet");
    writeGroups(
        file, schema, List.of(groups.newGroup().append("id", 1L).append("flag", true)), 1 << 20);

    List<Column> missing =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            new Column("must", ColumnType.BIGINT, -1, -1, false));
    assertThat(read(context(missing, "on-error", "dead-letter"))).isEmpty();
    List<Column> wrongType =
        List.of(Column.of("id", ColumnType.BIGINT), Column.of("flag", ColumnType.DATE));
    assertThat(read(context(wrongType, "on-error", "dead-letter"))).isEmpty();

    assertThat(deadLetters)
        .extracting(DeadLetter::sourcePosition, DeadLetter::error)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "file '" + file + "'",
                "Cannot read Parquet file: the file has no column 'must', which is declared NOT"
                    + " NULL"),
            org.assertj.core.groups.Tuple.tuple(
                "file '" + file + "'",
                "Cannot read Parquet file: column 'flag' is BOOLEAN in the file, which does not"
                    + " convert to DATE"));
    assertThatThrownBy(() -> read(context(wrongType, "on-error", "fail")))
        .isInstanceOf(SourceReadException.class)
        .hasMessage(
            "Bad record in 'events', file '"
                + file
                + "': Cannot read Parquet file: column 'flag' is BOOLEAN in the file, which does"
                + " not convert to DATE");
  }

  @Test
  void valuesThatDoNotFitAreBadRowsNamingFileRowAndColumn() throws Exception {
    MessageType schema =
        MessageTypeParser.parseMessageType(
            "message m { required int64 id; optional int64 tiny; optional binary n (STRING);"
                + " optional int64 k; }");
    SimpleGroupFactory groups = new SimpleGroupFactory(schema);
    Path file = in("a.parquet");
    writeGroups(
        file,
        schema,
        List.of(
            groups.newGroup().append("id", 1L).append("tiny", 5L).append("n", "10").append("k", 1L),
            groups
                .newGroup()
                .append("id", 2L)
                .append("tiny", 300L)
                .append("n", "20")
                .append("k", 2L),
            groups.newGroup().append("id", 3L).append("tiny", 6L).append("n", "x").append("k", 3L),
            groups.newGroup().append("id", 4L).append("tiny", 7L).append("n", "40"),
            groups
                .newGroup()
                .append("id", 5L)
                .append("tiny", 8L)
                .append("n", "50")
                .append("k", 5L)),
        1 << 20);
    List<Column> columns =
        List.of(
            Column.of("id", ColumnType.BIGINT),
            Column.of("tiny", ColumnType.TINYINT),
            Column.of("n", ColumnType.BIGINT),
            new Column("k", ColumnType.BIGINT, -1, -1, false));

    List<Object[]> read = read(context(columns, "on-error", "dead-letter"));

    assertThat(read).containsExactly(row(1L, 5L, 10L, 1L), row(5L, 8L, 50L, 5L));
    assertThat(deadLetters)
        .extracting(DeadLetter::sourcePosition, DeadLetter::error, DeadLetter::raw)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "file '" + file + "' row 2",
                "Column 'tiny' expects TINYINT, got 300 (out of range)",
                "{\"id\": 2, \"tiny\": 300, \"n\": 20, \"k\": 2}"),
            org.assertj.core.groups.Tuple.tuple(
                "file '" + file + "' row 3",
                "Column 'n' expects BIGINT, got 'x'",
                "{\"id\": 3, \"tiny\": 6, \"n\": \"x\", \"k\": 3}"),
            org.assertj.core.groups.Tuple.tuple(
                "file '" + file + "' row 4",
                "column 'k' is declared NOT NULL but the record gives it no value",
                "{\"id\": 4, \"tiny\": 7, \"n\": 40, \"k\": null}"));
  }
}
