package io.sluice.connector.format;

import java.time.DateTimeException;
import java.time.LocalDate;

/**
 * Parses DATE, TIME and TIMESTAMP text into Calcite's internal form (days since epoch, millis of
 * day, epoch millis), reading every time as UTC unless the text carries an offset.
 *
 * <p>Hand-written rather than built on {@code DateTimeFormatter} because it runs once per value in
 * every decoded record, and the formatter's general machinery costs several times more.
 */
public final class TemporalParser {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private static final String TIMESTAMP_FORMS =
      "expected e.g. '2026-01-01 00:00:01.5', '2026-01-01T00:00:01.5Z', "
          + "'2026-01-01T00:00:01.5+02:00' or epoch milliseconds";

  private TemporalParser() {}

  /**
   * Epoch millis of a timestamp: {@code yyyy-MM-dd[( |T)HH:mm[:ss[.fraction]]][Z|±HH[:mm]]}, or an
   * all-digit (optionally negative) number taken as epoch milliseconds. Fractions finer than a
   * millisecond are truncated.
   *
   * @throws IllegalArgumentException when the text is none of these
   */
  public static long parseTimestamp(String text) {
    String s = text.trim();
    if (isInteger(s)) {
      try {
        return Long.parseLong(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("epoch milliseconds out of range");
      }
    }
    Cursor c = new Cursor(s);
    long epochDay = c.date(TIMESTAMP_FORMS);
    long millisOfDay = 0;
    if (!c.atEnd()) {
      char separator = c.next();
      if (separator != ' ' && separator != 'T' && separator != 't') {
        throw c.fail(TIMESTAMP_FORMS);
      }
      millisOfDay = c.time(TIMESTAMP_FORMS);
    }
    long offsetMillis = c.atEnd() ? 0 : c.offset(TIMESTAMP_FORMS);
    if (!c.atEnd()) {
      throw c.fail(TIMESTAMP_FORMS);
    }
    return epochDay * MILLIS_PER_DAY + millisOfDay - offsetMillis;
  }

  /**
   * Days since epoch of {@code yyyy-MM-dd}.
   *
   * @throws IllegalArgumentException when the text is not such a date
   */
  public static long parseDate(String text) {
    Cursor c = new Cursor(text.trim());
    long epochDay = c.date("expected a date like '2026-01-01'");
    if (!c.atEnd()) {
      throw c.fail("expected a date like '2026-01-01'");
    }
    return epochDay;
  }

  /**
   * Millis of the day of {@code HH:mm[:ss[.fraction]]}.
   *
   * @throws IllegalArgumentException when the text is not such a time
   */
  public static long parseTime(String text) {
    Cursor c = new Cursor(text.trim());
    long millis = c.time("expected a time like '12:00:01.5'");
    if (!c.atEnd()) {
      throw c.fail("expected a time like '12:00:01.5'");
    }
    return millis;
  }

  private static boolean isInteger(String s) {
    int start = s.startsWith("-") ? 1 : 0;
    if (s.length() == start) {
      return false;
    }
    for (int i = start; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch < '0' || ch > '9') {
        return false;
      }
    }
    return true;
  }

  /** Read position in the text being parsed. */
  private static final class Cursor {
    private final String s;
    private int pos;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return pos >= s.length();
    }

    char next() {
      return s.charAt(pos++);
    }

    boolean peek(char ch) {
      return pos < s.length() && s.charAt(pos) == ch;
    }

    IllegalArgumentException fail(String expected) {
      return new IllegalArgumentException(expected);
    }

    int digits(int count, String expected) {
      if (pos + count > s.length()) {
        throw fail(expected);
      }
      int value = 0;
      for (int i = 0; i < count; i++) {
        char ch = s.charAt(pos++);
        if (ch < '0' || ch > '9') {
          throw fail(expected);
        }
        value = value * 10 + (ch - '0');
      }
      return value;
    }

    void expect(char ch, String expected) {
      if (!peek(ch)) {
        throw fail(expected);
      }
      pos++;
    }

    long date(String expected) {
      int year = digits(4, expected);
      expect('-', expected);
      int month = digits(2, expected);
      expect('-', expected);
      int day = digits(2, expected);
      if (month >= 1 && month <= 12 && day >= 1 && day <= ByteParsers.daysInMonth(year, month)) {
        return ByteParsers.epochDay(year, month, day);
      }
      try {
        // only for its wording of what is wrong, e.g. "Invalid date 'FEBRUARY 30'"
        return LocalDate.of(year, month, day).toEpochDay();
      } catch (DateTimeException e) {
        throw fail("invalid date: " + e.getMessage());
      }
    }

    long time(String expected) {
      int hour = digits(2, expected);
      expect(':', expected);
      int minute = digits(2, expected);
      int second = 0;
      int millis = 0;
      if (peek(':')) {
        pos++;
        second = digits(2, expected);
        if (peek('.')) {
          pos++;
          millis = fractionMillis(expected);
        }
      }
      if (hour > 23 || minute > 59 || second > 59) {
        throw fail("invalid time of day");
      }
      return ((hour * 60L + minute) * 60L + second) * 1000L + millis;
    }

    private int fractionMillis(String expected) {
      int start = pos;
      int millis = 0;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        if (pos - start < 3) {
          millis = millis * 10 + (s.charAt(pos) - '0');
        }
        pos++;
      }
      int count = pos - start;
      if (count == 0 || count > 9) {
        throw fail(expected);
      }
      for (int i = count; i < 3; i++) {
        millis *= 10;
      }
      return millis;
    }

    /** Zone offset in millis: {@code Z}, {@code ±HH}, {@code ±HHmm} or {@code ±HH:mm}. */
    long offset(String expected) {
      char sign = next();
      if (sign == 'Z' || sign == 'z') {
        return 0;
      }
      if (sign != '+' && sign != '-') {
        throw fail(expected);
      }
      int hours = digits(2, expected);
      int minutes = 0;
      if (peek(':')) {
        pos++;
        minutes = digits(2, expected);
      } else if (!atEnd()) {
        minutes = digits(2, expected);
      }
      if (hours > 18 || minutes > 59) {
        throw fail("invalid zone offset");
      }
      long millis = (hours * 60L + minutes) * 60_000L;
      return sign == '-' ? -millis : millis;
    }
  }
}
