package io.sluice.connector.format;

import static io.sluice.connector.format.DecoderFixture.ALL_TYPES;
import static io.sluice.connector.format.DecoderFixture.days;
import static io.sluice.connector.format.DecoderFixture.millis;
import static io.sluice.connector.format.DecoderFixture.millisOfDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CsvRowDecoderTest {
  private final CsvRowDecoder decoder = new CsvRowDecoder(ALL_TYPES, Map.of());

  private Object[] decode(String line) throws BadRecordException {
    return DecoderFixture.decode(decoder, ALL_TYPES, line);
  }

  private static Object[] decode(List<Column> columns, Map<String, String> options, String line)
      throws BadRecordException {
    return DecoderFixture.decode(new CsvRowDecoder(columns, options), columns, line);
  }

  @Test
  void decodesEveryType() throws BadRecordException {
    Object[] row =
        decode(
            "TRUE,-128,32767,2147483647,9223372036854775807,1.5,-2.25e3,12.345,"
                + "héllo,2026-01-01,12:00:01.5,2026-01-01 00:00:01.5");

    assertThat(row)
        .containsExactly(
            1L,
            -128L,
            32767L,
            2147483647L,
            Long.MAX_VALUE,
            1.5d,
            -2250.0d,
            new BigDecimal("12.35"),
            "héllo",
            days("2026-01-01"),
            millisOfDay("12:00:01.500"),
            millis("2026-01-01T00:00:01.500Z"));
  }

  @Test
  void decodesEveryTypeWhenQuoted() throws BadRecordException {
    Object[] row =
        decode(
            "\"false\",\"1\",\"2\",\"3\",\"4\",\"0.5\",\"0.25\",\"1.005\","
                + "\"a, \"\"quoted\"\" text\",\"2026-01-01\",\"00:00\",\"2026-01-01T00:00:00Z\"");

    assertThat(row)
        .containsExactly(
            0L,
            1L,
            2L,
            3L,
            4L,
            0.5d,
            0.25d,
            new BigDecimal("1.01"),
            "a, \"quoted\" text",
            days("2026-01-01"),
            0L,
            millis("2026-01-01T00:00:00Z"));
  }

  /**
   * The byte paths test eight bytes at a time for line breaks among the control bytes: a tab or
   * another control byte inside a field stays in the field, on every path and in any position.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\t", "\u0001", "\u000b", "\f"})
  void controlBytesInsideAFieldStayInIt(String control) throws BadRecordException {
    List<Column> textFirst =
        List.of(Column.of("s", ColumnType.VARCHAR), Column.of("n", ColumnType.BIGINT));
    List<Column> textLast =
        List.of(Column.of("n", ColumnType.BIGINT), Column.of("s", ColumnType.VARCHAR));
    for (int at = 0; at <= 17; at++) {
      String field = "abcdefghijklmnopq".substring(0, at) + control + "rstuvwxyz" + control + "!";
      assertDecodedOnEveryPath(textFirst, Map.of(), field + ",42", field, 42L);
      assertDecodedOnEveryPath(textLast, Map.of(), "42," + field, 42L, field);
      if (!control.equals("\t")) {
        // a delimiter and a quote among the control bytes themselves
        Map<String, String> tabs = Map.of("csv.delimiter", "\\t", "csv.quote", "\u0002");
        assertDecodedOnEveryPath(textFirst, tabs, field + "\t42", field, 42L);
        assertDecodedOnEveryPath(textLast, tabs, "42\t" + field, 42L, field);
      }
    }
  }

  /**
   * {@code line} decoded alone and as the first line of a buffer (where the one-pass line decoding
   * takes it, a plain line) gives {@code expected}.
   */
  private static void assertDecodedOnEveryPath(
      List<Column> columns, Map<String, String> options, String line, Object... expected)
      throws BadRecordException {
    CsvRowDecoder csv = new CsvRowDecoder(columns, options);
    byte[] bytes = (line + "\n1,2\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);

    BatchBuilder whole = new BatchBuilder(DecoderFixture.types(columns), 1);
    csv.decode(bytes, 0, line.length(), whole);
    whole.endRow();
    assertThat(whole.build().row(0)).as("line %s", line).containsExactly(expected);

    BatchBuilder byLine = new BatchBuilder(DecoderFixture.types(columns), 1);
    int end = csv.decodeLine(bytes, 0, bytes.length, byLine);
    assertThat(end).as("end of line %s", line).isEqualTo(line.length());
    byLine.endRow();
    assertThat(byLine.build().row(0)).as("line %s", line).containsExactly(expected);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "2026-01-01 00:00:01.5        | 2026-01-01T00:00:01.500Z",
        "2026-01-01T00:00:01.5Z       | 2026-01-01T00:00:01.500Z",
        "2026-01-01T02:00:01.5+02:00  | 2026-01-01T00:00:01.500Z",
        "2026-01-01T00:00:01.5        | 2026-01-01T00:00:01.500Z",
        "1767225601500                | 2026-01-01T00:00:01.500Z",
        "\"2026-01-01 00:00:01.5\"    | 2026-01-01T00:00:01.500Z",
      })
  void decodesEveryTimestampForm(String field, String expected) throws BadRecordException {
    List<Column> columns = List.of(Column.of("ts", ColumnType.TIMESTAMP));
    assertThat(decode(columns, Map.of(), field)).containsExactly(millis(expected));
  }

  @Test
  void emptyFieldsAreNullExceptForVarchar() throws BadRecordException {
    Object[] expected = new Object[ALL_TYPES.size()];
    expected[8] = "";
    assertThat(decode(",,,,,,,,,,,")).containsExactly(expected);
    assertThat(decode("\"\",\"\",,,,,,,\"\",,,")).containsExactly(expected);
    assertThat(decode(" , ,,,,,,,,,, "))
        .containsExactly(null, null, null, null, null, null, null, null, "", null, null, null);
  }

  @Test
  void varcharKeepsSurroundingSpacesWhileOtherTypesTrim() throws BadRecordException {
    List<Column> columns =
        List.of(Column.of("s", ColumnType.VARCHAR), Column.of("n", ColumnType.BIGINT));
    assertThat(decode(columns, Map.of(), "  padded , 42 ")).containsExactly("  padded ", 42L);
  }

  @Test
  void honoursDelimiterAndQuoteOptions() throws BadRecordException {
    List<Column> columns =
        List.of(Column.of("s", ColumnType.VARCHAR), Column.of("n", ColumnType.BIGINT));
    assertThat(decode(columns, Map.of("csv.delimiter", ";"), "a,b;1")).containsExactly("a,b", 1L);
    assertThat(decode(columns, Map.of("csv.delimiter", "\\t"), "a b\t2"))
        .containsExactly("a b", 2L);
    assertThat(decode(columns, Map.of("csv.quote", "'"), "'x,y',3")).containsExactly("x,y", 3L);
    assertThat(decode(columns, Map.of("csv.quote", "'"), "\"x\",4")).containsExactly("\"x\"", 4L);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "a,1,2          | 3",
        "a              | 1",
        "''             | 1",
        "\"a,1\"        | 1",
        "\"a\",\"1\",   | 3",
      })
  void wrongArityNamesExpectedAndActualFieldCounts(String line, int actual) {
    List<Column> columns =
        List.of(Column.of("s", ColumnType.VARCHAR), Column.of("n", ColumnType.BIGINT));
    String record = line.equals("''") ? "" : line;
    assertThatThrownBy(() -> decode(columns, Map.of(), record))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("Expected 2 fields, got " + actual);
  }

  @ParameterizedTest
  @ValueSource(strings = {"\"unterminated,1", "\"a\"b,1", "a,\"1"})
  void malformedQuotingIsABadRecord(String line) {
    List<Column> columns =
        List.of(Column.of("s", ColumnType.VARCHAR), Column.of("n", ColumnType.BIGINT));
    assertThatThrownBy(() -> decode(columns, Map.of(), line))
        .isInstanceOf(BadRecordException.class)
        .hasMessageStartingWith("Malformed CSV");
  }

  @Test
  void valueNotFittingItsColumnNamesColumnTypeAndValue() {
    assertThatThrownBy(() -> decode("true,1,2,3,four,5,6,7,s,2026-01-01,00:00,0"))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("Column 'bi' expects BIGINT, got 'four'");
    assertThatThrownBy(() -> decode("true,1,2,3,4,5,6,7,s,2026-01-01,00:00,yesterday"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageStartingWith("Column 'ts' expects TIMESTAMP, got 'yesterday'");
    assertThatThrownBy(() -> decode("maybe,1,2,3,4,5,6,7,s,2026-01-01,00:00,0"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageStartingWith("Column 'b' expects BOOLEAN, got 'maybe'");
    assertThatThrownBy(() -> decode("true,1000,2,3,4,5,6,7,s,2026-01-01,00:00,0"))
        .isInstanceOf(BadRecordException.class)
        .hasMessage("Column 'ti' expects TINYINT, got '1000' (out of range)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", ";;", "ab"})
  void rejectsDelimiterThatIsNotOneCharacter(String delimiter) {
    assertThatThrownBy(() -> new CsvRowDecoder(ALL_TYPES, Map.of("csv.delimiter", delimiter)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'csv.delimiter'")
        .hasMessageContaining("single character");
  }

  @Test
  void rejectsQuoteEqualToDelimiter() {
    assertThatThrownBy(() -> new CsvRowDecoder(ALL_TYPES, Map.of("csv.quote", ",")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must differ");
  }
}
