package io.sluice.sql.function;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.LoadingCache;
import io.sluice.error.SluiceErrors;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
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

  private static DateTimeFormatter formatter(String pattern) {
    try {
      return DateTimeFormatter.ofPattern(pattern, Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw SluiceErrors.invalidDateTimePattern("DATE_FORMAT", pattern, e.getMessage());
    }
  }
}
