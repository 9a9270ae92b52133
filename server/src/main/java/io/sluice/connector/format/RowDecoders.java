package io.sluice.connector.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Picks the {@link RowDecoder} for a {@code format} option. */
public final class RowDecoders {
  /** Formats {@link #forFormat} accepts, for error messages. */
  public static final List<String> SUPPORTED_FORMATS = List.of("json", "csv");

  private RowDecoders() {}

  /**
   * A decoder of {@code format} (case-insensitive) into {@code columns}, configured by the format's
   * options (e.g. {@code csv.delimiter}).
   *
   * @throws IllegalArgumentException for an unknown format or an invalid format option
   */
  public static RowDecoder forFormat(
      String format, List<Column> columns, Map<String, String> options) {
    requireNonNull(format, "format is null");
    requireNonNull(columns, "columns is null");
    requireNonNull(options, "options is null");
    switch (format.trim().toLowerCase(Locale.ROOT)) {
      case "json":
        return NotNullCheckingDecoder.wrap(new JsonRowDecoder(columns), columns);
      case "csv":
        return NotNullCheckingDecoder.wrap(new CsvRowDecoder(columns, options), columns);
      default:
        throw new IllegalArgumentException(
            "Unsupported format '"
                + format
                + "'; supported formats: "
                + String.join(", ", SUPPORTED_FORMATS));
    }
  }
}
