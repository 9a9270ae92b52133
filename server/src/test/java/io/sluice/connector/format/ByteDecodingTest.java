package io.sluice.connector.format;

import static io.sluice.connector.format.DecoderFixture.ALL_TYPES;
import static io.sluice.connector.format.DecoderFixture.types;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.connector.datagen.nexmark.NexmarkTable;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.format.RowDecoder;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Decoding a record from its bytes gives exactly what decoding its text gives: the same row, or a
 * bad record with the same message.
 */
class ByteDecodingTest {
  private static final String[] FIELD_FORMS = {
    "",
    " ",
    "0",
    "-0",
    "+7",
    "  42  ",
    "-128",
    "128",
    "32768",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "123456789012345678",
    "1234567890123456789",
    "1.5",
    "-2.25e3",
    "1e400",
    "-1e400",
    "1e-400",
    "Infinity",
    "NaN",
    "0.1",
    ".5",
    "5.",
    "-.",
    "-",
    "+",
    "1.2.3",
    "12.345",
    "0.000000000000000000001",
    "123456789012345.6",
    "1234567890123456.7",
    "0.30000000000000004",
    "true",
    "FALSE",
    "yes",
    "x",
    "héllo",
    "2026-01-01",
    "2026-02-29",
    "2024-02-29",
    "0000-01-01",
    "2026-13-01",
    "12:00:01.5",
    "24:00",
    "2026-01-01 00:00:01.5",
    "2026-01-01T00:00:01.123456789Z",
    "2026-01-01T00:00:01.1234567890",
    "2026-01-01t23:59:59",
    "2026-01-01 23:59:60",
    "2026-01-01T00:00+02:00",
    "2026-01-01 00:00:00-0130",
    "2026-01-01 00:00:00Zx",
    "1436918400000",
    "-62198755200000",
    "+1436918400000",
    "2026-01-01 ",
    "2026-1-01",
    "2026-01-01 00:00:0",
    "2026-01-01 00:00:00.",
    "\u00a0",
    "\u20031",
    "a longer text with \u00fc past its first eight bytes",
    "plain ASCII text longer than eight bytes",
    "01234567890123456789012345",
    "12345678",
    "123456789",
    "1234567890123456",
    "12345678901234567",
    "00000042",
    "12:45",
    "1/2",
    "2015-07-15 00:01:10.000",
    "2015-07-15T23:59:59.999",
    "2015-02-29 00:00:00.000",
    "2016-02-29 00:00:00.000",
    "2015-07-15 24:00:00.000",
    "2015-07-15 00:60:00.000",
    "2015-07-15 00:00:60.000",
    "2015-07-15x00:00:00.000",
    "2015-07-15 00:00:00,000",
    "2015/07/15 00:00:00.000",
    "2015-07-15 00:00:00.0a0",
    " 015-07-15 00:00:00.000",
    "a line with spaces, tabs\tand words long enough for several words"
  };

  // the delimiters below '0' (',' and tab) let most words pass one test; ';' and '|' do not
  @ParameterizedTest
  @ValueSource(strings = {",", ";", "|", "\t"})
  void csvFromBytesEqualsCsvFromText(String delimiter) {
    String option = delimiter.equals("\t") ? "\\t" : delimiter;
    RowDecoder decoder = new CsvRowDecoder(ALL_TYPES, Map.of("csv.delimiter", option));
    Random random = new Random(13);
    for (int n = 0; n < 10_000; n++) {
      List<String> fields = new ArrayList<>();
      for (int c = 0; c < ALL_TYPES.size(); c++) {
        fields.add(FIELD_FORMS[random.nextInt(FIELD_FORMS.length)]);
      }
      if (random.nextInt(20) == 0) {
        fields.remove(0);
      }
      String line = String.join(delimiter, fields);
      if (random.nextInt(10) == 0) {
        line = line.replaceFirst(Pattern.quote(delimiter), delimiter + "\"") + "\"";
      }
      assertSameDecoding(decoder, line);
    }
  }

  /**
   * A line the one-pass split takes (it answers where the line ends) reads as its text reads; lines
   * it declines go the text path anyway. Delimiter and quote pairs around the pass test's bound
   * (the highest of them and CR), quotes among the control bytes included.
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        ",\"",
        ";'",
        "|\"",
        "\t\u0002",
        "\u0001\u0000",
        "\u0001\u000f",
        "\u0003\u0001",
        "#\"",
        "\"'"
      })
  void csvLinesTakenInOnePassReadAsTheirText(String delimiterAndQuote) throws BadRecordException {
    char delimiter = delimiterAndQuote.charAt(0);
    char quote = delimiterAndQuote.charAt(1);
    List<Column> columns =
        List.of(
            Column.of("a", ColumnType.BIGINT),
            Column.of("b", ColumnType.VARCHAR),
            Column.of("c", ColumnType.VARCHAR));
    RowDecoder decoder =
        new CsvRowDecoder(
            columns,
            Map.of(
                "csv.delimiter",
                delimiter == '\t' ? "\\t" : String.valueOf(delimiter),
                "csv.quote",
                String.valueOf(quote)));
    String alphabet = "0123456789abcdefgh\r\n\u0001\u0002\u000b " + delimiter + quote + quote;
    Random random = new Random(41);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder line = new StringBuilder();
      line.append(random.nextInt(1000)).append(delimiter);
      int length = random.nextInt(40);
      for (int i = 0; i < length; i++) {
        line.append(
            random.nextInt(3) == 0
                ? alphabet.charAt(random.nextInt(alphabet.length()))
                : (char) ('a' + random.nextInt(26)));
      }
      byte[] bytes = (line + "\n9,9,9").getBytes(StandardCharsets.UTF_8);
      BatchBuilder out = new BatchBuilder(types(columns), 1);
      int end = decoder.decodeLine(bytes, 0, bytes.length, out);
      if (end == RowDecoder.LINE_NOT_DECODED) {
        continue;
      }
      String taken = new String(bytes, 0, end, StandardCharsets.UTF_8);
      assertThat(taken).as(line.toString()).doesNotContain("\n", "\r");
      assertThat(bytes[end]).as(line.toString()).isIn((byte) '\n', (byte) '\r');
      out.endRow();
      BatchBuilder text = new BatchBuilder(types(columns), 1);
      decoder.decode(taken, text);
      text.endRow();
      assertThat(out.build().row(0)).as(line.toString()).isEqualTo(text.build().row(0));
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {",", ";", "|", "\t"})
  void csvSplitTakesPlainLinesInOnePass(String delimiter) {
    // the generator's bid, as the files sinks write it: auction .. extra
    List<Column> bid =
        NexmarkTable.BID.fields().stream()
            .map(field -> Column.of(field.column(), field.type()))
            .toList();
    String option = delimiter.equals("\t") ? "\\t" : delimiter;
    RowDecoder decoder = new CsvRowDecoder(bid, Map.of("csv.delimiter", option));
    Random random = new Random(31);
    for (int n = 0; n < 5_000; n++) {
      long auction = random.nextInt(1_000_000_000);
      long bidder = (long) random.nextInt(Integer.MAX_VALUE) * random.nextInt(1_000_000);
      long price = random.nextInt(1 + random.nextInt(100_000));
      String channel = "channel-" + random.nextInt(10_000);
      String url = "https://www.nexmark.com/item.htm?query=1&channel_id=" + random.nextInt();
      long millis = 1_436_918_400_000L + random.nextInt(1_000_000_000);
      String extra = "x".repeat(random.nextInt(100)) + " text";
      String line =
          String.join(
                  delimiter,
                  Long.toString(auction),
                  Long.toString(bidder),
                  Long.toString(price),
                  channel,
                  url,
                  LocalDateTime.ofEpochSecond(
                          millis / 1000, (int) (millis % 1000) * 1_000_000, ZoneOffset.UTC)
                      .format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS")),
                  extra)
              + "\n";
      byte[] bytes = (line + "1,2,3").getBytes(StandardCharsets.UTF_8);
      BatchBuilder out = new BatchBuilder(types(bid), 1);
      assertThat(decoder.decodeLine(bytes, 0, bytes.length, out))
          .as(line)
          .isEqualTo(line.length() - 1);
      out.endRow();
      assertThat(out.build().row(0))
          .as(line)
          .containsExactly(auction, bidder, price, channel, url, millis, extra);
    }
  }

  @Test
  void jsonFromBytesEqualsJsonFromText() {
    RowDecoder decoder = new JsonRowDecoder(ALL_TYPES);
    Random random = new Random(13);
    for (int n = 0; n < 20_000; n++) {
      StringBuilder line = new StringBuilder("{");
      for (int c = 0; c < ALL_TYPES.size(); c++) {
        if (random.nextInt(4) == 0) {
          continue;
        }
        String form = FIELD_FORMS[random.nextInt(FIELD_FORMS.length)];
        boolean bare = random.nextBoolean() && !form.isBlank() && !form.contains(" ");
        line.append(line.length() > 1 ? "," : "")
            .append('"')
            .append(ALL_TYPES.get(c).name())
            .append("\":")
            .append(bare ? form : '"' + form + '"');
      }
      assertSameDecoding(decoder, line.append('}').toString());
    }
  }

  /** Bare JSON values, some not JSON at all, for the byte scanner's edge cases. */
  private static final String[] JSON_VALUES = {
    "01",
    "-01",
    "1.",
    "-",
    "1e",
    "1e+",
    "2E-2",
    "-0.0",
    "12a",
    "1234567890123456789012",
    "tru",
    "nulls",
    "null",
    "{}",
    "{\"x\": 1}",
    "[1, 2]",
    "[]",
    "\"a\\\"b\"",
    "\"tab\tin\"",
    "\"\\u0041\"",
    "\"unterminated",
    "\"a long string, then \\\" an escape\"",
    "\"a long string, then a\ttab\"",
    "\"a long string, then \u00e9 and \\n\"",
    "\"2026-01-01 00:00:00\"",
    "\"  3  \"",
    "true",
    "false"
  };

  @Test
  void jsonSyntaxFromBytesEqualsJsonFromText() {
    RowDecoder decoder = new JsonRowDecoder(ALL_TYPES);
    Random random = new Random(17);
    String[] spaces = {"", " ", "  ", "\t", "\r"};
    for (int n = 0; n < 20_000; n++) {
      StringBuilder line = new StringBuilder(spaces[random.nextInt(spaces.length)]).append('{');
      int fields = random.nextInt(ALL_TYPES.size() + 2);
      for (int f = 0; f < fields; f++) {
        String name =
            switch (random.nextInt(8)) {
              case 0 -> "unknown";
              case 1 -> ALL_TYPES.get(random.nextInt(ALL_TYPES.size())).name().toUpperCase();
              default -> ALL_TYPES.get(random.nextInt(ALL_TYPES.size())).name();
            };
        String value =
            random.nextBoolean()
                ? JSON_VALUES[random.nextInt(JSON_VALUES.length)]
                : '"' + FIELD_FORMS[random.nextInt(FIELD_FORMS.length)] + '"';
        String space = spaces[random.nextInt(spaces.length)];
        line.append(f > 0 ? "," + space : space)
            .append('"')
            .append(name)
            .append('"')
            .append(space)
            .append(':')
            .append(space)
            .append(value);
      }
      switch (random.nextInt(12)) {
        case 0 -> line.append(",}");
        case 1 -> line.append("} x");
        case 2 -> line.append("");
        case 3 -> line.append("}]");
        default -> line.append('}').append(spaces[random.nextInt(spaces.length)]);
      }
      assertSameDecoding(decoder, line.toString());
    }
  }

  @Test
  void validJsonFromBytesEqualsJsonFromText() {
    // per column of ALL_TYPES, values it takes: the scanner must take such lines and agree
    String[][] valid = {
      {"true", "false", "null", "\"TRUE\""},
      {"-128", "127", "0", "-0", "\"7\""},
      {"-32768", "32767", "12"},
      {"-2147483648", "2147483647", "1.0", "1e3"},
      {"-922337203685477580", "123456789012345678", "-5", "\" 70 \""},
      {"1.5", "-2.25e3", "0", "-7", "3.4E38"},
      {"-0.0", "1e-300", "0.30000000000000004", "-12", "1E+2"},
      {"12.345", "-0.005", "7", "1e2"},
      {"\"héllo\"", "\"\"", "\"x y\"", "-12", "1.50", "true", "null"},
      {"\"2026-01-01\"", "\"1969-12-31\""},
      {"\"12:00:01.5\"", "\"23:59:59\""},
      {"\"2026-01-01 00:00:01.5\"", "1767225601500", "-62198755200000", "\"2026-01-01T00:00Z\""}
    };
    JsonRowDecoder decoder = new JsonRowDecoder(ALL_TYPES);
    Random random = new Random(19);
    int scanned = 0;
    for (int n = 0; n < 5_000; n++) {
      StringBuilder line = new StringBuilder("{");
      for (int c = 0; c < ALL_TYPES.size(); c++) {
        line.append(c > 0 ? (random.nextBoolean() ? ", " : ",") : "")
            .append('"')
            .append(ALL_TYPES.get(c).name())
            .append("\":")
            .append(random.nextBoolean() ? " " : "")
            .append(valid[c][random.nextInt(valid[c].length)]);
      }
      String json = line.append('}').toString();
      assertSameDecoding(decoder, json);
      if (scans(decoder, json)) {
        scanned++;
      }
    }
    assertThat(scanned).isEqualTo(5_000);
  }

  @Test
  void jsonScannerTakesFlatObjectsAndDeclinesTheRest() {
    JsonRowDecoder decoder = new JsonRowDecoder(ALL_TYPES);
    assertThat(scans(decoder, "{\"bi\": 7, \"s\": \"héllo\", \"unknown\": true, \"d\": 1.5e3}"))
        .isTrue();
    assertThat(scans(decoder, "{\"ts\":\"2026-01-01 00:00:00\",\"B\":false,\"dec\":null}"))
        .isTrue();
    assertThat(scans(decoder, "{}")).isTrue();
    // escapes, nesting, bad values and bad syntax are Jackson's
    assertThat(scans(decoder, "{\"s\": \"a\\\"b\"}")).isFalse();
    assertThat(scans(decoder, "{\"s\": {\"x\": 1}}")).isFalse();
    assertThat(scans(decoder, "{\"ti\": 300}")).isFalse();
    assertThat(scans(decoder, "{\"bi\": 01}")).isFalse();
    assertThat(scans(decoder, "{\"bi\": 1,}")).isFalse();
  }

  @Test
  void jsonFieldsInAnyOrderFindTheirColumnsByEveryByteOfTheirNames() throws BadRecordException {
    // names alike but for their last byte, up to and past a word's eight bytes
    List<String> names =
        List.of("a1", "a2", "ab", "abcdefgh", "abcdefgi", "abcdefghi", "abcdefghj", "b");
    List<Column> columns = names.stream().map(name -> Column.of(name, ColumnType.BIGINT)).toList();
    RowDecoder decoder = new JsonRowDecoder(columns);
    Random random = new Random(37);
    for (int n = 0; n < 2_000; n++) {
      List<Integer> order = new ArrayList<>(List.of(0, 1, 2, 3, 4, 5, 6, 7));
      Collections.shuffle(order, random);
      StringBuilder line = new StringBuilder("{");
      for (int column : order) {
        line.append(line.length() > 1 ? "," : "")
            .append('"')
            .append(names.get(column))
            .append("\":")
            .append(column * 11);
      }
      byte[] bytes = line.append('}').toString().getBytes(StandardCharsets.UTF_8);
      BatchBuilder out = new BatchBuilder(types(columns), 1);
      decoder.decode(bytes, 0, bytes.length, out);
      out.endRow();
      assertThat(out.build().row(0))
          .as(line.toString())
          .containsExactly(0L, 11L, 22L, 33L, 44L, 55L, 66L, 77L);
    }
  }

  @Test
  void jsonFieldNamesBeyondAsciiMatchTheirColumns() throws BadRecordException {
    List<io.sluice.spi.type.Column> columns =
        List.of(
            io.sluice.spi.type.Column.of("prénom", io.sluice.spi.type.ColumnType.VARCHAR),
            io.sluice.spi.type.Column.of("âge", io.sluice.spi.type.ColumnType.BIGINT));
    JsonRowDecoder decoder = new JsonRowDecoder(columns);
    byte[] line = "{\"prénom\": \"Zoë\", \"ÂGE\": 7}".getBytes(StandardCharsets.UTF_8);
    BatchBuilder out = new BatchBuilder(types(columns), 1);
    assertThat(FlatJsonScanner.decode(decoder, line, 0, line.length, out)).isTrue();
    out.endRow();
    assertThat(out.build().row(0)).containsExactly("Zoë", 7L);
  }

  private static boolean scans(JsonRowDecoder decoder, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    BatchBuilder out = new BatchBuilder(types(ALL_TYPES), 1);
    return FlatJsonScanner.decode(decoder, bytes, 0, bytes.length, out);
  }

  @Test
  void unreadColumnsAreCheckedAlike() throws BadRecordException {
    RowDecoder all = new CsvRowDecoder(ALL_TYPES, Map.of());
    RowDecoder some = new CsvRowDecoder(ALL_TYPES, Map.of(), java.util.Set.of(4));
    String line = "true,1,2,3,4,1.5,2.5,1.25,text,2026-01-01,12:00,2026-01-01 00:00:00";
    BatchBuilder out = new BatchBuilder(types(ALL_TYPES), 1);
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    some.decode(bytes, 0, bytes.length, out);
    out.endRow();
    assertThat(out.build().row(0)[4]).isEqualTo(4L);

    String bad = line.replace("1.5", "x");
    assertThat(message(some, bad)).isEqualTo(message(all, bad)).contains("Column 'r'");
    byte[] badUtf8 = line.getBytes(StandardCharsets.UTF_8);
    badUtf8[line.indexOf("text")] = (byte) 0xFE;
    assertThatThrownBy(() -> some.decode(badUtf8, 0, badUtf8.length, out))
        .hasMessage(
            "the record is not valid UTF-8: byte 0xFE at byte " + (line.indexOf("text") + 1));
  }

  private static String message(RowDecoder decoder, String line) {
    byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
    try {
      BatchBuilder out = new BatchBuilder(types(ALL_TYPES), 1);
      decoder.decode(bytes, 0, bytes.length, out);
      return null;
    } catch (BadRecordException e) {
      return e.getMessage();
    }
  }

  private static void assertSameDecoding(RowDecoder decoder, String line) {
    Object fromText = decodeText(decoder, line);
    Object fromBytes = decodeBytes(decoder, line.getBytes(StandardCharsets.UTF_8));
    assertThat(describe(fromBytes)).as(line).isEqualTo(describe(fromText));
  }

  private static Object decodeText(RowDecoder decoder, String line) {
    BatchBuilder out = new BatchBuilder(types(ALL_TYPES), 1);
    try {
      decoder.decode(line, out);
      out.endRow();
      return out.build().row(0);
    } catch (BadRecordException e) {
      return e.getMessage();
    }
  }

  private static Object decodeBytes(RowDecoder decoder, byte[] bytes) {
    // a record in the middle of a larger buffer, as a line of a file is
    byte[] padded = new byte[bytes.length + 8];
    Arrays.fill(padded, (byte) '7');
    System.arraycopy(bytes, 0, padded, 4, bytes.length);
    BatchBuilder out = new BatchBuilder(types(ALL_TYPES), 1);
    try {
      decoder.decode(padded, 4, bytes.length, out);
      out.endRow();
      return out.build().row(0);
    } catch (BadRecordException e) {
      return e.getMessage();
    }
  }

  private static String describe(Object decoded) {
    if (decoded instanceof Object[] row) {
      StringBuilder text = new StringBuilder("row");
      for (Object value : row) {
        // a double by its bits: -0.0 and 0.0 differ, as do two roundings
        text.append(' ')
            .append(value instanceof Double d ? "d" + Double.doubleToRawLongBits(d) : value);
      }
      return text.toString();
    }
    return "bad: " + decoded;
  }
}
