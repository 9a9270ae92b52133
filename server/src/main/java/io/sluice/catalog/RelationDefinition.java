package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import io.sluice.spi.type.Column;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A stream or table as declared by DDL: what the catalog persists.
 *
 * @param watermark null when the stream declares none (and always for tables)
 * @param ddl the statement that created it, shown by DESCRIBE and kept for diagnostics
 * @param createdBy the user who created it: a materialized view's shows as its query's {@code
 *     started_by}; null for other kinds and for views created before users were recorded
 */
public record RelationDefinition(
    String name,
    RelationKind kind,
    List<Column> columns,
    List<String> primaryKey,
    WatermarkSpec watermark,
    Map<String, String> options,
    String ddl,
    String createdBy) {
  public RelationDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    options = Map.copyOf(options);
    requireNonNull(ddl, "ddl is null");
  }

  public Optional<WatermarkSpec> watermarkSpec() {
    return Optional.ofNullable(watermark);
  }

  /** The value of the 'connector' option, e.g. files, datagen. */
  public String connector() {
    return options.getOrDefault("connector", "");
  }
}
