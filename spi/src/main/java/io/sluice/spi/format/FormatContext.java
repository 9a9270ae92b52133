package io.sluice.spi.format;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * What a format is made for: the relation or sink it reads or writes (for messages), its columns,
 * its WITH options (the format's own, e.g. {@code csv.delimiter}, among the connector's) and the
 * columns a reader's rows are read for ({@code projection}, declared positions): a decoder may
 * leave the others' values unbuilt (but still checks them), since nothing reads them.
 */
public record FormatContext(
    String relationName,
    List<Column> columns,
    Map<String, String> options,
    List<Integer> projection) {
  public FormatContext {
    requireNonNull(relationName, "relationName is null");
    columns = List.copyOf(columns);
    options = Map.copyOf(options);
    projection = List.copyOf(projection);
  }

  /** A context whose rows are read for all their columns. */
  public FormatContext(String relationName, List<Column> columns, Map<String, String> options) {
    this(relationName, columns, options, IntStream.range(0, columns.size()).boxed().toList());
  }
}
