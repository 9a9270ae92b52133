package io.sluice.connector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordHandler;
import io.sluice.spi.connector.SourceContext;
import io.sluice.spi.connector.SourceMetrics;
import io.sluice.spi.connector.SourceReadException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.StringJoiner;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Lines split from bytes as {@link BufferedReader#readLine()} splits text, wherever the reader's
 * buffer happens to end (a {@code \r\n} cut in two, a line longer than the buffer).
 */
class LineFileReaderTest {
  private static final List<Column> LINE = List.of(Column.of("line", ColumnType.VARCHAR));
  private static final List<Column> PRODUCTS =
      List.of(
          Column.of("id", ColumnType.BIGINT),
          Column.of("name", ColumnType.VARCHAR),
          Column.of("price", ColumnType.DOUBLE));

  @TempDir Path dir;

  @Test
  void splitsLinesAsReadLineDoesForAnyBufferSize() throws IOException {
    Random random = new Random(7);
    String[] pieces = {
      "a", "bc", "x,y", "é", " ", "\n", "\r", "\r\n", "\n\n", "\r\r", "0123456789"
    };
    for (int n = 0; n < 300; n++) {
      StringBuilder text = new StringBuilder();
      int count = random.nextInt(40);
      for (int i = 0; i < count; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      Path file = dir.resolve("f" + n + ".csv");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      for (int bufferSize : new int[] {1, 2, 3, 8, 9, 16, 1 << 20}) {
        assertThat(read(file, bufferSize))
            .as("%s, buffer %d", text, bufferSize)
            .isEqualTo(expected(text.toString()));
      }
    }
  }

  /**
   * Lines of several typed columns, decoded while their end is found (the reader's fast path), come
   * out as each line decoded alone does: quoted fields, wrong field counts, bad values, blank and
   * non-ASCII lines and line breaks wherever the buffer ends included.
   */
  @Test
  void decodesLinesOfSeveralColumnsAsEachLineAloneDecodes() throws IOException {
    List<Column> columns = PRODUCTS;
    Random random = new Random(13);
    String[] fields = {"1", "-42", "x", "", "\"a,b\"", "é", "2.5", " 7", "9223372036854775808"};
    String[] breaks = {"\n", "\r\n", "\r", "\n\n", " \n"};
    for (int n = 0; n < 200; n++) {
      String text =
          randomLines(
              random,
              fields,
              breaks,
              () -> random.nextInt(8) == 0 ? 2 + random.nextInt(3) : 3,
              line -> line);
      assertReadAsEachLineAloneDecodes(
          "c" + n + ".csv", text, columns, () -> new CsvRowDecoder(columns, Map.of()));
    }
  }

  /**
   * JSON lines the flat scanner takes (decoding each as it finds its end) and lines it leaves to
   * Jackson: escapes, nesting, bad values, missing and unknown fields, objects cut by a line break.
   */
  @Test
  void decodesJsonLinesAsEachLineAloneDecodes() throws IOException {
    List<Column> columns = PRODUCTS;
    Random random = new Random(17);
    String[] fields = {
      "\"id\":1",
      "\"id\": -42 ",
      "\"id\":\"x\"",
      "\"name\":\"é\"",
      "\"name\":\"a\\\"b\"",
      "\"name\":null",
      "\"name\":true",
      "\"price\":2.5",
      "\"price\":1e400",
      "\"other\":{\"a\":[1]}",
      "\"other\":\"ignored\"",
      "\t\"id\":7\t",
      "\"id\":\n3"
    };
    String[] breaks = {"\n", "\r\n", "\r", "\n\n", " \n", "\t\n"};
    for (int n = 0; n < 200; n++) {
      String text =
          randomLines(
              random,
              fields,
              breaks,
              () -> random.nextInt(4),
              // now and then an object without its end
              line -> "{" + line + (random.nextInt(10) == 0 ? "" : "}"));
      assertReadAsEachLineAloneDecodes(
          "j" + n + ".json", text, columns, () -> new JsonRowDecoder(columns));
    }
  }

  /**
   * Up to 30 lines, each of {@code arity} fields drawn from {@code fields}, joined by commas and
   * passed through {@code line}, each ended by one of {@code breaks}.
   */
  private static String randomLines(
      Random random,
      String[] fields,
      String[] breaks,
      IntSupplier arity,
      UnaryOperator<String> line) {
    StringBuilder text = new StringBuilder();
    int count = random.nextInt(30);
    for (int i = 0; i < count; i++) {
      StringJoiner joined = new StringJoiner(",");
      int n = arity.getAsInt();
      for (int f = 0; f < n; f++) {
        joined.add(fields[random.nextInt(fields.length)]);
      }
      text.append(line.apply(joined.toString())).append(breaks[random.nextInt(breaks.length)]);
    }
    return text.toString();
  }

  /**
   * {@code text}, written to file {@code name}, read with buffers of any size as its lines decoded
   * alone.
   */
  private void assertReadAsEachLineAloneDecodes(
      String name, String text, List<Column> columns, Supplier<RowDecoder> decoders)
      throws IOException {
    Path file = dir.resolve(name);
    Files.writeString(file, text, StandardCharsets.UTF_8);
    List<List<Object>> expected = decodeEach(decoders.get(), columns, expected(text));
    for (int bufferSize : new int[] {1, 5, 16, 64, 1 << 20}) {
      assertThat(readRows(file, columns, decoders.get(), bufferSize))
          .as("%s, buffer %d", text, bufferSize)
          .isEqualTo(expected);
    }
  }

  /** The rows of {@code lines} (none blank) decoded one at a time, bad records skipped. */
  private static List<List<Object>> decodeEach(
      RowDecoder decoder, List<Column> columns, List<String> lines) {
    BatchBuilder out =
        new BatchBuilder(columns.stream().map(Column::type).toList(), lines.size() + 1);
    for (String line : lines) {
      try {
        decoder.decode(line, out);
        out.endRow();
      } catch (io.sluice.spi.connector.BadRecordException e) {
        out.discardRow();
      }
    }
    List<List<Object>> rows = new ArrayList<>();
    for (Object[] row : out.build().rows()) {
      rows.add(java.util.Arrays.asList(row));
    }
    return rows;
  }

  private List<List<Object>> readRows(
      Path file, List<Column> columns, RowDecoder decoder, int bufferSize) throws IOException {
    LineFileReader reader = new LineFileReader(decoder, false, bufferSize);
    BatchBuilder out = new BatchBuilder(columns.stream().map(Column::type).toList(), 4);
    SourceContext context =
        new SourceContext(
            "t", columns, Map.of("on-error", "skip"), Path.of("."), new SourceMetrics());
    reader.read(file, out, new BadRecordHandler(context, LoggerFactory.getLogger("test")));
    List<List<Object>> rows = new ArrayList<>();
    for (Object[] row : out.build().rows()) {
      rows.add(java.util.Arrays.asList(row));
    }
    return rows;
  }

  @Test
  void rangesCutAnywhereReadEveryLineOnce() throws IOException {
    Random random = new Random(11);
    String[] pieces = {"a", "bc", "é", " ", "\n", "\r", "\r\n", "\n\n", "\r\r", "0123456789"};
    for (int n = 0; n < 120; n++) {
      StringBuilder text = new StringBuilder();
      int count = random.nextInt(30);
      for (int i = 0; i < count; i++) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      Path file = dir.resolve("r" + n + ".csv");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      long size = Files.size(file);
      for (int bufferSize : new int[] {1, 3, 1 << 20}) {
        // one cut anywhere, and cuts at every third byte
        for (long cut = 0; cut <= size; cut++) {
          List<String> lines = new ArrayList<>(read(file, bufferSize, 0, cut));
          lines.addAll(read(file, bufferSize, cut, Long.MAX_VALUE));
          assertThat(lines)
              .as("%s cut at %d, buffer %d", text, cut, bufferSize)
              .isEqualTo(expected(text.toString()));
        }
        List<String> lines = new ArrayList<>();
        for (long from = 0; from <= size; from += 3) {
          lines.addAll(read(file, bufferSize, from, from + 3));
        }
        assertThat(lines).as("%s in threes", text).isEqualTo(expected(text.toString()));
      }
    }
  }

  @Test
  void aBadRecordInALaterRangeIsNamedByItsLineInTheFile() throws IOException {
    Path file = dir.resolve("bad.csv");
    Files.writeString(file, "1\r\n2\n\n3\rnot a number\n5\n", StandardCharsets.UTF_8);
    List<Column> number = List.of(Column.of("n", ColumnType.BIGINT));
    LineFileReader reader = new LineFileReader(new CsvRowDecoder(number, Map.of()), false);
    SourceContext context =
        new SourceContext(
            "t", number, Map.of("on-error", "fail"), Path.of("."), new SourceMetrics());
    BadRecordHandler bad = new BadRecordHandler(context, LoggerFactory.getLogger("test"));
    BatchBuilder first = new BatchBuilder(List.of(ColumnType.BIGINT), 4);
    reader.read(file, 0, 7, first, bad);
    assertThat(first.build().rows()).extracting(row -> row[0]).containsExactly(1L, 2L, 3L);

    // lines 1 to 4 start before byte 7: the range from it starts at line 5
    assertThatThrownBy(
            () ->
                reader.read(
                    file, 7, Long.MAX_VALUE, new BatchBuilder(List.of(ColumnType.BIGINT), 4), bad))
        .isInstanceOf(SourceReadException.class)
        .hasMessageStartingWith("Bad record in 't', file '" + file + "' line 5: ");
  }

  @Test
  void findsLineBreaksEightBytesAtATime() {
    byte[] bytes = "abcdefgh\rijklmnopqrstuvwxyz\n1234567".getBytes(StandardCharsets.UTF_8);
    assertThat(LineFileReader.nextLineBreak(bytes, 0, bytes.length)).isEqualTo(8);
    assertThat(LineFileReader.nextLineBreak(bytes, 9, bytes.length)).isEqualTo(27);
    assertThat(LineFileReader.nextLineBreak(bytes, 28, bytes.length)).isEqualTo(-1);
    // bytes that differ from a line break by one bit, or are 0x80 apart, are not one
    byte[] near = {0x0B, 0x0C, 0x08, 0x0E, (byte) 0x8A, (byte) 0x8D, 0x00, 0x1A, 0x0A};
    assertThat(LineFileReader.nextLineBreak(near, 0, near.length)).isEqualTo(8);
  }

  /** The non-blank lines, as the decoder sees them. */
  private static List<String> expected(String text) throws IOException {
    List<String> lines = new ArrayList<>();
    BufferedReader reader = new BufferedReader(new StringReader(text));
    String line;
    while ((line = reader.readLine()) != null) {
      if (!line.isBlank()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static List<String> read(Path file, int bufferSize, long from, long to)
      throws IOException {
    LineFileReader reader =
        new LineFileReader(
            new CsvRowDecoder(LINE, Map.of("csv.delimiter", "\t")), false, bufferSize);
    BatchBuilder out = new BatchBuilder(List.of(ColumnType.VARCHAR), 4);
    SourceContext context =
        new SourceContext("t", LINE, Map.of("on-error", "fail"), Path.of("."), new SourceMetrics());
    reader.read(
        file, from, to, out, new BadRecordHandler(context, LoggerFactory.getLogger("test")));
    List<String> lines = new ArrayList<>();
    for (Object[] row : out.build().rows()) {
      lines.add((String) row[0]);
    }
    return lines;
  }

  private static List<String> read(Path file, int bufferSize) throws IOException {
    LineFileReader reader =
        new LineFileReader(
            new CsvRowDecoder(LINE, Map.of("csv.delimiter", "\t")), false, bufferSize);
    BatchBuilder out = new BatchBuilder(List.of(ColumnType.VARCHAR), 4);
    SourceContext context =
        new SourceContext("t", LINE, Map.of("on-error", "fail"), Path.of("."), new SourceMetrics());
    reader.read(file, out, new BadRecordHandler(context, LoggerFactory.getLogger("test")));
    List<String> lines = new ArrayList<>();
    for (Object[] row : out.build().rows()) {
      lines.add((String) row[0]);
    }
    return lines;
  }
}
