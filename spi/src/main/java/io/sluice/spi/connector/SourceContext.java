package io.sluice.spi.connector;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Everything a connector needs to open a source for one query.
 *
 * @param relationName the stream or table name, for error messages
 * @param columns declared columns, in order
 * @param options the WITH options (never logged: they may hold secrets)
 * @param workingDirectory directory relative paths in options resolve against
 * @param metrics counters the source updates
 * @param deadLetters where records go under {@code 'on-error' = 'dead-letter'}
 * @param projection declared positions of the columns the query reads, in the order its batches
 *     hold them (see the connector factories)
 */
public record SourceContext(
    String relationName,
    List<Column> columns,
    Map<String, String> options,
    Path workingDirectory,
    SourceMetrics metrics,
    DeadLetters deadLetters,
    List<Integer> projection) {
  public static final String ON_ERROR_OPTION = "on-error";

  public SourceContext {
    requireNonNull(relationName, "relationName is null");
    columns = List.copyOf(columns);
    options = Map.copyOf(options);
    requireNonNull(workingDirectory, "workingDirectory is null");
    requireNonNull(metrics, "metrics is null");
    requireNonNull(deadLetters, "deadLetters is null");
    projection = List.copyOf(projection);
    for (int column : projection) {
      if (column < 0 || column >= columns.size()) {
        throw new IllegalArgumentException("No column " + column + " in '" + relationName + "'");
      }
    }
  }

  /** A context reading every declared column. */
  public SourceContext(
      String relationName,
      List<Column> columns,
      Map<String, String> options,
      Path workingDirectory,
      SourceMetrics metrics,
      DeadLetters deadLetters) {
    this(relationName, columns, options, workingDirectory, metrics, deadLetters, allOf(columns));
  }

  /** A context reading every column, whose dead letters go nowhere: for sinks and option checks. */
  public SourceContext(
      String relationName,
      List<Column> columns,
      Map<String, String> options,
      Path workingDirectory,
      SourceMetrics metrics) {
    this(relationName, columns, options, workingDirectory, metrics, DeadLetters.NONE);
  }

  /** This context reading only {@code projection} (declared positions, in output order). */
  public SourceContext withProjection(List<Integer> projection) {
    return new SourceContext(
        relationName, columns, options, workingDirectory, metrics, deadLetters, projection);
  }

  /** The columns the query reads, in the order its batches hold them. */
  public List<Column> projectedColumns() {
    List<Column> read = new ArrayList<>(projection.size());
    for (int column : projection) {
      read.add(columns.get(column));
    }
    return read;
  }

  /** Option value, or {@code defaultValue} when absent. */
  public String option(String key, String defaultValue) {
    return options.getOrDefault(key, defaultValue);
  }

  /** Option value; fails with a message naming the relation when absent. */
  public String requiredOption(String key) {
    String value = options.get(key);
    if (value == null) {
      throw new IllegalArgumentException(
          "Missing required option '" + key + "' in WITH clause of '" + relationName + "'");
    }
    return value;
  }

  public OnErrorPolicy onErrorPolicy() {
    return OnErrorPolicy.fromOption(option(ON_ERROR_OPTION, "skip"));
  }

  private static List<Integer> allOf(List<Column> columns) {
    List<Integer> all = new ArrayList<>(columns.size());
    for (int i = 0; i < columns.size(); i++) {
      all.add(i);
    }
    return all;
  }
}
