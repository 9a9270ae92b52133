package io.sluice.connector.format;

import static io.sluice.connector.format.DecoderFixture.ALL_TYPES;
import static io.sluice.connector.format.DecoderFixture.days;
import static io.sluice.connector.format.DecoderFixture.millis;
import static io.sluice.connector.format.DecoderFixture.millisOfDay;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.spi.batch.Batch;
import io.sluice.spi.batch.BatchBuilder;
import io.sluice.spi.connector.BadRecordException;
import io.sluice.spi.type.Column;
import io.sluice.spi.type.ColumnType;
import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class JsonRowDecoderTest {
  private final JsonRowDecoder decoder = new JsonRowDecoder(ALL_TYPES);

  private Object[] decode(String json) throws BadRecordException {
    return DecoderFixture.decode(decoder, ALL_TYPES, json);
  }

  private static Object[] decodeOne(Column column, String json) throws BadRecordException {
    return DecoderFixture.decode(new JsonRowDecoder(List.of(column)), List.of(column), json);
  }

  @Test
  void decodesEveryTypeFromNativeJsonValues() throws BadRecordException {
    Object[] row =
        decode(
            "{\"b\": true, \"ti\": -128, \"si\": 32767, \"i\": 2147483647,"
                + " \"bi\": 9223372036854775807, \"r\": 1.5, \"d\": -2.25e3, \"dec\": 12.345,"
                + " \"s\": \"héllo\", \"dt\": \"2026-01-01\", \"tm\": \"12:00:01.5\","
                + " \"ts\": \"2026-01-01 00:00:01.5\"}");

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
  void decodesEveryTypeFromStrings() throws BadRecordException {
    Object[] row =
        decode(
            "{\"b\": \"FALSE\", \"ti\": \"7\", \"si\": \"-7\", \"i\": \" 70 \","
                + " \"bi\": \"700\", \"r\": \"0.25\", \"d\": \"1e-3\", \"dec\": \"-0.005\", \"s\": \"x\","
                + " \"dt\": \"1969-12-31\", \"tm\": \"23:59:59\", \"ts\": \"1767225601500\"}");

    assertThat(row)
        .containsExactly(
            0L,
            7L,
            -7L,
            70L,
            700L,
            0.25d,
            0.001d,
            new BigDecimal("-0.01"),
            "x",
            -1L,
            millisOfDay("23:59:59"),
            millis("2026-01-01T00:00:01.500Z"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "\"2026-01-01 00:00:01.5\"      | 2026-01-01T00:00:01.500Z",
        "\"2026-01-01T00:00:01.5Z\"     | 2026-01-01T00:00:01.500Z",
        "\"2026-01-01T02:00:01.5+02:00\"| 2026-01-01T00:00:01.500Z",
        "\"2026-01-01T00:00:01.5\"      | 2026-01-01T00:00:01.500Z",
        "1767225601500                  | 2026-01-01T00:00:01.500Z",
        "1.7672256015E12                | 2026-01-01T00:00:01.500Z",
      })
  void decodesEveryTimestampForm(String json, String expected) throws BadRecordException {
    assertThat(decodeOne(Column.of("ts", ColumnType.TIMESTAMP), "{\"ts\": " + json + "}"))
        .containsExactly(millis(expected));
  }

  @Test
  void matchesFieldNamesCaseInsensitivelyAndPrefersExactMatch() throws BadRecordException {
    List<Column> columns =
        List.of(
            Column.of("Price", ColumnType.BIGINT),
            Column.of("id", ColumnType.BIGINT),
            Column.of("ID", ColumnType.BIGINT));
    JsonRowDecoder caseDecoder = new JsonRowDecoder(columns);

    assertThat(DecoderFixture.decode(caseDecoder, columns, "{\"PRICE\": 1, \"id\": 2, \"ID\": 3}"))
        .containsExactly(1L, 2L, 3L);
    assertThat(DecoderFixture.decode(caseDecoder, columns, "{\"price\": 4, \"Id\": 5}"))
        .containsExactly(4L, 5L, null);
  }

  @Test
  void missingAndNullFieldsAreNullAndUnknownFieldsAreIgnored() throws BadRecordException {
    Object[] row =
        decode(
            "{\"extra\": {\"nested\": [1, {\"b\": false}]}, \"bi\": 5,"
                + " \"s\": null, \"more\": [\"x\"], \"other\": \"y\"}");

    Object[] expected = new Object[ALL_TYPES.size()];
    expected[4] = 5L;
    assertThat(row).containsExactly(expected);
  }

  @Test
  void varcharTakesTheJsonTextOfNonStrings() throws BadRecordException {
    Column s = Column.of("s", ColumnType.VARCHAR);
    assertThat(decodeOne(s, "{\"s\": 1.50}")).containsExactly("1.50");
    assertThat(decodeOne(s, "{\"s\": 12345678901234567890123}"))
        .containsExactly("12345678901234567890123");
    assertThat(decodeOne(s, "{\"s\": true}")).containsExactly("true");
    assertThat(decodeOne(s, "{\"s\": {\"a\": [1, \"x\"]}}")).containsExactly("{\"a\":[1,\"x\"]}");
    assertThat(decodeOne(s, "{\"s\": [1,2]}")).containsExactly("[1,2]");
  }

  @Test
  void decimalRespectsDeclaredScaleAndPrecision() throws BadRecordException {
    Column scaled = new Column("dec", ColumnType.DECIMAL, 5, 2, true);
    assertThat(decodeOne(scaled, "{\"dec\": 1}")).containsExactly(new BigDecimal("1.00"));
    assertThat(decodeOne(scaled, "{\"dec\": 123.455}")).containsExactly(new BigDecimal("123.46"));
    assertThatThrownBy(() -> decodeOne(scaled, "{\"dec\": 1234.5}"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageContaining("'dec'")
        .hasMessageContaining("DECIMAL(5, 2)")
        .hasMessageContaining("1234.5");

    Column unscaled = Column.of("dec", ColumnType.DECIMAL);
    assertThat(decodeOne(unscaled, "{\"dec\": 1.234567890123456789}"))
        .containsExactly(new BigDecimal("1.234567890123456789"));
  }

  @Test
  void integralFloatsFitIntegerColumns() throws BadRecordException {
    assertThat(decodeOne(Column.of("i", ColumnType.INTEGER), "{\"i\": 3.0}")).containsExactly(3L);
    assertThat(decodeOne(Column.of("i", ColumnType.INTEGER), "{\"i\": 1e3}"))
        .containsExactly(1000L);
  }

  @Test
  void realIsRoundedToFloatPrecision() throws BadRecordException {
    assertThat(decodeOne(Column.of("r", ColumnType.REAL), "{\"r\": 0.1}"))
        .containsExactly((double) 0.1f);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        "ti  | 128                     | TINYINT   | 128",
        "si  | -32769                  | SMALLINT  | -32769",
        "i   | 2147483648              | INTEGER   | 2147483648",
        "bi  | 9223372036854775808     | BIGINT    | 9223372036854775808",
        "bi  | 1.5                     | BIGINT    | 1.5",
        "bi  | \"abc\"                 | BIGINT    | 'abc'",
        "bi  | \"\"                    | BIGINT    | ''",
        "bi  | true                    | BIGINT    | true",
        "bi  | {\"x\": 1}              | BIGINT    | {\"x\":1}",
        "b   | 1                       | BOOLEAN   | 1",
        "b   | \"yes\"                 | BOOLEAN   | 'yes'",
        "r   | 1e39                    | REAL      | 1.0E39",
        "d   | \"1,5\"                 | DOUBLE    | '1,5'",
        "dec | \"12a\"                 | DECIMAL   | '12a'",
        "dt  | \"2026-02-30\"          | DATE      | '2026-02-30'",
        "dt  | 20260101                | DATE      | 20260101",
        "tm  | \"25:00\"               | TIME      | '25:00'",
        "ts  | \"2026-01-01 25:00:00\" | TIMESTAMP | '2026-01-01 25:00:00'",
        "ts  | false                   | TIMESTAMP | false",
      })
  void valueNotFittingItsColumnNamesColumnTypeAndValue(
      String column, String json, String type, String shown) {
    assertThatThrownBy(() -> decode("{\"" + column + "\": " + json + "}"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageStartingWith("Column '" + column + "' expects " + type)
        .hasMessageContaining(shown);
  }

  @Test
  void longOffendingValuesAreShortened() {
    String huge = "x".repeat(10_000);
    assertThatThrownBy(() -> decode("{\"bi\": \"" + huge + "\"}"))
        .isInstanceOf(BadRecordException.class)
        .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(200));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"bi\": 1",
        "{\"bi\": }",
        "{\"bi\" 1}",
        "[1, 2]",
        "42",
        "\"text\"",
        "",
        "   ",
        "null",
        "{\"bi\": 1} {\"bi\": 2}",
        "{\"bi\": 1} trailing",
        "not json",
        "{'bi': 1}"
      })
  void malformedOrNonObjectJsonIsABadRecord(String record) {
    assertThatThrownBy(() -> decode(record)).isInstanceOf(BadRecordException.class);
  }

  @Test
  void truncatedJsonSaysItIsMalformedWithoutEchoingTheRecord() {
    assertThatThrownBy(() -> decode("{\"s\": \"secret-ish\", \"bi\": 1"))
        .isInstanceOf(BadRecordException.class)
        .hasMessageStartingWith("Malformed JSON")
        .hasMessageNotContaining("secret-ish");
  }

  @Test
  void aBadRecordLeavesTheBuilderUsableAfterDiscard() throws BadRecordException {
    List<Column> columns =
        List.of(Column.of("a", ColumnType.BIGINT), Column.of("s", ColumnType.VARCHAR));
    JsonRowDecoder twoColumns = new JsonRowDecoder(columns);
    BatchBuilder builder = new BatchBuilder(DecoderFixture.types(columns), 1);
    twoColumns.decode("{\"a\": 1, \"s\": \"one\"}", builder);
    builder.endRow();
    assertThatThrownBy(() -> twoColumns.decode("{\"s\": \"half\", \"a\": \"x\"}", builder))
        .isInstanceOf(BadRecordException.class);
    builder.discardRow();
    twoColumns.decode("{\"a\": 3}", builder);
    builder.endRow();

    Batch batch = builder.build();
    assertThat(batch.rows()).containsExactly(new Object[] {1L, "one"}, new Object[] {3L, null});
  }
}
