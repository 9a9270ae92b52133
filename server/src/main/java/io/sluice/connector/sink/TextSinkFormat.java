package io.sluice.connector.sink;

import io.sluice.exec.batch.Batch;
import io.sluice.exec.batch.ColumnType;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * A line-oriented text format (JSON lines, CSV without header): a file is its records one after
 * another, so files merge by concatenation.
 */
abstract class TextSinkFormat implements SinkFormat {
  private static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
  private static final DateTimeFormatter TIME_OF_DAY = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

  /** The records of {@code rows} as UTF-8 text, each ending with a newline. */
  abstract byte[] encode(Batch rows) throws IOException;

  @Override public final void write(Batch rows, Path file) throws IOException {
    Files.write(file, encode(rows));
  }

  @Override public final void merge(List<Path> parts, Path file) throws IOException {
    try (OutputStream out = Files.newOutputStream(file)) {
      for (Path part : parts) {
        Files.copy(part, out);
      }
    }
  }

  static boolean isIntegral(ColumnType type) {
    return type == ColumnType.TINYINT || type == ColumnType.SMALLINT
        || type == ColumnType.INTEGER || type == ColumnType.BIGINT;
  }

  /** Text form the files source reads back: SQL timestamps, ISO dates and times. */
  static String text(ColumnType type, Object value) {
    switch (type) {
      case TIMESTAMP:
        long millis = (Long) value;
        LocalDateTime time = LocalDateTime.ofEpochSecond(Math.floorDiv(millis, 1000),
            (int) Math.floorMod(millis, 1000) * 1_000_000, ZoneOffset.UTC);
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
