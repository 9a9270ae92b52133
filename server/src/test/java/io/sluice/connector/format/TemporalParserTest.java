package io.sluice.connector.format;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TemporalParserTest {
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "2026-01-01 00:00:01.5         | 2026-01-01T00:00:01.500Z",
        "2026-01-01T00:00:01.5Z        | 2026-01-01T00:00:01.500Z",
        "2026-01-01t00:00:01.5z        | 2026-01-01T00:00:01.500Z",
        "2026-01-01T00:00:01.5         | 2026-01-01T00:00:01.500Z",
        "2026-01-01T02:00:01.5+02:00   | 2026-01-01T00:00:01.500Z",
        "2025-12-31T22:30:00-01:30     | 2026-01-01T00:00:00Z",
        "2026-01-01T02:00:00+0200      | 2026-01-01T00:00:00Z",
        "2026-01-01T02:00:00+02        | 2026-01-01T00:00:00Z",
        "2026-01-01 12:34              | 2026-01-01T12:34:00Z",
        "2026-01-01                    | 2026-01-01T00:00:00Z",
        "2026-01-01 00:00:00.123456789 | 2026-01-01T00:00:00.123Z",
        "2026-01-01 00:00:00.12        | 2026-01-01T00:00:00.120Z",
        "1969-12-31 23:59:59.999       | 1969-12-31T23:59:59.999Z",
        "2024-02-29 23:59:59           | 2024-02-29T23:59:59Z",
      })
  void parsesTimestampForms(String text, String expected) {
    assertThat(TemporalParser.parseTimestamp(text))
        .isEqualTo(Instant.parse(expected).toEpochMilli());
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "1767225601500", "-1000", "  42  "})
  void takesDigitsAsEpochMillis(String text) {
    assertThat(TemporalParser.parseTimestamp(text)).isEqualTo(Long.parseLong(text.trim()));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "-",
        "2026-1-01 00:00:00",
        "2026-13-01 00:00:00",
        "2026-02-29 00:00:00",
        "2026-01-01 24:00:00",
        "2026-01-01 00:60:00",
        "2026-01-01 00:00:60",
        "2026-01-01X00:00:00",
        "2026-01-01 00:00:00.",
        "2026-01-01 00:00:00.1234567890",
        "2026-01-01 00:00:00 UTC",
        "2026-01-01T00:00:00+25:00",
        "2026-01-01T00:00:00+02:0",
        "yesterday",
        "99999999999999999999",
        "1.5"
      })
  void rejectsOtherTimestamps(String text) {
    assertThatThrownBy(() -> TemporalParser.parseTimestamp(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01", "1970-01-01", "1900-03-01", " 2024-02-29 "})
  void parsesDates(String text) {
    assertThat(TemporalParser.parseDate(text)).isEqualTo(LocalDate.parse(text.trim()).toEpochDay());
  }

  @ParameterizedTest
  @ValueSource(strings = {"2026-01-01 00:00:00", "2026/01/01", "2026-02-30", "20260101", ""})
  void rejectsOtherDates(String text) {
    assertThatThrownBy(() -> TemporalParser.parseDate(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({
    "12:00:01.5, 12:00:01.500",
    "00:00, 00:00",
    "23:59:59.999, 23:59:59.999",
    "07:08:09, 07:08:09"
  })
  void parsesTimes(String text, String expected) {
    assertThat(TemporalParser.parseTime(text))
        .isEqualTo(LocalTime.parse(expected).toNanoOfDay() / 1_000_000);
  }

  @ParameterizedTest
  @ValueSource(strings = {"24:00:00", "12:00:00Z", "12", "noon", "12:00:01.5.5"})
  void rejectsOtherTimes(String text) {
    assertThatThrownBy(() -> TemporalParser.parseTime(text))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
