package io.sluice.connector.format;

import io.sluice.spi.type.ColumnType;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * How sinks write values as text (JSON strings, CSV fields, Kafka records): the forms the files
 * source and the Kafka source read back.
 */
public final class TextValues {
  // "uuuu", the proleptic year: "yyyy" is the year of the era, which prints 1 BC (year 0) as 0001
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  private TextValues() {}

  public static boolean isIntegral(ColumnType type) {
    return type == ColumnType.TINYINT
        || type == ColumnType.SMALLINT
        || type == ColumnType.INTEGER
        || type == ColumnType.BIGINT;
  }

  /** Text form the files source reads back: SQL timestamps, ISO dates and times. */
  public static String text(ColumnType type, Object value) {
    switch (type) {
      case TIMESTAMP:
        long millis = (Long) value;
        LocalDateTime time =
            LocalDateTime.ofEpochSecond(
                Math.floorDiv(millis, 1000),
                (int) Math.floorMod(millis, 1000) * 1_000_000,
                ZoneOffset.UTC);
        return TIMESTAMP.format(time);
      case DATE:
        return LocalDate.ofEpochDay((Long) value).toString();
      case TIME:
        return TIME_OF_DAY.format(LocalTime.ofNanoOfDay((Long) value * 1_000_000));
      case BOOLEAN:
        return String.valueOf(((Long) value) != 0);
      default:
        return value.toString();
    }
  }
}
