package io.sluice.spi.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Map;

/**
 * What a format is made for: the relation or sink it reads or writes (for messages), its columns
 * and its WITH options (the format's own, e.g. {@code csv.delimiter}, among the connector's).
 */
public record FormatContext(
    String relationName, List<Column> columns, Map<String, String> options) {
  public FormatContext {
    requireNonNull(relationName, "relationName is null");
    columns = List.copyOf(columns);
    options = Map.copyOf(options);
  }
}
