package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.sluice.error.SluiceErrors;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.ChronoField;
import java.util.Locale;

/**
 * The runtime of Sluice's Flink-compatible date-time functions, called by the generated expression
 * code. Any NULL argument gives NULL, as in Flink. A TIMESTAMP arrives as its epoch milliseconds (a
 * timestamp without time zone, read as UTC).
 */
public final class DateTimeFunctions {
  // The pattern is nearly always a literal: parse it once, not once per row.
  private static final LoadingCache<String, DateTimeFormatter> FORMATTERS =
      Caffeine.newBuilder().maximumSize(1_000).build(DateTimeFunctions::formatter);

  private static final LoadingCache<String, DateTimeFormatter> PARSERS =
      Caffeine.newBuilder().maximumSize(1_000).build(DateTimeFunctions::parser);

  // Flink's default: date and time, the fraction optional
  private static final DateTimeFormatter DEFAULT_TIMESTAMP =
      defaults(
          new DateTimeFormatterBuilder()
              .appendPattern("uuuu-MM-dd HH:mm:ss")
              .optionalStart()
              .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
              .optionalEnd());

  private DateTimeFunctions() {}

  /**
   * {@code DATE_FORMAT(timestamp, pattern)}: the timestamp as text in the pattern's form ({@code
   * 'yyyy-MM-dd HH:mm:ss'}: Java's date-time pattern letters, as Flink's).
   */
  public static String dateFormat(Long millis, String pattern) {
    if (millis == null || pattern == null) {
      return null;
    }
    LocalDateTime time =
        LocalDateTime.ofEpochSecond(
            Math.floorDiv(millis, 1000L),
            (int) Math.floorMod(millis, 1000L) * 1_000_000,
            ZoneOffset.UTC);
    return FORMATTERS.get(pattern).format(time);
  }

  /**
   * {@code TO_TIMESTAMP(text [, pattern])}: the TIMESTAMP(3) {@code text} spells in the pattern's
   * form (default {@code 'yyyy-MM-dd HH:mm:ss'}, with an optional fraction), as epoch millis;
   * fields the pattern lacks are their least (a date alone is its midnight). NULL when the text
   * does not match, as in Flink.
   */
  public static Long toTimestamp(String text) {
    return text == null ? null : parse(text, DEFAULT_TIMESTAMP);
  }

  /** {@code TO_TIMESTAMP(text, pattern)}: see {@link #toTimestamp(String)}. */
  public static Long toTimestamp(String text, String pattern) {
    if (text == null || pattern == null) {
      return null;
    }
    return parse(text, PARSERS.get(pattern));
  }

  /**
   * {@code FROM_UNIXTIME(seconds [, pattern])}: epoch seconds as text in the pattern's form
   * (default {@code 'yyyy-MM-dd HH:mm:ss'}), in UTC.
   */
  public static String fromUnixtime(Long seconds) {
    return fromUnixtime(seconds, "yyyy-MM-dd HH:mm:ss");
  }

  /** {@code FROM_UNIXTIME(seconds, pattern)}: see {@link #fromUnixtime(Long)}. */
  public static String fromUnixtime(Long seconds, String pattern) {
    if (seconds == null || pattern == null) {
      return null;
    }
    return dateFormat(Math.multiplyExact(seconds, 1000L), pattern);
  }

  private static Long parse(String text, DateTimeFormatter parser) {
    try {
      return LocalDateTime.parse(text.strip(), parser).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static DateTimeFormatter formatter(String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidDateTimePattern("DATE_FORMAT", pattern, e.getMessage());
    }
  }

  /** A parser of {@code pattern} whose missing time fields default to their least. */
  private static DateTimeFormatter parser(String pattern) {
    DateTimeFormatterBuilder builder = new DateTimeFormatterBuilder();
    try {
      builder.appendPattern(pattern);
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidDateTimePattern("TO_TIMESTAMP", pattern, e.getMessage());
    }
    return defaults(builder);
  }

  private static DateTimeFormatter defaults(DateTimeFormatterBuilder builder) {
    // STRICT rejects 2026-02-30 instead of moving it; 'yyyy' is a year of the era, AD unless said
    return builder
        .parseDefaulting(ChronoField.ERA, 1)
        .parseDefaulting(ChronoField.MONTH_OF_YEAR, 1)
        .parseDefaulting(ChronoField.DAY_OF_MONTH, 1)
        .parseDefaulting(ChronoField.HOUR_OF_DAY, 0)
        .parseDefaulting(ChronoField.MINUTE_OF_HOUR, 0)
        .parseDefaulting(ChronoField.SECOND_OF_MINUTE, 0)
        .toFormatter(Locale.ROOT)
        .withResolverStyle(ResolverStyle.STRICT)
        .withChronology(IsoChronology.INSTANCE);
  }
}
