package io.sluice.exec.codegen;

import org.apache.calcite.avatica.util.DateTimeUtils;
import org.apache.calcite.linq4j.function.Strict;

/**
 * The text of DATE and TIME values cast to VARCHAR, as Calcite writes it, remembering the last
 * value's: rows in event-time order share a day or a second for long runs, so a query grouping by
 * {@code CAST(CAST(ts AS DATE) AS VARCHAR)} (Nexmark q16) gets one string per day instead of one
 * per row, and the group table hashes it once. Generated code calls these for what {@link
 * DateTimeTextRewriter} rewrites.
 */
public final class DateTimeTexts {
  // Immutable entries read and written without a lock: a thread sees some entry a thread stored,
  // whole (final fields), and checks its key before using its text.
  private static Text lastDate = new Text(0, DateTimeUtils.unixDateToString(0));
  private static Text lastTime = new Text(0, DateTimeUtils.unixTimeToString(0));

  private DateTimeTexts() {}

  /** {@code CAST(date AS VARCHAR)}: {@code yyyy-MM-dd} of days since 1970-01-01. */
  @Strict
  public static String dateText(int date) {
    Text last = lastDate;
    if (last.key == date) {
      return last.text;
    }
    String text = DateTimeUtils.unixDateToString(date);
    lastDate = new Text(date, text);
    return text;
  }

  /**
   * {@code CAST(time AS VARCHAR)} of a TIME(0): {@code HH:mm:ss} of milliseconds since midnight,
   * the same for every millisecond of a second.
   */
  @Strict
  public static String timeText(int time) {
    int second = Math.floorDiv(time, 1000);
    Text last = lastTime;
    if (last.key == second) {
      return last.text;
    }
    String text = DateTimeUtils.unixTimeToString(time);
    lastTime = new Text(second, text);
    return text;
  }

  /** A value (or its second) and its text. */
  private static final class Text {
    final int key;
    final String text;

    Text(int key, String text) {
      this.key = key;
      this.text = text;
    }
  }
}
