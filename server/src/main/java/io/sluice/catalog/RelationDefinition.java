package io.sluice.catalog;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.sluice.spi.type.Column;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A stream or table as declared by DDL: what the catalog persists.
 *
 * @param columns every column, in declared order, computed ones included
 * @param watermark null when the stream declares none (and always for tables)
 * @param ddl the statement that created it, shown by DESCRIBE and kept for diagnostics
 * @param computedColumns the columns of {@code columns} computed when read ({@code pt AS
 *     PROCTIME()}) rather than read from the source; empty when none (and in catalogs written
 *     before they existed)
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
    List<ComputedColumn> computedColumns,
    String createdBy) {
  /**
   * Option of a materialized view: {@code true} when its query updates or deletes rows it emitted,
   * so a query following the view (SELECT STREAM) reads a changelog (+I, -U, +U, -D), not inserts.
   * Views created before it existed read as inserts.
   */
  public static final String VIEW_UPDATING_OPTION = "updating";

  @JsonCreator
  public RelationDefinition {
    requireNonNull(name, "name is null");
    requireNonNull(kind, "kind is null");
    columns = List.copyOf(columns);
    primaryKey = List.copyOf(primaryKey);
    options = Map.copyOf(options);
    requireNonNull(ddl, "ddl is null");
    computedColumns = computedColumns == null ? List.of() : List.copyOf(computedColumns);
  }

  /** A relation without computed columns, its creator not recorded. */
  public RelationDefinition(
      String name,
      RelationKind kind,
      List<Column> columns,
      List<String> primaryKey,
      WatermarkSpec watermark,
      Map<String, String> options,
      String ddl) {
    this(name, kind, columns, primaryKey, watermark, options, ddl, List.of(), null);
  }

  /** A relation without computed columns, created by {@code createdBy}. */
  public RelationDefinition(
      String name,
      RelationKind kind,
      List<Column> columns,
      List<String> primaryKey,
      WatermarkSpec watermark,
      Map<String, String> options,
      String ddl,
      String createdBy) {
    this(name, kind, columns, primaryKey, watermark, options, ddl, List.of(), createdBy);
  }

  /** A relation with computed columns, its creator not recorded. */
  public RelationDefinition(
      String name,
      RelationKind kind,
      List<Column> columns,
      List<String> primaryKey,
      WatermarkSpec watermark,
      Map<String, String> options,
      String ddl,
      List<ComputedColumn> computedColumns) {
    this(name, kind, columns, primaryKey, watermark, options, ddl, computedColumns, null);
  }

  public Optional<WatermarkSpec> watermarkSpec() {
    return Optional.ofNullable(watermark);
  }

  /** The value of the 'connector' option, e.g. files, datagen. */
  public String connector() {
    return options.getOrDefault("connector", "");
  }

  /** The computed column named {@code column} (any case), if it is one. */
  public Optional<ComputedColumn> computed(String column) {
    return computedColumns.stream()
        .filter(c -> c.name().toLowerCase(Locale.ROOT).equals(column.toLowerCase(Locale.ROOT)))
        .findFirst();
  }

  /**
   * This relation as its source reads it: without its computed columns. The relation itself when it
   * has none.
   */
  public RelationDefinition physical() {
    if (computedColumns.isEmpty()) {
      return this;
    }
    List<Column> stored = new ArrayList<>();
    for (Column column : columns) {
      if (computed(column.name()).isEmpty()) {
        stored.add(column);
      }
    }
    return new RelationDefinition(
        name, kind, stored, primaryKey, watermark, options, ddl, List.of(), createdBy);
  }
}
