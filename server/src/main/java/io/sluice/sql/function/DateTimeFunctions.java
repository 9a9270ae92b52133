package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.sluice.error.SluiceErrors;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.sql.Timestamp;
import java.text.ParseException;
import java.text.SimpleDateFormat;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.Locale;
import java.util.TimeZone;

/**
 * The runtime of Sluice's Flink-compatible date-time functions, called by the generated expression
 * code. Any NULL argument gives NULL, as in Flink. A TIMESTAMP arrives as its epoch milliseconds (a
 * timestamp without time zone, read as UTC).
 */
public final class DateTimeFunctions {
  private static final String DEFAULT_PATTERN = "yyyy-MM-dd HH:mm:ss";

  /** TO_TIMESTAMP_LTZ's default form of a time, as Flink's. */
  private static final String LTZ_PATTERN = "yyyy-MM-dd HH:mm:ss.SSS";

  private static final Cache<String, ZoneId> ZONES =
      Caffeine.newBuilder().maximumSize(1_000).build();

  // The pattern is nearly always a literal: parse it once, not once per row.
  private static final Cache<String, DateTimeFormatter> FORMATTERS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  // Flink reads and writes text through SimpleDateFormat in UNIX_TIMESTAMP and DATE_FORMAT of a
  // string (lenient, the text's prefix), so Sluice does too. Not thread-safe: each use clones one.
  private static final Cache<String, SimpleDateFormat> SIMPLE_FORMATS =
      Caffeine.newBuilder().maximumSize(1_000).build();

  /** The range of TIMESTAMP_LTZ in Flink: 0000-01-01 00:00:00 to 9999-12-31 23:59:59.999. */
  private static final long MIN_MILLIS = -62_167_219_200_000L;

  private static final long MAX_MILLIS = 253_402_300_799_999L;

  /** The same range in whole seconds, which Flink checks epoch seconds against. */
  private static final long MIN_SECONDS = -62_167_219_200L;

  private static final long MAX_SECONDS = 253_402_300_799L;

  private DateTimeFunctions() {}

  /**
   * {@code DATE_FORMAT(timestamp | text, pattern)}: the timestamp as text in the pattern's form
   * ({@code 'yyyy-MM-dd HH:mm:ss'}: Java's date-time pattern letters, as Flink's; zone letters
   * print UTC). Text is read as a {@code 'yyyy-MM-dd HH:mm:ss'} timestamp first, as Flink reads it
   * (SimpleDateFormat, leniently: what follows the seconds is ignored, Feb 30 is Mar 2); NULL when
   * it does not start with one.
   */
  public static String dateFormat(Object value, String pattern) {
    if (value == null || pattern == null) {
      return null;
    }
    if (value instanceof String text) {
      try {
        return simpleFormat(pattern, "DATE_FORMAT")
            .format(simpleFormat(DEFAULT_PATTERN, "DATE_FORMAT").parse(text));
      } catch (ParseException e) {
        return null;
      }
    }
    return format((Long) value, pattern, "DATE_FORMAT");
  }

  /** {@code UNIX_TIMESTAMP()}: the current time in seconds since 1970-01-01 00:00:00 UTC. */
  public static Long unixTimestamp() {
    return System.currentTimeMillis() / 1000;
  }

  /** {@code UNIX_TIMESTAMP(text)}: see {@link #unixTimestamp(String, String)}. */
  public static Long unixTimestamp(String text) {
    return unixTimestamp(text, DEFAULT_PATTERN);
  }

  /**
   * {@code UNIX_TIMESTAMP(text, pattern)}, as Flink's: the seconds since 1970-01-01 00:00:00 UTC of
   * the time {@code text} starts with in the pattern's form (default {@code 'yyyy-MM-dd
   * HH:mm:ss'}), read in UTC (Sluice's session time zone) unless the text gives its zone;
   * -9223372036854775808 (Long.MIN_VALUE, Flink's answer) when it does not read.
   */
  public static Long unixTimestamp(String text, String pattern) {
    if (text == null || pattern == null) {
      return null;
    }
    try {
      // toward zero, as Flink divides: a time 0.5 s before 1970 is second 0
      return simpleFormat(pattern, "UNIX_TIMESTAMP").parse(text).getTime() / 1000;
    } catch (ParseException e) {
      return Long.MIN_VALUE;
    }
  }

  /**
   * {@code TO_TIMESTAMP_LTZ(epoch)}: epoch milliseconds; {@code TO_TIMESTAMP_LTZ(text)}: text in
   * the form {@code yyyy-MM-dd HH:mm:ss.SSS} in UTC. See {@link #toTimestampLtz(Object, Object)}.
   */
  public static Long toTimestampLtz(Object epochOrText) {
    return epochOrText instanceof String text
        ? toTimestampLtz(text, LTZ_PATTERN, "UTC")
        : toTimestampLtz(epochOrText, (Object) 3L);
  }

  /**
   * {@code TO_TIMESTAMP_LTZ(epoch, precision)} (see {@link #epochToTimestampLtz}) or {@code
   * TO_TIMESTAMP_LTZ(text, pattern)}: text in the pattern's form, in UTC (see {@link
   * #toTimestampLtz(String, String, String)}). The validator lets only these two pairs through.
   */
  public static Long toTimestampLtz(Object epochOrText, Object precisionOrPattern) {
    if (epochOrText == null || precisionOrPattern == null) {
      return null;
    }
    if (epochOrText instanceof String text) {
      return toTimestampLtz(text, (String) precisionOrPattern, "UTC");
    }
    return epochToTimestampLtz(epochOrText, ((Number) precisionOrPattern).longValue());
  }

  /**
   * {@code TO_TIMESTAMP_LTZ(text, pattern, zone)}, as Flink's: the instant {@code text} spells in
   * the pattern's form (read as {@code TO_TIMESTAMP} reads it) as a wall-clock time in {@code
   * zone}; as a TIMESTAMP(3) in UTC, Sluice's time zone. NULL when the text spells no time or the
   * instant is outside the years 0000 to 9999; an unknown zone fails the query.
   */
  public static Long toTimestampLtz(String text, String pattern, String zone) {
    if (text == null || pattern == null || zone == null) {
      return null;
    }
    ZoneId zoneId = zone(zone);
    LocalDateTime time = localTime(text, pattern, "TO_TIMESTAMP_LTZ");
    if (time == null) {
      return null;
    }
    long millis = time.atZone(zoneId).toInstant().toEpochMilli();
    return millis < MIN_MILLIS || millis > MAX_MILLIS ? null : millis;
  }

  private static ZoneId zone(String zone) {
    try {
      return ZONES.get(zone, ZoneId::of);
    } catch (DateTimeException e) {
      throw SluiceErrors.invalidFunctionArgument(
          "TO_TIMESTAMP_LTZ",
          "time zone '" + zone + "'",
          "a zone such as 'UTC', '+08:00' or 'Asia/Shanghai' expected");
    }
  }

  /**
   * {@code TO_TIMESTAMP_LTZ(epoch, precision)}: the instant {@code epoch} seconds (precision 0) or
   * milliseconds (precision 3) after 1970-01-01 00:00:00 UTC, as epoch millis; NULL outside years
   * 0000 to 9999, as Flink's. A fraction is cut as Flink cuts it: milliseconds to whole ones,
   * seconds of a DECIMAL to whole ones, seconds of a DOUBLE to milliseconds.
   */
  private static Long epochToTimestampLtz(Object epoch, Long precision) {
    if (epoch == null || precision == null) {
      return null;
    }
    if (precision != 0 && precision != 3) {
      throw SluiceErrors.invalidFunctionArgument(
          "TO_TIMESTAMP_LTZ",
          "precision " + precision,
          "0 (epoch seconds) or 3 (epoch milliseconds) expected");
    }
    BigDecimal millis;
    if (epoch instanceof Double || epoch instanceof Float) {
      double value = ((Number) epoch).doubleValue();
      if (precision == 0 && !(value >= MIN_SECONDS && value <= MAX_SECONDS)) {
        return null;
      }
      // (long) of NaN is 0, as in Flink
      millis = BigDecimal.valueOf(precision == 0 ? (long) (value * 1000) : (long) value);
    } else {
      BigDecimal value =
          epoch instanceof BigDecimal decimal
              ? decimal
              : BigDecimal.valueOf(((Number) epoch).longValue());
      BigDecimal whole = value.setScale(0, RoundingMode.DOWN);
      millis = precision == 0 ? whole.scaleByPowerOfTen(3) : whole;
    }
    if (millis.compareTo(BigDecimal.valueOf(MIN_MILLIS)) < 0
        || millis.compareTo(BigDecimal.valueOf(MAX_MILLIS)) > 0) {
      return null;
    }
    return millis.longValueExact();
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
    LocalDateTime time = localTime(text, pattern, "TO_TIMESTAMP");
    return time == null ? null : time.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /** The wall-clock time {@code text} spells, read as {@link #toTimestamp(String, String)} does. */
  private static LocalDateTime localTime(String text, String pattern, String function) {
    LocalDateTime time;
    try {
      TemporalAccessor parsed = formatter(pattern, function).parse(text);
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
    return time;
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

  private static SimpleDateFormat simpleFormat(String pattern, String function) {
    SimpleDateFormat prototype =
        SIMPLE_FORMATS.get(
            pattern,
            p -> {
              try {
                SimpleDateFormat format = new SimpleDateFormat(p, Locale.ROOT);
                format.setTimeZone(TimeZone.getTimeZone(ZoneOffset.UTC));
                return format;
              } catch (IllegalArgumentException e) {
                throw SluiceErrors.invalidDateTimePattern(function, p, e.getMessage());
              }
            });
    return (SimpleDateFormat) prototype.clone();
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
