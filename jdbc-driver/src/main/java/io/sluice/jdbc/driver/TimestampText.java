package io.sluice.jdbc.driver;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The text of a TIMESTAMP value outside years 0 to 9999, which Avatica's own formatting garbles (it
 * writes the year as exactly four digits, so 2 BC comes out as {@code 000/}): the proleptic year
 * with its sign, in Avatica's layout otherwise ({@code yyyy-MM-dd HH:mm:ss} and the column's
 * fraction digits).
 */
final class TimestampText {
  /** Epoch millis of 0000-01-01 00:00:00 and of 10000-01-01 00:00:00 (UTC). */
  private static final long FIRST_FOUR_DIGIT_YEAR = -62_167_219_200_000L;

  private static final long FIRST_FIVE_DIGIT_YEAR = 253_402_300_800_000L;

  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

  private TimestampText() {}

  /** Whether Avatica prints {@code millis} correctly itself. */
  static boolean avaticaPrints(long millis) {
    return millis >= FIRST_FOUR_DIGIT_YEAR && millis < FIRST_FIVE_DIGIT_YEAR;
  }

  /**
   * {@code millis} since the epoch (UTC) as text with {@code precision} fraction digits (as Avatica
   * pads them), e.g. {@code -0001-01-01 00:00:00.000}.
   */
  static String of(long millis, int precision) {
    StringBuilder text =
        new StringBuilder(
            FORMAT.format(
                LocalDateTime.ofEpochSecond(
                    Math.floorDiv(millis, 1000L),
                    (int) Math.floorMod(millis, 1000L) * 1_000_000,
                    ZoneOffset.UTC)));
    if (precision > 0) {
      String fraction = String.format(Locale.ROOT, "%03d", Math.floorMod(millis, 1000L));
      text.append('.');
      for (int i = 0; i < precision; i++) {
        text.append(i < 3 ? fraction.charAt(i) : '0');
      }
    }
    return text.toString();
  }
}
