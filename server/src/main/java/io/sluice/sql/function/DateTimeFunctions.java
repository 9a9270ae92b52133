package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.error.SluiceErrors;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;

/**
 * The runtime of Sluice's Flink-compatible date-time functions, called by the generated expression
 * code. Any NULL argument gives NULL, as in Flink. A TIMESTAMP arrives as its epoch milliseconds (a
 * timestamp without time zone, read as UTC).
 */
public final class DateTimeFunctions {
  private static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";

  // The pattern is nearly always a literal: parse it once, not once per row.
  private static final Cache<String, DateTimeFormatter> FORMATTERS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  private DateTimeFunctions() {}

  /**
   * {@code DATE_FORMAT(timestamp, pattern)}: the timestamp as text in the pattern's form ({@code
   * 'yyyy-MM-dd HH:mm:ss'}: Java's date-time pattern letters, as Flink's; zone letters print UTC).
   */
  public static String dateFormat(Long millis, String pattern) {
    if (millis == null || pattern == null) {
      return null;
    }
    return format(millis, pattern, "DATE_FORMAT");
  }

  /**
   * {@code FROM_UNIXTIME(seconds [, pattern])}: epoch seconds as text in the pattern's form
   * (default {@code 'yyyy-MM-dd HH:mm:ss'}), in UTC; NULL for seconds no timestamp holds.
   */
  public static String fromUnixtime(Long seconds) {
    return fromUnixtime(seconds, DEFAULT_PATTERN);
  }

  /** {@code FROM_UNIXTIME(seconds, pattern)}: see {@link #fromUnixtime(Long)}. */
  public static String fromUnixtime(Long seconds, String pattern) {
    if (seconds == null || pattern == null) {
      return null;
    }
    long millis;
    try {
      millis = Math.multiplyExact(seconds, 1000L);
    } catch (ArithmeticException e) {
      return null;
    }
    return format(millis, pattern, "FROM_UNIXTIME");
  }

  /**
   * {@code TO_TIMESTAMP(text)}: the TIMESTAMP(3) {@code text} spells as {@code yyyy-MM-dd
   * HH:mm:ss[.fraction]} or {@code yyyy-MM-dd} (single-digit fields too), as epoch millis; NULL
   * when it spells none, as in Flink.
   */
  public static Long toTimestamp(String text) {
    return toTimestamp(text, DEFAULT_PATTERN);
  }

  /**
   * {@code TO_TIMESTAMP(text, pattern)}: as Flink's: the text read in the pattern's form, fields it
   * lacks completed (year 1970, month and day 1, the time 0); text the pattern does not read is
   * tried as {@code yyyy-MM-dd[ HH:mm:ss[.fraction]]}; NULL when neither reads it.
   */
  public static Long toTimestamp(String text, String pattern) {
    if (text == null || pattern == null) {
      return null;
    }
    LocalDateTime time;
    try {
      TemporalAccessor parsed = formatter(pattern, "TO_TIMESTAMP").parse(text);
      time =
          LocalDateTime.of(
              field(parsed, ChronoField.YEAR, 1970),
              field(parsed, ChronoField.MONTH_OF_YEAR, 1),
              field(parsed, ChronoField.DAY_OF_MONTH, 1),
              field(parsed, ChronoField.HOUR_OF_DAY, 0),
              field(parsed, ChronoField.MINUTE_OF_HOUR, 0),
              field(parsed, ChronoField.SECOND_OF_MINUTE, 0),
              field(parsed, ChronoField.NANO_OF_SECOND, 0));
    } catch (DateTimeException e) {
      time = fallback(text.strip());
    }
    return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /**
   * {@code TO_DATE(text [, pattern])}: the DATE {@code text} spells in the pattern's form (default
   * {@code 'yyyy-MM-dd'}), as days since 1970-01-01; fields it lacks completed as for {@link
   * #toTimestamp(String, String)}, text it cannot read tried as {@code yyyy-MM-dd}; NULL when
   * neither reads it.
   */
  public static Integer toDate(String text) {
    return toDate(text, "yyyy-MM-dd");
  }

  /** {@code TO_DATE(text, pattern)}: see {@link #toDate(String)}. */
  public static Integer toDate(String text, String pattern) {
    Long millis = toTimestamp(text, pattern);
    return millis == null ? null : (int) Math.floorDiv(millis, 86_400_000L);
  }

  /** Flink's second try: JDBC's timestamp or date escape forms, a 'T' read as a space. */
  private static LocalDateTime fallback(String text) {
    try {
      String spaced = text.replace('T', ' ');
      return spaced.indexOf(' ') >= 0
          ? Timestamp.valueOf(spaced).toLocalDateTime()
          : LocalDateTime.of(Date.valueOf(spaced).toLocalDate(), LocalTime.MIDNIGHT);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static int field(TemporalAccessor parsed, ChronoField field, int absent) {
    return parsed.isSupported(field) ? parsed.get(field) : absent;
  }

  private static String format(long millis, String pattern, String function) {
    Instant instant = Instant.ofEpochMilli(millis);
    try {
      return formatter(pattern, function).format(instant.atZone(ZoneOffset.UTC));
    } catch (DateTimeException e) {
      // a year past 999999999, say
      return null;
    }
  }

  private static DateTimeFormatter formatter(String pattern, String function) {
    return FORMATTERS.get(
        pattern,
        p -> {
          try {
            return DateTimeFormatter.ofPattern(p, Locale.ROOT);
          } catch (IllegalArgumentException e) {
            throw SluiceErrors.invalidDateTimePattern(function, p, e.getMessage());
          }
        });
  }
}
